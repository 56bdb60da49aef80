using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Sites;
using Wolverine.Http;
using NPS.Quality.Shared;

namespace NPS.Quality.Audits;

public sealed record AuditSummary(
    string Id,
    int Version,
    string Kind,
    string KindLabel,
    string Type,
    string TypeLabel,
    string State,
    string StateLabel,
    DateOnly PlannedOn,
    string ReferentialVersion,
    string? Conclusion,
    string? ConclusionLabel,
    DateTimeOffset? ConcludedAt,
    int OpenFindings,
    int OpenMajorNcs,
    int OpenActions,
    int OverdueActions)
{
    public static AuditSummary From(Audit a, DateOnly today)
    {
        var live = a.Findings.Where(f => f.Status != FindingStatus.Withdrawn).ToList();
        return new(a.Id, a.Version, a.Kind.Wire(), AuditKinds.Labels[a.Kind], a.Type.Wire(), AuditTypes.Labels[a.Type], a.State.Wire(), AuditStates.Labels[a.State],
            a.PlannedOn, a.ReferentialVersion, a.Conclusion?.Wire(), a.Conclusion is { } c ? Conclusions.Labels[c] : null, a.ConcludedAt,
            live.Count(f => f.IsOpen), live.Count(f => f.IsOpen && f.Category == FindingCategory.MajorNc),
            live.SelectMany(f => f.Actions).Count(x => x.IsOpen), live.SelectMany(f => f.Actions).Count(x => AuditCalendar.IsOverdue(x, today)));
    }
}

public static class AuditReads
{
    /// <summary>The audits of one site, most recently planned first.</summary>
    public static Task<IReadOnlyList<Audit>> OfSiteAsync(IQuerySession session, string siteId, CancellationToken ct)
        => session.Query<Audit>().Where(a => a.SiteId == siteId).OrderByDescending(a => a.PlannedOn).ToListAsync(ct);
}

public static class GetSiteAuditsEndpoint
{
    [WolverineGet("/api/sites/{siteId}/audits"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(IReadOnlyList<AuditSummary>), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Site>(siteId, ct) is null) return Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));
        var today = AuditCalendar.DateOf(clock.GetUtcNow());
        var audits = await AuditReads.OfSiteAsync(session, siteId, ct);
        return Results.Ok(audits.Select(a => AuditSummary.From(a, today)).ToList());
    }
}
