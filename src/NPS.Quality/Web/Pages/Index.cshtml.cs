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
    public string LabelClass => WebPage.LabelClass(Site.LabelStatus, Site.LabelStatusLabel);
}

/// <summary>
/// The sites overview: the same list and rights as <c>GET /api/sites</c>, with audit figures and the verdict of a month
/// (the last complete one unless <c>?mois=</c> says otherwise). Paged (<c>?page=</c>, <see cref="PageSize"/> sites a page)
/// and filtered by name or id (<c>?q=</c>) and verdict (<c>?verdict=</c>), so that an administrator of 800 sites gets a
/// page of 50 rather than one page of every site.
/// </summary>
public sealed class IndexModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public const int PageSize = 50;

    public IReadOnlyList<SiteLine> Sites { get; private set; } = [];
    public DateOnly Month { get; private set; }
    public DateOnly CurrentMonth => new(Today.Year, Today.Month, 1);
    public bool MonthInProgress => Month == CurrentMonth;
    public SiteSummary? Weakest { get; private set; }

    public int PageNumber { get; private set; } = 1;
    public int PageCount { get; private set; } = 1;
    public int Matching { get; private set; }
    public int Visible { get; private set; }
    public string? Search { get; private set; }
    public string? VerdictFilter { get; private set; }

    /// <summary>The verdict filter's choices: wire-like codes in the query, French words on the page.</summary>
    public static readonly IReadOnlyList<(string Code, string Label)> VerdictChoices =
    [
        ("non-conforme", "non conforme"), ("insuffisant", "données insuffisantes"), ("a-surveiller", "à surveiller"), ("conforme", "conforme"),
    ];

    private static Verdict? ParseVerdict(string? code) => code switch
    {
        "non-conforme" => Verdict.NonCompliant,
        "insuffisant" => Verdict.InsufficientData,
        "a-surveiller" => Verdict.AtRisk,
        "conforme" => Verdict.Compliant,
        _ => null,
    };

    /// <summary>A link to another page (or month) of the overview keeping the filters.</summary>
    public string Link(int? page = null, DateOnly? month = null)
    {
        var query = new Dictionary<string, string?>
        {
            ["mois"] = (month ?? Month).ToString("yyyy-MM", CultureInfo.InvariantCulture),
            ["q"] = Search,
            ["verdict"] = VerdictFilter,
            ["page"] = (page ?? 1) > 1 ? (page ?? 1).ToString(CultureInfo.InvariantCulture) : null,
        };
        return Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString("/", query.Where(p => !string.IsNullOrEmpty(p.Value)));
    }

    public async Task OnGetAsync(string? mois, string? q, string? verdict, CancellationToken ct)
    {
        Month = DateOnly.TryParseExact(mois, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m) ? m : SiteModel.LastCompleteMonth(Today);
        Search = string.IsNullOrWhiteSpace(q) ? null : q.Trim();
        var wanted = ParseVerdict(verdict);
        VerdictFilter = wanted is null ? null : verdict;

        // Labels (every audit of a site) only for the page's sites: an administrator sees 800 sites, a page shows 50.
        var visible = await SiteReads.VisibleSitesAsync(Me, session, ct);
        var all = visible;
        Visible = visible.Count;
        if (Search is { } text)
            visible = visible.Where(s => s.Name.Contains(text, StringComparison.CurrentCultureIgnoreCase) || s.Id.Contains(text, StringComparison.OrdinalIgnoreCase)).ToList();

        // The month's compliance: the group read for those who see every site (it names the weakest site of the whole
        // group, whatever the page), the site read for a site's own people (one site).
        var from = Month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var to = Month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var summaries = new Dictionary<string, (Verdict Verdict, string Label, int N)>();
        if (AccessRules.SeesEverySite(Me))
        {
            var group = (await GroupComplianceQuery.ForAsync(session, catalog, from, to, null, null, Now, ct, allSites: all)).Value;
            foreach (var site in group?.Sites ?? [])
            {
                var tendency = VerdictReading.Tendency(site.Verdict, site.Indicators.Select(i => (i.Verdict, i.N, i.Share, i.WilsonLow, i.Target)));
                summaries[site.SiteId] = (site.Verdict, VerdictReading.Words(site.Verdict, tendency), site.Indicators.Sum(i => i.N));
            }
            Weakest = group?.Sites.Count > 1 ? group.WeakestSite : null;
        }
        else
        {
            foreach (var s in visible)
                if ((await SiteComplianceQuery.ForAsync(session, catalog, s.Id, from, to, null, null, Now, ct)).Value is { } report)
                {
                    var indicators = report.Engagements.SelectMany(e => e.Indicators).ToList();
                    var tendency = VerdictReading.Tendency(report.Verdict, indicators.Select(i => (i.Verdict, i.N, i.Share, i.WilsonLow, i.Target)));
                    summaries[s.Id] = (report.Verdict, VerdictReading.Words(report.Verdict, tendency), indicators.Sum(i => i.N));
                }
        }
        if (wanted is { } v) visible = visible.Where(s => summaries.TryGetValue(s.Id, out var c) && c.Verdict == v).ToList();

        Matching = visible.Count;
        PageCount = Math.Max(1, (Matching + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(QueryPage(), 1, PageCount);
        var page = visible.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();

        // The audits of the page's sites only, read once for their labels (the rule of ISiteLabels) and their figures.
        var ids = page.Select(s => s.Id).ToList();
        var audits = (await session.Query<Audit>().Where(a => a.SiteId.IsOneOf(ids)).ToListAsync(ct)).ToLookup(a => a.SiteId);
        var shown = page.Select(s => SiteView.From(s, LabelStatus.Of(audits[s.Id], Now))).ToList();
        Sites = shown.Select(s =>
        {
            var live = audits[s.Id].Where(a => a.State != AuditState.Closed).ToList();
            var openNcs = live.SelectMany(a => a.Findings).Count(f => f.IsOpen && FindingCategories.IsNc(f.Category));
            var overdue = ActionReads.Open(live, Today, overdueOnly: true).Count;
            var line = new SiteLine(s, openNcs, overdue, NextAuditPhrase(audits[s.Id], Today));
            return summaries.TryGetValue(s.Id, out var c)
                ? line with { Verdict = c.Verdict, VerdictLabel = c.Label, SamplesThisMonth = c.N, Weakest = Weakest?.SiteId == s.Id }
                : line;
        }).ToList();
    }

    /// <summary>"audit interne en cours", "audit externe AFNOR dans 3 semaines", or null (no audit under way or planned).</summary>
    public static string? NextAuditPhrase(IEnumerable<Audit> audits, DateOnly today)
    {
        var all = audits.ToList();
        if (all.Where(a => a.State == AuditState.Started).OrderBy(a => a.PlannedOn).FirstOrDefault() is { } started)
            return $"{AuditKinds.Labels[started.Kind]} en cours";
        var next = all.Where(a => a.State == AuditState.Planned).OrderBy(a => a.PlannedOn).FirstOrDefault();
        return next is null ? null : $"{AuditKinds.Labels[next.Kind]} {Fr.Relative(next.PlannedOn, today)}";
    }
}
