using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// A site: its compliance for a month as of a date (<c>GET /api/sites/{siteId}/compliance</c>, called as is), the
/// last 12 months of each indicator, open findings and actions, audits.
/// </summary>
public sealed class SiteModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public SiteView Site { get; private set; } = null!;
    public SiteCompliance? Compliance { get; private set; }
    public string? ComplianceProblem { get; private set; }
    public DateOnly Month { get; private set; }
    public DateOnly? AsOfDay { get; private set; }
    public Dictionary<string, List<MonthShare>> History { get; } = [];
    public IReadOnlyList<AuditSummary> Audits { get; private set; } = [];
    public IReadOnlyList<(Audit Audit, Finding Finding)> OpenFindings { get; private set; } = [];
    public IReadOnlyList<SiteActionView> OpenActions { get; private set; } = [];
    public bool CanWriteSamples => AccessRules.CanWriteSamples(Me, Site.Id);

    public async Task<IActionResult> OnGetAsync(string siteId, string? mois, string? au, CancellationToken ct)
    {
        if (!AccessRules.CanReadSite(Me, siteId)) return Refused();
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return NotFound();

        var audits = await GetSiteAuditsEndpoint.OfSiteAsync(session, siteId, ct);
        Site = SiteView.From(site, audits, Now);
        Audits = audits.Select(a => AuditSummary.From(a, Today)).ToList();
        var live = audits.Where(a => a.State != AuditStates.Closed).ToList();
        OpenFindings = live.SelectMany(a => a.Findings.Where(f => f.IsOpen).Select(f => (a, f))).OrderBy(x => x.f.RecordedAt).ToList();
        OpenActions = GetActionsEndpoint.Open(live, Today, overdueOnly: false);

        Month = DateOnly.TryParseExact(mois, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
            ? m : new DateOnly(Today.Year, Today.Month, 1);
        AsOfDay = DateOnly.TryParseExact(au, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d < Today ? d : null;
        var asOf = AsOfDay is { } day ? ParisTime.FromLocal(day.AddDays(1).ToDateTime(TimeOnly.MinValue)).Instant?.AddTicks(-1) : null;
        var asOfText = asOf?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

        var answer = await Month_(Month, asOfText, ct);
        Compliance = EndpointAnswer.Value<SiteCompliance>(answer);
        if (EndpointAnswer.Problem(answer) is { } problem) ComplianceProblem = EndpointAnswer.Sentence(problem);

        // The chart: the same report for each of the last 12 months, as of the same instant.
        for (var i = 11; i >= 0; i--)
        {
            var month = Month.AddMonths(-i);
            if (EndpointAnswer.Value<SiteCompliance>(await Month_(month, asOfText, ct)) is not { } report) continue;
            foreach (var indicator in report.Engagements.SelectMany(e => e.Indicators))
            {
                if (!History.TryGetValue(indicator.Code, out var list)) History[indicator.Code] = list = [];
                list.Add(new MonthShare(month, indicator.Share, indicator.N));
            }
        }
        return Page();
    }

    private Task<IResult> Month_(DateOnly month, string? asOf, CancellationToken ct)
        => GetSiteComplianceEndpoint.Get(Site.Id, month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), asOf, null, session, catalog, Clock, ct);

    public static string VerdictClass(Verdict v) => v switch
    {
        Verdict.Compliant => "good",
        Verdict.AtRisk => "warn",
        Verdict.NonCompliant => "bad",
        _ => "neutral",
    };
}
