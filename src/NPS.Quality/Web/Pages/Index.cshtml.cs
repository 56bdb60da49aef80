using Marten;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Referentials;
using System.Globalization;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages;

/// <summary>One line of the overview: a site the user may see, side by side with the others.</summary>
public sealed record SiteLine(SiteView Site, int OpenNcs, int OverdueActions, string? NextAudit,
    Verdict? Verdict = null, string? VerdictLabel = null, int SamplesThisMonth = 0, bool Weakest = false)
{
    public string LabelClass => WebPage.LabelClass(Site.LabelStatus);
}

/// <summary>The sites overview: the same list and rights as <c>GET /api/sites</c>, with audit figures.</summary>
public sealed class IndexModel(IQuerySession session, ReferentialCatalog catalog, ISiteLabels labels, TimeProvider clock) : WebPage(clock)
{
    public IReadOnlyList<SiteLine> Sites { get; private set; } = [];
    public DateOnly Month => new(Today.Year, Today.Month, 1);
    public SiteSummary? Weakest { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var visible = await SiteReads.VisibleAsync(Me, session, labels, Now, ct);
        var ids = visible.Select(s => s.Id).ToList();
        var audits = (await session.Query<Audit>().Where(a => a.SiteId.IsOneOf(ids)).ToListAsync(ct)).ToLookup(a => a.SiteId);
        Sites = visible.Select(s =>
        {
            var live = audits[s.Id].Where(a => a.State != AuditState.Closed).ToList();
            var openNcs = live.SelectMany(a => a.Findings).Count(f => f.IsOpen && FindingCategories.IsNc(f.Category));
            var overdue = ActionReads.Open(live, Today, overdueOnly: true).Count;
            var next = audits[s.Id].Where(a => a.State == AuditState.Planned).OrderBy(a => a.PlannedOn).FirstOrDefault();
            var nextPhrase = next is null ? null : $"{AuditKinds.Labels[next.Kind]} {Fr.Relative(next.PlannedOn, Today)}";
            return new SiteLine(s, openNcs, overdue, nextPhrase);
        }).ToList();

        // This month's compliance: the group endpoint for those who see every site (it names the weakest site),
        // the site endpoint for a site's own people.
        var from = Month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = Month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var summaries = new Dictionary<string, (Verdict Verdict, string Label, int N)>();
        if (AccessRules.SeesEverySite(Me))
        {
            var group = (await GroupComplianceQuery.ForAsync(session, catalog, from, to, null, null, Now, ct)).Value;
            foreach (var site in group?.Sites ?? []) summaries[site.SiteId] = (site.Verdict, site.VerdictLabel, site.Indicators.Sum(i => i.N));
            Weakest = group?.Sites.Count > 1 ? group.WeakestSite : null;
        }
        else
        {
            foreach (var line in Sites)
                if ((await SiteComplianceQuery.ForAsync(session, catalog, line.Site.Id, from, to, null, null, Now, ct)).Value is { } report)
                    summaries[line.Site.Id] = (report.Verdict, report.VerdictLabel, report.Engagements.SelectMany(e => e.Indicators).Sum(i => i.N));
        }
        Sites = Sites.Select(l => summaries.TryGetValue(l.Site.Id, out var c)
            ? l with { Verdict = c.Verdict, VerdictLabel = c.Label, SamplesThisMonth = c.N, Weakest = Weakest?.SiteId == l.Site.Id }
            : l).ToList();
    }
}
