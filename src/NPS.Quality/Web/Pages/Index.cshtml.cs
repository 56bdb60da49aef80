using Marten;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages;

/// <summary>One line of the overview: a site the user may see, side by side with the others.</summary>
public sealed record SiteLine(SiteView Site, int OpenNcs, int OverdueActions, string? NextAudit)
{
    public string LabelClass => Site.LabelStatus switch
    {
        LabelStatus.Blocked => "bad",
        LabelStatus.Labelled => "good",
        LabelStatus.Expired => "warn",
        _ => "neutral",
    };
}

/// <summary>The sites overview: the same list and rights as <c>GET /api/sites</c>, with audit figures.</summary>
public sealed class IndexModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public IReadOnlyList<SiteLine> Sites { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var visible = await GetSitesEndpoint.List(User, session, Clock, ct);
        var ids = visible.Select(s => s.Id).ToList();
        var audits = (await session.Query<Audit>().Where(a => a.SiteId.IsOneOf(ids)).ToListAsync(ct)).ToLookup(a => a.SiteId);
        Sites = visible.Select(s =>
        {
            var live = audits[s.Id].Where(a => a.State != AuditStates.Closed).ToList();
            var openNcs = live.SelectMany(a => a.Findings).Count(f => f.IsOpen && FindingCategories.IsNc(f.Category));
            var overdue = GetActionsEndpoint.Open(live, Today, overdueOnly: true).Count;
            var next = audits[s.Id].Where(a => a.State == AuditStates.Planned).OrderBy(a => a.PlannedOn).FirstOrDefault();
            var nextPhrase = next is null ? null : $"{AuditKinds.Labels[next.Kind]} {Fr.Relative(next.PlannedOn, Today)}";
            return new SiteLine(s, openNcs, overdue, nextPhrase);
        }).ToList();
    }
}
