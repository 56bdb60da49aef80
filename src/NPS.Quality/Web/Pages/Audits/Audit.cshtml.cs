using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages.Audits;

/// <summary>
/// One audit. Its site's readers see it; auditors act on it: start, record findings, add and complete corrective actions,
/// lift findings, conclude, close. Every form sends the API's command with the audit version the page showed, so a
/// concurrent change is refused exactly as on the API.
/// </summary>
public sealed class AuditModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public AuditView Audit { get; private set; } = null!;
    public Site Site { get; private set; } = null!;
    public IReadOnlyList<Engagement> Engagements { get; private set; } = [];
    public bool CanManage => AccessRules.CanManageAudits(Me);
    public bool CanRequestDossiers => AccessRules.CanGenerateDossiers(Me);

    /// <summary>The dossier shortcut's period: the last complete month before the audit (or before today, for an audit to come).</summary>
    public (DateOnly From, DateOnly To) DossierPeriod
    {
        get
        {
            var before = Audit.PlannedOn < Today ? Audit.PlannedOn : Today;
            var from = new DateOnly(before.Year, before.Month, 1).AddMonths(-1);
            return (from, from.AddMonths(1).AddDays(-1));
        }
    }
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string auditId, CancellationToken ct) => await LoadAsync(auditId, false, ct) ?? Page();

    public Task<IActionResult> OnPostStartAsync(string auditId, int version, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, "Audit démarré.", new StartAudit(version) { AuditId = auditId }, ct);

    public Task<IActionResult> OnPostFindingAsync(string auditId, int version, string? category, string? engagement, string? statement,
        string? evidence, CancellationToken ct)
        => ActAsync<AuditItemCreated>(auditId, "Constat enregistré.",
            new RecordFinding(category, engagement, statement, new Evidence(evidence, null), version) { AuditId = auditId }, ct);

    public Task<IActionResult> OnPostActionAsync(string auditId, string findingId, int version, string? description, string? owner,
        string? dueOn, CancellationToken ct)
        => ActAsync<AuditItemCreated>(auditId, "Action corrective ajoutée.",
            new AddCorrectiveAction(description, owner, Day(dueOn), version) { AuditId = auditId, FindingId = findingId }, ct);

    public Task<IActionResult> OnPostCompleteAsync(string auditId, string findingId, string actionId, int version, string? proof, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, "Action corrective réalisée.",
            new CompleteCorrectiveAction(proof, version) { AuditId = auditId, FindingId = findingId, ActionId = actionId }, ct);

    public Task<IActionResult> OnPostLiftAsync(string auditId, string findingId, int version, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, "Constat levé.", new CloseFinding(version) { AuditId = auditId, FindingId = findingId }, ct);

    public Task<IActionResult> OnPostConcludeAsync(string auditId, int version, string? conclusion, string? statement, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, "Audit conclu.", new ConcludeAudit(conclusion, statement, version) { AuditId = auditId }, ct);

    public Task<IActionResult> OnPostCloseAsync(string auditId, int version, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, "Audit clôturé.", new CloseAudit(version) { AuditId = auditId }, ct);

    private async Task<IActionResult> ActAsync<T>(string auditId, string done, object command, CancellationToken ct) where T : class
    {
        if (await LoadAsync(auditId, write: true, ct) is { } refused) return refused;
        var outcome = await SendAsync<T>(command);
        if (outcome.Succeeded)
        {
            Notice = done;
            return Redirect($"/audits/{auditId}");
        }
        Problem = outcome.Status == StatusCodes.Status409Conflict
            ? "L'audit a été modifié entre-temps par quelqu'un d'autre : la page est rechargée, vérifiez puis recommencez."
            : outcome.Sentence;
        Errors = outcome.Errors;
        Response.StatusCode = outcome.Status;
        // Show the audit as it is now (a conflict means it changed).
        await LoadAsync(auditId, write: true, ct);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string auditId, bool write, CancellationToken ct)
    {
        if (write && !CanManage) return Refused();
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return NotFound();
        if (!AccessRules.CanReadAuditsOf(Me, audit.SiteId)) return Refused();
        var pinned = await catalog.FindAsync(session, audit.Referential, audit.ReferentialVersion, ct);
        Audit = AuditView.From(audit, Today, pinned);
        Engagements = pinned?.Engagements ?? [];
        Site = (await session.LoadAsync<Site>(audit.SiteId, ct))!;
        return null;
    }

    private static DateOnly? Day(string? text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
