using System.Text.Json;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NPS.Quality.Compliance;
using NPS.Quality.Referentials;
using NPS.Quality.Sites;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Compliance;

/// <summary>
/// The site page's 12-month charts read every month in one grouped query (<see cref="SiteComplianceHistory"/>); each month
/// must say exactly what <c>GET /api/sites/{siteId}/compliance</c> says for that month as of the same instant.
/// </summary>
public sealed class when_charting_twelve_months(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly DateOnly LastMonth = new(2017, 10, 1);

    private static object Sample(string id, string indicator, DateTimeOffset start, TimeSpan delay, string method)
        => new { sampleId = id, indicator, start = start.ToString("O"), end = (start + delay).ToString("O"), method };

    /// <summary>How many waiting times month <paramref name="key"/> has (0: October 2016 … 12: October 2017); the first two of them are within 20 minutes.</summary>
    private static int Count(int key) => 3 + key % 5;

    /// <summary>
    /// Waiting times every month from October 2016 (outside the window) to October 2017 but May 2017, phone pick-ups
    /// every third month, a sample whose Paris date is 1 June, a void before the instant (August), one after it
    /// (September), and a sample recorded after it (September).
    /// </summary>
    private async Task<(string Lead, DateTimeOffset AsOf)> RecordAYearAsync()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var batch = new List<object>();
        for (var key = 0; key <= 12; key++)
        {
            if (key == 7) continue; // May 2017: no sample at all
            var first = new DateTimeOffset(new DateOnly(2016, 10, 1).AddMonths(key).ToDateTime(new TimeOnly(9, 0)), TimeSpan.FromHours(2));
            for (var i = 0; i < Count(key); i++)
            {
                batch.Add(Sample($"A-{key:00}-{i}", "ACC-01-ATTENTE", first.AddDays(i), TimeSpan.FromMinutes(8 + 7 * i), "file_attente"));
                if (key % 3 == 0)
                    batch.Add(Sample($"T-{key:00}-{i}", "TEL-01-DECROCHE", first.AddDays(i), TimeSpan.FromSeconds(20 + 6 * i), "appel_mystere"));
            }
        }
        // 1 June 2017 at 00:30 in Paris is still 31 May in UTC: it belongs to June.
        batch.Add(Sample("EDGE-1", "ACC-01-ATTENTE", DateTimeOffset.Parse("2017-05-31T22:30:00Z"), TimeSpan.FromMinutes(50), "auto_mesure"));
        await Scenario(lead, s => { s.Post.Json(batch).ToUrl("/api/sites/paris-11/samples/batch"); s.StatusCodeShouldBe(200); });

        Clock.Shift(TimeSpan.FromHours(1));
        await Void(lead, "A-10-0");
        Clock.Shift(TimeSpan.FromHours(1));
        var asOf = Clock.GetUtcNow();
        Clock.Shift(TimeSpan.FromHours(1));
        await Void(lead, "A-11-1");
        await Scenario(lead, s =>
        {
            s.Post.Json(new[] { Sample("LATE-1", "ACC-01-ATTENTE", DateTimeOffset.Parse("2017-09-12T09:00:00+02:00"), TimeSpan.FromMinutes(3), "file_attente") })
                .ToUrl("/api/sites/paris-11/samples/batch");
            s.StatusCodeShouldBe(200);
        });
        Clock.Shift(TimeSpan.FromHours(1));
        return (lead, asOf);
    }

    private Task Void(string lead, string id)
        => Scenario(lead, s => { s.Post.Json(new { reason = "erreur de saisie" }).ToUrl($"/api/sites/paris-11/samples/{id}/void"); s.StatusCodeShouldBe(200); });

    private async Task<IReadOnlyList<IndicatorMonth>> Chart(DateTimeOffset asOf)
    {
        await using var session = Store.QuerySession();
        var site = (await session.LoadAsync<Site>("paris-11", Ct)).ShouldNotBeNull();
        var catalog = Host.Services.GetRequiredService<ReferentialCatalog>();
        return (await SiteComplianceHistory.MonthsAsync(session, catalog, site, LastMonth, 12, asOf, null, Ct)).ShouldNotBeNull();
    }

    /// <summary>What twelve calls to the compliance endpoint say, one month each, as of the instant.</summary>
    private async Task<List<IndicatorMonth>> TwelveAnswers(string token, DateTimeOffset asOf)
    {
        var months = new List<IndicatorMonth>();
        for (var m = 11; m >= 0; m--)
        {
            var month = LastMonth.AddMonths(-m);
            var url = $"/api/sites/paris-11/compliance?from={month:yyyy-MM-dd}&to={month.AddMonths(1).AddDays(-1):yyyy-MM-dd}&asOf={Uri.EscapeDataString(asOf.ToString("O"))}";
            var result = await Scenario(token, s => { s.Get.Url(url); s.StatusCodeShouldBe(200); });
            var report = JsonDocument.Parse(result.ReadAsText()).RootElement;
            months.AddRange(report.GetProperty("engagements").EnumerateArray().SelectMany(e => e.GetProperty("indicators").EnumerateArray())
                .Select(i => new IndicatorMonth(i.GetProperty("code").GetString()!, month, i.GetProperty("n").GetInt32(),
                    i.GetProperty("withinThreshold").GetInt32(), i.GetProperty("share").ValueKind == JsonValueKind.Null ? null : i.GetProperty("share").GetDouble())));
        }
        return months;
    }

    [Fact]
    public async Task the_grouped_monthly_counts_equal_twelve_single_month_answers()
    {
        var (lead, asOf) = await RecordAYearAsync();

        foreach (var instant in new[] { asOf, Clock.GetUtcNow() })
        {
            var chart = await Chart(instant);
            var answers = await TwelveAnswers(lead, instant);
            chart.OrderBy(m => m.Indicator, StringComparer.Ordinal).ThenBy(m => m.Month)
                .ShouldBe(answers.OrderBy(m => m.Indicator, StringComparer.Ordinal).ThenBy(m => m.Month));
            chart.Count.ShouldBe(7 * 12); // every indicator of 2017.1, every month, even without sample
        }
    }

    [Fact]
    public async Task the_chart_counts_by_paris_date_and_as_of_the_instant()
    {
        var (_, asOf) = await RecordAYearAsync();
        var chart = (await Chart(asOf)).Where(m => m.Indicator == "ACC-01-ATTENTE").ToDictionary(m => m.Month);

        chart.Keys.ShouldBe(Enumerable.Range(0, 12).Select(m => new DateOnly(2016, 11, 1).AddMonths(m)));
        chart[new DateOnly(2016, 11, 1)].N.ShouldBe(Count(1));
        chart[new DateOnly(2017, 5, 1)].N.ShouldBe(0);
        chart[new DateOnly(2017, 5, 1)].Share.ShouldBeNull();
        chart[new DateOnly(2017, 6, 1)].N.ShouldBe(Count(8) + 1);      // June's own, and the one at 00:30 on 1 June
        chart[new DateOnly(2017, 8, 1)].N.ShouldBe(Count(10) - 1);     // one voided before the instant
        chart[new DateOnly(2017, 9, 1)].N.ShouldBe(Count(11));         // voided after it; the late one not there yet
        chart[new DateOnly(2017, 10, 1)].WithinThreshold.ShouldBe(2);   // 8 and 15 minutes; 22, 29, 36 are over 20
        chart[new DateOnly(2017, 10, 1)].Share.ShouldBe(Math.Round(2.0 / Count(12), 4));

        var now = (await Chart(Clock.GetUtcNow())).Single(m => m.Indicator == "ACC-01-ATTENTE" && m.Month == new DateOnly(2017, 9, 1));
        now.N.ShouldBe(Count(11) - 1 + 1);
    }
}
