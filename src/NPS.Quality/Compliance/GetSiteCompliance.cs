using System.Globalization;
using Humanizer;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Sites;
using Wolverine.Http;

namespace NPS.Quality.Compliance;

public sealed record IndicatorCompliance(
    string Code, string Label, string Unit, decimal Threshold, string ThresholdLabel, double Target, int MinimumSamples,
    int N, int WithinThreshold, double? Share, double? WilsonLow, double? WilsonHigh, decimal? Median, decimal? P90, decimal? Max,
    Verdict Verdict, string VerdictLabel, int SamplesNeeded);

/// <summary>An engagement; one without indicator is judged by audit, not by samples.</summary>
public sealed record EngagementCompliance(string Code, string Title, bool JudgedByAudit, IReadOnlyList<IndicatorCompliance> Indicators);

public sealed record SiteCompliance(
    string SiteId, string SiteName, string Referential, string ReferentialVersion, DateOnly From, DateOnly To,
    DateTimeOffset AsOf, string AsOfLabel, IReadOnlyList<string>? Methods, Verdict Verdict, string VerdictLabel,
    IReadOnlyList<EngagementCompliance> Engagements);

/// <summary>The compliance of a site, engagement by engagement; pure once the delays are read.</summary>
public static class SiteComplianceReport
{
    private static readonly CultureInfo French = CultureInfo.GetCultureInfo("fr");

    public static SiteCompliance Build(Site site, ReferentialDefinition referential, ComplianceQuery query,
        IReadOnlyDictionary<(string Site, string Indicator), List<decimal>> delays, DateTimeOffset now)
    {
        var engagements = referential.Engagements.Select(e => new EngagementCompliance(e.Code, e.Title, e.Indicators.Count == 0,
            e.Indicators.Select(i =>
            {
                var s = Statistics.Compute(delays.TryGetValue((site.Id, i.Code), out var d) ? d : [], i.Threshold, i.Target, i.MinimumSamples);
                return new IndicatorCompliance(i.Code, i.Label, i.Unit.Code(), i.Threshold, ThresholdLabel(i.Unit, i.Threshold), i.Target,
                    i.MinimumSamples, s.N, s.WithinThreshold, s.Share, s.WilsonLow, s.WilsonHigh, s.Median, s.P90, s.Max,
                    s.Verdict, Statistics.Label(s.Verdict), s.SamplesNeeded);
            }).ToList())).ToList();
        var verdict = Statistics.Worst(engagements.SelectMany(e => e.Indicators).Select(i => i.Verdict));
        return new SiteCompliance(site.Id, site.Name, referential.Id, referential.Version, query.From, query.To, query.AsOf,
            AsOfLabel(query.AsOf, now), query.Methods, verdict, Statistics.Label(verdict), engagements);
    }

    /// <summary>"20 minutes", "30 secondes", "10 jours ouvrés", "7 jours calendaires".</summary>
    public static string ThresholdLabel(DelayUnit unit, decimal threshold)
    {
        var value = (double)threshold;
        return unit switch
        {
            DelayUnit.Minutes => TimeSpan.FromMinutes(value).Humanize(precision: 2, culture: French, maxUnit: Humanizer.TimeUnit.Minute, minUnit: Humanizer.TimeUnit.Minute),
            DelayUnit.Seconds => TimeSpan.FromSeconds(value).Humanize(precision: 2, culture: French, maxUnit: Humanizer.TimeUnit.Second, minUnit: Humanizer.TimeUnit.Second),
            DelayUnit.WorkingDays => TimeSpan.FromDays(value).Humanize(culture: French, maxUnit: Humanizer.TimeUnit.Day, minUnit: Humanizer.TimeUnit.Day)
                + (threshold > 1 ? " ouvrés" : " ouvré"),
            DelayUnit.CalendarDays => TimeSpan.FromDays(value).Humanize(culture: French, maxUnit: Humanizer.TimeUnit.Day, minUnit: Humanizer.TimeUnit.Day)
                + (threshold > 1 ? " calendaires" : " calendaire"),
            _ => threshold.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>"maintenant", "il y a 3 jours".</summary>
    public static string AsOfLabel(DateTimeOffset asOf, DateTimeOffset now) => asOf.Humanize(now, French);
}

/// <summary>One month of an indicator, as the site's compliance report for that month gives it: n, within the threshold, share.</summary>
public sealed record IndicatorMonth(string Indicator, DateOnly Month, int N, int WithinThreshold, double? Share);

/// <summary>
/// The months of a site's history (the 12-month charts): for each indicator of the referential the site followed at
/// <c>asOf</c> and each month, the n, within-threshold count and share that the site's report for that month as of the same
/// instant gives — read in one grouped query instead of one report per month.
/// </summary>
public static class SiteComplianceHistory
{
    /// <summary>
    /// The <paramref name="months"/> months ending with <paramref name="lastMonth"/> (its first day), oldest first, indicator by
    /// indicator in the referential's order; null when the referential followed then is not published (each report is then a 404).
    /// </summary>
    public static async Task<IReadOnlyList<IndicatorMonth>?> MonthsAsync(IQuerySession session, ReferentialCatalog catalog, Site site,
        DateOnly lastMonth, int months, DateTimeOffset asOf, IReadOnlyList<string>? methods, CancellationToken ct)
    {
        var period = site.ReferentialAt(asOf);
        var referential = await catalog.FindAsync(session, period.Referential, period.Version, ct);
        if (referential is null) return null;

        var indicators = referential.Engagements.SelectMany(e => e.Indicators).ToList();
        var first = lastMonth.AddMonths(1 - months);
        var counts = (await DelaySampleReads.MonthlyCountsAsOfAsync(session, site.Id, first, lastMonth.AddMonths(1).AddDays(-1), asOf,
                indicators.ToDictionary(i => i.Code, i => i.Threshold), methods, ct))
            .ToDictionary(c => (c.Indicator, c.Month));
        return indicators.SelectMany(i => Enumerable.Range(0, months).Select(m =>
        {
            var month = first.AddMonths(m);
            var (n, within) = counts.TryGetValue((i.Code, month), out var c) ? (c.N, c.WithinThreshold) : (0, 0);
            return new IndicatorMonth(i.Code, month, n, within, n == 0 ? null : Math.Round((double)within / n, 4));
        })).ToList();
    }
}

public static class SiteComplianceQuery
{
    /// <summary>A site's compliance for a period, as it was at <c>asOf</c>, with the referential version it followed then.</summary>
    public static async Task<Outcome<SiteCompliance>> ForAsync(IQuerySession session, ReferentialCatalog catalog, string siteId, string? from,
        string? to, string? asOf, string? methods, DateTimeOffset now, CancellationToken ct)
    {
        var (query, errors) = ComplianceQuery.Read(from, to, asOf, methods, now);
        if (query is null) return Outcome<SiteCompliance>.Invalid(errors);

        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return Outcome<SiteCompliance>.NotFound($"Site inconnu : {siteId}.");
        var period = site.ReferentialAt(query.AsOf);
        var referential = await catalog.FindAsync(session, period.Referential, period.Version, ct);
        if (referential is null) return Outcome<SiteCompliance>.NotFound($"Référentiel non publié : {period.Referential} {period.Version}.");

        var delays = await query.DelaysAsync(session, siteId, ct);
        return Outcome<SiteCompliance>.Ok(SiteComplianceReport.Build(site, referential, query, delays, now));
    }
}

public static class GetSiteComplianceEndpoint
{
    /// <summary>
    /// <c>?from=2017-10-01&amp;to=2017-10-31[&amp;asOf=2017-11-05T12:00:00Z][&amp;methods=file_attente,visite_mystere]</c>:
    /// exactly what this endpoint answered at <c>asOf</c> (samples recorded later and voids made later ignored), with
    /// the referential version the site followed then.
    /// </summary>
    [WolverineGet("/api/sites/{siteId}/compliance"), Authorize(Policy = Policies.SiteReader)]
    [ProducesResponseType(typeof(SiteCompliance), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Get(string siteId, string? from, string? to, string? asOf, string? methods,
        IQuerySession session, ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
        => (await SiteComplianceQuery.ForAsync(session, catalog, siteId, from, to, asOf, methods, clock.GetUtcNow(), ct)).ToResult();
}
