using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Shared;
using Wolverine.Http;

namespace NPS.Quality.Programmes;

public sealed record CarriedAction(string Id, string Description, string Owner, DateOnly DueOn, bool Overdue, string Due);

/// <summary>A finding of an earlier audit of the site, not lifted yet, or with open actions, with the link back to it.</summary>
public sealed record CarriedFinding(string AuditId, DateOnly AuditPlannedOn, string Link, string FindingId, string Category, string CategoryLabel,
    string Engagement, string Statement, string Status, IReadOnlyList<CarriedAction> OpenActions);

/// <summary>What the preparation of an audit takes over from the site's earlier audits.</summary>
public sealed record CarriedOverView(string AuditId, string SiteId, string? PreviousAuditId, IReadOnlyList<CarriedFinding> Findings);

public static class CarriedOver
{
    /// <summary>
    /// Pure: the audits of the same site planned before this one (the previous one first), and of each its findings still
    /// open (not lifted, not withdrawn) or holding open corrective actions.
    /// </summary>
    public static CarriedOverView From(Audit current, IEnumerable<Audit> siteAudits, DateOnly today)
    {
        var earlier = siteAudits.Where(a => a.SiteId == current.SiteId && a.Id != current.Id
                && (a.PlannedOn < current.PlannedOn || (a.PlannedOn == current.PlannedOn && a.PlannedAt < current.PlannedAt)))
            .OrderByDescending(a => a.PlannedOn).ThenByDescending(a => a.PlannedAt).ToList();
        var findings = earlier.SelectMany(a => a.Findings
            .Where(f => f.Status != FindingStatus.Withdrawn && (f.IsOpen || f.Actions.Any(x => x.IsOpen)))
            .Select(f => new CarriedFinding(a.Id, a.PlannedOn, $"/audits/{a.Id}", f.Id, f.Category.Wire(), FindingCategories.Labels[f.Category],
                f.Engagement, f.Statement, FindingStatuses.Labels[f.Status],
                f.Actions.Where(x => x.IsOpen).Select(x => new CarriedAction(x.Id, x.Description, x.Owner, x.DueOn,
                    AuditCalendar.IsOverdue(x, today), AuditCalendar.DuePhrase(x, today))).ToList())))
            .ToList();
        return new CarriedOverView(current.Id, current.SiteId, earlier.FirstOrDefault()?.Id, findings);
    }

    public static async Task<CarriedOverView?> ForAsync(IQuerySession session, string auditId, DateOnly today, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return null;
        return From(audit, await AuditReads.OfSiteAsync(session, audit.SiteId, ct), today);
    }
}

public static class GetCarriedOverEndpoint
{
    /// <summary>
    /// GET /api/audits/{auditId}/carried-over: the unlifted findings and open corrective actions of the site's earlier
    /// audits, each with the link back to its audit, for preparing this one.
    /// </summary>
    [WolverineGet("/api/audits/{auditId}/carried-over")]
    [ProducesResponseType(typeof(CarriedOverView), 200), ProducesResponseType(typeof(ProblemDetails), 403), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string auditId, IQuerySession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return Results.Problem(Problems.NotFound($"Audit inconnu : {auditId}."));
        if (!AccessRules.CanReadAuditsOf(Caller.From(user), audit.SiteId))
            return Results.Problem(Problems.Forbidden("Vous n'avez pas accès aux audits de ce site."));
        return Results.Ok(await CarriedOver.ForAsync(session, auditId, AuditCalendar.DateOf(clock.GetUtcNow()), ct));
    }
}
