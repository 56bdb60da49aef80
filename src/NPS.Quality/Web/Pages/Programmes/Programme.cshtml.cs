using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Programmes;

namespace NPS.Quality.Web.Pages.Programmes;

/// <summary>
/// One programme: the sample with each site's reason, planned month, audit status and lateness. Administrators swap a
/// site (with a reason) and plan the audits, sending the API's commands with the version the page showed.
/// </summary>
public sealed class ProgrammeModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public ProgrammeView Programme { get; private set; } = null!;
    public bool CanManage => AccessRules.CanAdminister(Me);
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string programmeId, CancellationToken ct) => await LoadAsync(programmeId, false, ct) ?? Page();

    public Task<IActionResult> OnPostSwapAsync(string programmeId, int version, string? remove, string? add, string? reason, CancellationToken ct)
        => ActAsync(programmeId, "Site échangé.", new SwapProgrammeSite(remove, add, reason, version) { ProgrammeId = programmeId }, ct);

    public Task<IActionResult> OnPostPlanAsync(string programmeId, int version, string? kind, string? auditors, List<string>? siteIds, List<string>? months,
        CancellationToken ct)
    {
        var sites = (siteIds ?? []).Zip(months ?? []).Where(p => !string.IsNullOrWhiteSpace(p.Second)).Select(p => new SiteMonth(p.First, p.Second)).ToList();
        var names = (auditors ?? "").Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return ActAsync(programmeId, "Audits planifiés.", new PlanProgrammeAudits(kind, names, null, sites, version) { ProgrammeId = programmeId }, ct);
    }

    private async Task<IActionResult> ActAsync(string programmeId, string done, object command, CancellationToken ct)
    {
        if (await LoadAsync(programmeId, write: true, ct) is { } refused) return refused;
        var outcome = await SendAsync<ProgrammeChanged>(command);
        if (outcome.Succeeded)
        {
            Notice = done;
            return Redirect($"/programmes/{programmeId}");
        }
        Problem = outcome.Status == StatusCodes.Status409Conflict
            ? "Le programme a été modifié entre-temps par quelqu'un d'autre : la page est rechargée, vérifiez puis recommencez."
            : outcome.Sentence;
        Errors = outcome.Errors;
        Response.StatusCode = outcome.Status;
        await LoadAsync(programmeId, false, ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string programmeId, bool write, CancellationToken ct)
    {
        if (write ? !CanManage : !AccessRules.SeesEverySite(Me)) return Refused();
        var view = await ProgrammeReads.FindAsync(session, programmeId, Today, ct);
        if (view is null) return NotFound();
        Programme = view;
        return null;
    }
}
