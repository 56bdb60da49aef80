using System.Globalization;
using Humanizer;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Infrastructure;
using NPS.Quality.Shared;
using Wolverine;

namespace NPS.Quality.Web;

/// <summary>What every page knows: who is signed in (the same <see cref="Caller"/> the API builds), today in Paris.</summary>
public abstract class WebPage(TimeProvider clock) : PageModel
{
    protected TimeProvider Clock => clock;
    public Caller Me => Caller.From(User);
    public DateTimeOffset Now => clock.GetUtcNow();
    public DateOnly Today => AuditCalendar.DateOf(Now);

    /// <summary>The French message shown at the top of the page after a form (post/redirect/get).</summary>
    [TempData] public string? Notice { get; set; }

    /// <summary>A refusal rendered as the French 403 page; nothing of the resource is shown.</summary>
    protected IActionResult Refused() => StatusCode(StatusCodes.Status403Forbidden);

    protected string Who => Me.Name;

    /// <summary>Wolverine's bus for this request, carrying the signed-in user's name into the event metadata.</summary>
    protected IMessageContext Bus
    {
        get
        {
            var bus = HttpContext.RequestServices.GetRequiredService<IMessageContext>();
            bus.UserName = User.Identity?.Name;
            return bus;
        }
    }

    /// <summary>Sends a command as the API does (<see cref="Commands.SendAsync{T}"/>): same handler, transaction, outbox and 409.</summary>
    protected Task<Outcome<T>> SendAsync<T>(object command) where T : class => Bus.SendAsync<T>(command, HttpContext.RequestAborted);

    /// <summary>Shows a refusal on the page: its sentence, its field errors, its status code.</summary>
    protected void Show<T>(Outcome<T> refused, Action<string, IReadOnlyList<FieldError>> show) where T : class
    {
        show(refused.Sentence, refused.Errors);
        Response.StatusCode = refused.Status;
    }
}

/// <summary>
/// Reads what an endpoint method answered when a page calls it directly (the same code as the API, no copy):
/// the value of a 200/201, or the French ProblemDetails and its field errors.
/// </summary>
public static class EndpointAnswer
{
    public static T? Value<T>(IResult result) where T : class => result is IValueHttpResult { Value: T value } ? value : null;

    public static ProblemDetails? Problem(IResult result) => result is ProblemHttpResult p ? p.ProblemDetails : null;

    public static IReadOnlyList<FieldError> Errors(ProblemDetails? problem)
        => problem is not null && problem.Extensions.TryGetValue("errors", out var e) && e is IEnumerable<FieldError> list ? list.ToList() : [];

    /// <summary>One French sentence for the page: the detail, or the title.</summary>
    public static string Sentence(ProblemDetails problem) => problem.Detail ?? problem.Title ?? "Requête refusée.";
}

/// <summary>French formats for the pages: dates, numbers, percentages, durations.</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    // French writes the first of the month as an ordinal: « 1er octobre 2017 ».
    public static string Date(DateOnly d) => d.ToString(d.Day == 1 ? "d'er' MMMM yyyy" : "d MMMM yyyy", Culture);
    public static string Date(DateTimeOffset instant) => Date(AuditCalendar.DateOf(instant));
    public static string DateTime(DateTimeOffset instant)
    {
        var local = AuditCalendar.ParisTime(instant);
        return local.ToString(local.Day == 1 ? "d'er' MMMM yyyy 'à' HH:mm" : "d MMMM yyyy 'à' HH:mm", Culture);
    }
    public static string Short(DateTimeOffset instant) => AuditCalendar.ParisTime(instant).ToString("dd/MM/yyyy HH:mm", Culture);
    public static string Month(DateOnly firstDay) => firstDay.ToString("MMMM yyyy", Culture);
    public static string MonthShort(DateOnly firstDay) => firstDay.ToString("MMM yy", Culture);
    public static string Number(decimal? n) => n is null ? "—" : n.Value.ToString("#,0.##", Culture);
    public static string Number(int n) => n.ToString("#,0", Culture);
    public static string Percent(double? share) => share is null ? "—" : (share.Value * 100).ToString("0.#", Culture) + "\u00a0%";

    /// <summary>"aujourd'hui", "demain", "dans 3 semaines", "il y a 2 jours" (Humanizer, French).</summary>
    public static string Relative(DateOnly date, DateOnly today) => AuditCalendar.Relative(date, today);

    public static string Ago(DateTimeOffset instant, DateTimeOffset now) => instant.Humanize(now, Culture);
}
