using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;

namespace NPS.Quality.Web.Pages;

/// <summary>The signed-in user's e-mail address, weekly reminders and calendar feed (the API's /api/me commands).</summary>
public sealed class RappelsModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public ReminderPreferencesView Preferences { get; private set; } = null!;
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    /// <summary>The new feed URL, shown once right after it is made.</summary>
    public string? NewFeedUrl { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ?? Page();

    public async Task<IActionResult> OnPostAsync(int version, string? email, List<string>? reminders, CancellationToken ct)
    {
        var outcome = await SendAsync<ReminderPreferencesView>(new SetReminderPreferences(email, reminders ?? [], version) { UserId = Me.UserId });
        if (outcome.Succeeded)
        {
            Notice = "Préférences de rappel enregistrées.";
            return Redirect("/rappels");
        }
        Problem = outcome.Status == StatusCodes.Status409Conflict
            ? "Vos préférences ont été modifiées entre-temps (dans un autre onglet ?) : la page est rechargée, recommencez."
            : outcome.Sentence;
        Errors = outcome.Errors;
        Response.StatusCode = outcome.Status;
        return await LoadAsync(ct) ?? Page();
    }

    public async Task<IActionResult> OnPostCalendarAsync(CancellationToken ct)
    {
        var outcome = await SendAsync<CalendarFeedCreated>(new ResetCalendarFeed { UserId = Me.UserId });
        if (await LoadAsync(ct) is { } missing) return missing;
        if (!outcome.Succeeded)
        {
            Show(outcome, (sentence, errors) => (Problem, Errors) = (sentence, errors));
            return Page();
        }
        NewFeedUrl = $"{Request.Scheme}://{Request.Host}{outcome.Value!.Path}";
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken ct)
    {
        var user = await session.LoadAsync<AppUser>(Me.UserId, ct);
        if (user is null) return NotFound();
        Preferences = ReminderPreferencesView.From(user);
        return null;
    }
}
