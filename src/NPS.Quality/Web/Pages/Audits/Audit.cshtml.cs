using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages.Audits;

/// <summary>
/// One audit. Its site's readers see it; auditors act on it: start, record findings, add and complete corrective actions,
/// lift findings, conclude, close. Every action calls its endpoint's method with the audit version the page showed, so
/// a concurrent change is refused exactly as on the API.
/// </summary>
public sealed class AuditModel(IDocumentSession session, ReferentialCatalog catalog, IOptions<AuditOptions> options, TimeProvider clock)
    : WebPage(clock)
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
        => ActAsync(auditId, "Audit démarré.", () => StartAuditEndpoint.Post(auditId, new StartAudit(version), session, User, Clock, ct), ct);

    public Task<IActionResult> OnPostFindingAsync(string auditId, int version, string? category, string? engagement, string? statement,
        string? evidence, CancellationToken ct)
        => ActAsync(auditId, "Constat enregistré.", () => RecordFindingEndpoint.Post(auditId,
            new RecordFinding(category, engagement, statement, new Evidence(evidence, null), version), session, User, catalog, Clock, ct), ct);

    public Task<IActionResult> OnPostActionAsync(string auditId, string findingId, int version, string? description, string? owner,
        string? dueOn, CancellationToken ct)
        => ActAsync(auditId, "Action corrective ajoutée.", () => AddCorrectiveActionEndpoint.Post(auditId, findingId,
            new AddCorrectiveAction(description, owner, Day(dueOn), version), session, User, options, Clock, ct), ct);

    public Task<IActionResult> OnPostCompleteAsync(string auditId, string findingId, string actionId, int version, string? proof, CancellationToken ct)
        => ActAsync(auditId, "Action corrective réalisée.", () => CompleteCorrectiveActionEndpoint.Post(auditId, findingId, actionId,
            new CompleteCorrectiveAction(proof, version), session, User, Clock, ct), ct);

    public Task<IActionResult> OnPostLiftAsync(string auditId, string findingId, int version, CancellationToken ct)
        => ActAsync(auditId, "Constat levé.", () => CloseFindingEndpoint.Post(auditId, findingId, new CloseFinding(version), session, User, Clock, ct), ct);

    public Task<IActionResult> OnPostConcludeAsync(string auditId, int version, string? conclusion, string? statement, CancellationToken ct)
        => ActAsync(auditId, "Audit conclu.", () => ConcludeAuditEndpoint.Post(auditId, new ConcludeAudit(conclusion, statement, version),
            session, User, Clock, ct), ct);

    public Task<IActionResult> OnPostCloseAsync(string auditId, int version, CancellationToken ct)
        => ActAsync(auditId, "Audit clôturé.", () => CloseAuditEndpoint.Post(auditId, new CloseAudit(version), session, User, Clock, ct), ct);

    private async Task<IActionResult> ActAsync(string auditId, string done, Func<Task<IResult>> act, CancellationToken ct)
    {
        if (await LoadAsync(auditId, write: true, ct) is { } refused) return refused;
        ProblemDetails? problem;
        try
        {
            var answer = await act();
            problem = EndpointAnswer.Problem(answer);
            if (problem is null)
            {
                session.LastModifiedBy = Who;
                await session.SaveChangesAsync(ct);
                Notice = done;
                return Redirect($"/audits/{auditId}");
            }
        }
        catch (Exception e) when (ConflictExceptionHandler.Map(e) is { Status: StatusCodes.Status409Conflict })
        {
            problem = Problems.Conflict("L'audit a été modifié entre-temps par quelqu'un d'autre : la page est rechargée, vérifiez puis recommencez.");
        }
        Problem = EndpointAnswer.Sentence(problem);
        Errors = EndpointAnswer.Errors(problem);
        Response.StatusCode = problem.Status ?? 400;
        // Show the audit as it is now (a conflict means it changed).
        await LoadAsync(auditId, write: true, ct, fresh: true);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string auditId, bool write, CancellationToken ct, bool fresh = false)
    {
        if (write && !CanManage) return Refused();
        await using var reader = fresh ? session.DocumentStore.QuerySession() : null;
        IQuerySession query = reader ?? session;
        var audit = await query.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return NotFound();
        if (!AccessRules.CanReadAuditsOf(Me, audit.SiteId)) return Refused();
        var pinned = await catalog.FindAsync(query, audit.Referential, audit.ReferentialVersion, ct);
        Audit = AuditView.From(audit, Today, pinned);
        Engagements = pinned?.Engagements ?? [];
        Site = (await query.LoadAsync<Site>(audit.SiteId, ct))!;
        return null;
    }

    private static DateOnly? Day(string? text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
