using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using Wolverine.Http;
using NPS.Quality.Shared;

namespace NPS.Quality.Audits;

public sealed record AuditView(
    string Id,
    int Version,
    string SiteId,
    string Kind,
    string KindLabel,
    string Type,
    string TypeLabel,
    string State,
    string StateLabel,
    DateOnly PlannedOn,
    IReadOnlyList<string> Auditors,
    string? Scope,
    string Referential,
    string ReferentialVersion,
    string PlannedBy,
    DateTimeOffset PlannedAt,
    DateTimeOffset? StartedAt,
    string? Conclusion,
    string? ConclusionLabel,
    string? ConclusionStatement,
    string? ConcludedBy,
    DateTimeOffset? ConcludedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyDictionary<string, int> FindingsByCategory,
    IReadOnlyList<FindingView> Findings,
    DateOnly? LiftBy = null,
    IReadOnlyList<ConclusionChoice>? AllowedConclusions = null,
    IReadOnlyList<PlannedSlot>? Agenda = null,
    IReadOnlyList<PlannedSampling>? Sampling = null)
{
    public static AuditView From(Audit a, DateOnly today, ReferentialDefinition? pinned) => new(
        a.Id, a.Version, a.SiteId, a.Kind.Wire(), AuditKinds.Labels[a.Kind], a.Type.Wire(), AuditTypes.Labels[a.Type], a.State.Wire(), AuditStates.Labels[a.State],
        a.PlannedOn, a.Auditors, a.Scope, a.Referential, a.ReferentialVersion, a.PlannedBy, a.PlannedAt, a.StartedAt,
        a.Conclusion?.Wire(), a.Conclusion is { } c ? Conclusions.Labels[c] : null, a.ConclusionStatement, a.ConcludedBy, a.ConcludedAt, a.ClosedAt,
        a.Findings.Where(f => f.Status != FindingStatus.Withdrawn).GroupBy(f => f.Category).ToDictionary(g => g.Key.Wire(), g => g.Count()),
        a.Findings.Select(f => FindingView.From(f, today, pinned)).ToList(),
        a.LiftBy,
        a.State == AuditState.Started
            ? ConclusionRules.Allowed(a).Select(c => new ConclusionChoice(c.Wire(), Conclusions.Labels[c], ConclusionRules.Consequence(a, c, today, null))).ToList()
            : [],
        a.Agenda, a.Sampling);
}

/// <summary>A conclusion the label rules allow now, with what it means for the label (shown before the auditor confirms).</summary>
public sealed record ConclusionChoice(string Code, string Label, string Consequence);

public sealed record FindingView(
    string Id,
    string Category,
    string CategoryLabel,
    string Engagement,
    string? EngagementTitle,
    string Statement,
    EvidenceView Evidence,
    string Status,
    string StatusLabel,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    DateTimeOffset? ClosedAt,
    IReadOnlyList<RevisionView> History,
    IReadOnlyList<ActionView> Actions,
    string? Sheet = null,
    string? Requirement = null,
    SheetEntry? Cause = null,
    ImmediateCorrection? Correction = null,
    IReadOnlyList<EffectivenessCheck>? Checks = null,
    Acknowledgement? Acknowledgement = null)
{
    public static FindingView From(Finding f, DateOnly today, ReferentialDefinition? pinned) => new(
        f.Id, f.Category.Wire(), FindingCategories.Labels[f.Category], f.Engagement, pinned?.FindEngagement(f.Engagement)?.Title, f.Statement,
        new EvidenceView(f.EvidenceText, f.SampleIds), f.Status.Wire(), FindingStatuses.Labels[f.Status], f.RecordedBy, f.RecordedAt, f.ClosedAt,
        f.History.Select(h => new RevisionView(h.Kind.Wire(), FindingRevisions.Labels[h.Kind], h.Statement, h.Reason, h.By, h.At)).ToList(),
        f.Actions.Select(a => ActionView.From(a, today)).ToList(),
        f.Sheet, pinned?.FindEngagement(f.Engagement)?.Text, f.Cause, f.Correction, f.Checks, f.Acknowledgement);
}

public sealed record EvidenceView(string? Text, IReadOnlyList<string> SampleIds);

public sealed record RevisionView(string Kind, string KindLabel, string Statement, string? Reason, string By, DateTimeOffset At);

public sealed record ActionView(
    string Id,
    string Description,
    string Owner,
    DateOnly DueOn,
    bool DefaultDueDate,
    string Status,
    string StatusLabel,
    bool Overdue,
    string Due,
    string? Proof,
    string? CompletedBy,
    DateTimeOffset? CompletedAt)
{
    public static ActionView From(CorrectiveAction a, DateOnly today) => new(
        a.Id, a.Description, a.Owner, a.DueOn, a.DefaultDueDate,
        a.IsOpen ? "open" : "completed", a.IsOpen ? "en cours" : "réalisée",
        AuditCalendar.IsOverdue(a, today), AuditCalendar.DuePhrase(a, today), a.Proof, a.CompletedBy, a.CompletedAt);
}

public static class GetAuditEndpoint
{
    /// <summary>GET /api/audits/{auditId}: everything, with French labels; its <c>version</c> is the next expectedVersion.</summary>
    [WolverineGet("/api/audits/{auditId}")]
    [ProducesResponseType(typeof(AuditView), 200), ProducesResponseType(typeof(ProblemDetails), 403), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string auditId, IQuerySession session, ClaimsPrincipal user, ReferentialCatalog catalog,
        TimeProvider clock, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return Results.Problem(AuditWrites.AuditNotFound(auditId));
        if (!AccessRules.CanReadAuditsOf(Caller.From(user), audit.SiteId))
            return Results.Problem(Problems.Forbidden("Vous n'avez pas accès aux audits de ce site."));
        var pinned = await catalog.FindAsync(session, audit.Referential, audit.ReferentialVersion, ct);
        return Results.Ok(AuditView.From(audit, AuditCalendar.DateOf(clock.GetUtcNow()), pinned));
    }
}
