using System.Security.Claims;
using Marten;
using NPS.Quality.Access;
using Wolverine.Http;
using NPS.Quality.Shared;

namespace NPS.Quality.Audits;

public sealed record SiteActionView(
    string SiteId,
    string AuditId,
    string AuditKind,
    string FindingId,
    string Category,
    string CategoryLabel,
    string Engagement,
    string FindingStatement,
    ActionView Action);

public static class ActionReads
{
    /// <summary>The open (or overdue) actions of the sites the caller may see: every site for auditors and admins.</summary>
    public static async Task<List<SiteActionView>> OfCallerAsync(IQuerySession session, Caller caller, bool overdueOnly, DateOnly today,
        CancellationToken ct)
    {
        var query = session.Query<Audit>().Where(a => a.ClosedAt == null);
        var ownSite = caller.SiteId ?? "";
        if (!AccessRules.SeesEverySite(caller)) query = query.Where(a => a.SiteId == ownSite);
        return Open(await query.ToListAsync(ct), today, overdueOnly);
    }

    /// <summary>The open corrective actions of the given audits (only the overdue ones if asked), most late first. Pure.</summary>
    public static List<SiteActionView> Open(IEnumerable<Audit> audits, DateOnly today, bool overdueOnly)
        => audits
            .SelectMany(a => a.Findings.Where(f => f.Status != FindingStatus.Withdrawn)
                .SelectMany(f => f.Actions.Where(x => x.IsOpen && (!overdueOnly || AuditCalendar.IsOverdue(x, today)))
                    .Select(x => new SiteActionView(a.SiteId, a.Id, a.Kind.Wire(), f.Id, f.Category.Wire(), FindingCategories.Labels[f.Category],
                        f.Engagement, f.Statement, ActionView.From(x, today)))))
            .OrderBy(v => v.Action.DueOn).ThenBy(v => v.SiteId)
            .ToList();

}

public static class GetActionsEndpoint
{
    /// <summary>
    /// GET /api/actions?overdue=true: open corrective actions across sites. Auditors and administrators see every site;
    /// a site's people see their own site's only (the others are filtered out, not refused).
    /// </summary>
    [WolverineGet("/api/actions")]
    public static Task<List<SiteActionView>> Get(bool? overdue, ClaimsPrincipal user, IQuerySession session, TimeProvider clock,
        CancellationToken ct)
        => ActionReads.OfCallerAsync(session, Caller.From(user), overdue == true, AuditCalendar.DateOf(clock.GetUtcNow()), ct);
}
