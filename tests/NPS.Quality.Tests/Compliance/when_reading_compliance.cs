using System.Text.Json;
using Alba;
using NPS.Quality.Tests.Infrastructure;
using NPS.Quality.Tests.Samples;
using Shouldly;

namespace NPS.Quality.Tests.Compliance;

public sealed class when_reading_compliance(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Compliance = "/api/sites/paris-11/compliance?from=2017-10-01&to=2017-10-31";

    private async Task<JsonElement> Get(string token, string url)
    {
        var result = await Scenario(token, s => { s.Get.Url(url); s.StatusCodeShouldBe(200); });
        return JsonDocument.Parse(result.ReadAsText()).RootElement;
    }

    private static JsonElement Indicator(JsonElement report, string code)
        => report.GetProperty("engagements").EnumerateArray().SelectMany(e => e.GetProperty("indicators").EnumerateArray())
            .Single(i => i.GetProperty("code").GetString() == code);

    /// <summary>45 of 50 waiting times within 20 minutes, the last 5 self-measured and long.</summary>
    private async Task<string> RecordFortyFiveOfFifty()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var batch = Enumerable.Range(0, 50).Select(i => i < 45
            ? SampleHelpers.Waiting($"W-{i:00}", 5 + i % 15, day: 2 + i % 20)
            : SampleHelpers.Waiting($"W-{i:00}", 45, "auto_mesure", day: 2 + i % 20)).ToArray();
        await Scenario(lead, s => { s.Post.Json(batch).ToUrl("/api/sites/paris-11/samples/batch"); s.StatusCodeShouldBe(200); });
        return lead;
    }

    [Fact]
    public async Task the_status_gives_each_engagement_with_honest_statistics()
    {
        var lead = await RecordFortyFiveOfFifty();
        var manager = await TokenFor("site_manager", "paris-11");
        var report = await Get(manager, Compliance);

        report.GetProperty("referentialVersion").GetString().ShouldBe("2017.1");
        var waiting = Indicator(report, "ACC-01-ATTENTE");
        waiting.GetProperty("n").GetInt32().ShouldBe(50);
        waiting.GetProperty("withinThreshold").GetInt32().ShouldBe(45);
        waiting.GetProperty("share").GetDouble().ShouldBe(0.9);
        waiting.GetProperty("wilsonLow").GetDouble().ShouldBe(0.786, 0.001);
        waiting.GetProperty("wilsonHigh").GetDouble().ShouldBe(0.957, 0.001);
        waiting.GetProperty("max").GetDecimal().ShouldBe(45m);
        waiting.GetProperty("verdict").GetString().ShouldBe("at_risk");
        waiting.GetProperty("verdictLabel").GetString().ShouldBe("À surveiller");
        waiting.GetProperty("thresholdLabel").GetString().ShouldBe("20 minutes");
        waiting.GetProperty("samplesNeeded").GetInt32().ShouldBe(12);
        Indicator(report, "RDV-01-DELAI").GetProperty("thresholdLabel").GetString().ShouldBe("10 jours ouvrés");
        Indicator(report, "RDV-01-DELAI").GetProperty("verdict").GetString().ShouldBe("insufficient_data");

        var hours = report.GetProperty("engagements").EnumerateArray().Single(e => e.GetProperty("code").GetString() == "ACC-02");
        hours.GetProperty("judgedByAudit").GetBoolean().ShouldBeTrue();
        report.GetProperty("verdict").GetString().ShouldBe("insufficient_data"); // the worst indicator

        // An auditor leaving self-measurement out sees 45/45.
        var auditor = await TokenFor("auditor");
        var independent = await Get(auditor, Compliance + "&methods=file_attente,visite_mystere");
        Indicator(independent, "ACC-01-ATTENTE").GetProperty("n").GetInt32().ShouldBe(45);
        Indicator(independent, "ACC-01-ATTENTE").GetProperty("verdict").GetString().ShouldBe("compliant");
        _ = lead;
    }

    [Fact]
    public async Task a_void_stops_counting_and_as_of_shows_the_past_answer()
    {
        var lead = await RecordFortyFiveOfFifty();
        await Task.Delay(50, Ct);
        var beforeVoid = DateTimeOffset.UtcNow;
        await Task.Delay(50, Ct);

        for (var i = 45; i < 50; i++)
            await Scenario(lead, s => { s.Post.Json(new { reason = "mesure erronée" }).ToUrl($"/api/sites/paris-11/samples/W-{i:00}/void"); s.StatusCodeShouldBe(200); });
        await Scenario(lead, s => { s.Post.Json(SampleHelpers.Waiting("LATE-1", 3)).ToUrl("/api/sites/paris-11/samples"); s.StatusCodeShouldBe(201); });

        var now = await Get(lead, Compliance);
        Indicator(now, "ACC-01-ATTENTE").GetProperty("n").GetInt32().ShouldBe(46);
        Indicator(now, "ACC-01-ATTENTE").GetProperty("withinThreshold").GetInt32().ShouldBe(46);

        var past = await Get(lead, Compliance + "&asOf=" + Uri.EscapeDataString(beforeVoid.ToString("O")));
        Indicator(past, "ACC-01-ATTENTE").GetProperty("n").GetInt32().ShouldBe(50);
        Indicator(past, "ACC-01-ATTENTE").GetProperty("withinThreshold").GetInt32().ShouldBe(45);
        past.GetProperty("asOfLabel").GetString().ShouldNotBeNullOrWhiteSpace();

        var beforeAnything = await Get(lead, Compliance + "&asOf=2017-11-01T00:00:00Z");
        Indicator(beforeAnything, "ACC-01-ATTENTE").GetProperty("n").GetInt32().ShouldBe(0);
        beforeAnything.GetProperty("asOfLabel").GetString().ShouldNotBeNull().ShouldStartWith("il y a");
    }

    [Fact]
    public async Task bad_parameters_are_refused_in_french()
    {
        var manager = await TokenFor("site_manager", "paris-11");
        async Task<ProblemAnswer> Bad(string query)
            => await ProblemAnswer.From(await Scenario(manager, s => { s.Get.Url("/api/sites/paris-11/compliance" + query); s.StatusCodeShouldBe(400); }));

        (await Bad("?from=2017-10-31&to=2017-10-01")).AllText.ShouldContain("précède");
        (await Bad("?from=01/10/2017&to=2017-10-31")).AllText.ShouldContain("illisible");
        (await Bad("?from=2017-01-01&to=2018-12-31")).AllText.ShouldContain("366");
        (await Bad("?from=2017-10-01&to=2017-10-31&methods=pifometre")).AllText.ShouldContain("inconnue");
        (await Bad("?to=2017-10-31")).AllText.ShouldContain("obligatoire");
        (await Bad("?from=2017-10-01&to=2017-10-31&asOf=2999-01-01T00:00:00Z")).AllText.ShouldContain("futur");
    }

    [Fact]
    public async Task another_site_is_forbidden_and_the_group_view_names_the_weakest_site()
    {
        await RecordFortyFiveOfFifty();
        var otherManager = await TokenFor("site_manager", "paris-14");
        await Scenario(otherManager, s => { s.Get.Url(Compliance); s.StatusCodeShouldBe(403); });
        await Scenario(otherManager, s => { s.Get.Url("/api/compliance?from=2017-10-01&to=2017-10-31"); s.StatusCodeShouldBe(403); });

        // paris-14 is clearly failing its waiting times.
        var lead14 = await TokenFor("quality_lead", "paris-14");
        var failing = Enumerable.Range(0, 30).Select(i => SampleHelpers.Waiting($"P14-{i}", i < 10 ? 5 : 50)).ToArray();
        await Scenario(lead14, s => { s.Post.Json(failing).ToUrl("/api/sites/paris-14/samples/batch"); s.StatusCodeShouldBe(200); });

        var auditor = await TokenFor("auditor");
        var group = await Get(auditor, "/api/compliance?from=2017-10-01&to=2017-10-31");
        group.GetProperty("sites").GetArrayLength().ShouldBe(4);
        group.GetProperty("weakestSite").GetProperty("siteId").GetString().ShouldBe("paris-14");
        group.GetProperty("verdict").GetString().ShouldBe("non_compliant");
    }

    [Fact]
    public async Task the_group_view_counts_each_site_against_the_version_it_follows_as_its_own_report_does()
    {
        // A site following 2018.1, whose waiting threshold is 15 minutes; paris-11 follows 2017.1 (20 minutes).
        await AsAdmin(s =>
        {
            s.Post.Json(new
            {
                siteId = "paris-20", name = "Paris 20", arrondissements = new[] { "20e" },
                referential = "qualiparis-services-sociaux", version = "2018.1",
            }).ToUrl("/api/sites");
            s.StatusCodeShouldBe(201);
        });
        // 40 waits of 10 to 19 minutes: all within 20 minutes, 6 in 10 within 15 (10 to 15).
        foreach (var site in new[] { "paris-11", "paris-20" })
        {
            var lead = await TokenFor("quality_lead", site);
            var batch = Enumerable.Range(0, 40).Select(i => SampleHelpers.Waiting($"{site}-{i:00}", 10 + i % 10, day: 2 + i % 20)).ToArray();
            await Scenario(lead, s => { s.Post.Json(batch).ToUrl($"/api/sites/{site}/samples/batch"); s.StatusCodeShouldBe(200); });
        }

        var auditor = await TokenFor("auditor");
        var group = await Get(auditor, "/api/compliance?from=2017-10-01&to=2017-10-31");
        JsonElement InGroup(string site) => group.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("siteId").GetString() == site)
            .GetProperty("indicators").EnumerateArray().Single(i => i.GetProperty("code").GetString() == "ACC-01-ATTENTE");
        InGroup("paris-11").GetProperty("share").GetDouble().ShouldBe(1.0);
        InGroup("paris-20").GetProperty("share").GetDouble().ShouldBe(0.6);
        foreach (var site in new[] { "paris-11", "paris-20", "paris-14" })
        {
            var own = await Get(auditor, $"/api/sites/{site}/compliance?from=2017-10-01&to=2017-10-31");
            foreach (var indicator in group.GetProperty("sites").EnumerateArray().Single(s => s.GetProperty("siteId").GetString() == site)
                         .GetProperty("indicators").EnumerateArray())
            {
                var mine = Indicator(own, indicator.GetProperty("code").GetString()!);
                indicator.GetProperty("n").GetInt32().ShouldBe(mine.GetProperty("n").GetInt32(), $"{site} {indicator}");
                indicator.GetProperty("verdict").GetString().ShouldBe(mine.GetProperty("verdict").GetString(), $"{site} {indicator}");
                if (mine.GetProperty("share").ValueKind == JsonValueKind.Number)
                    indicator.GetProperty("share").GetDouble().ShouldBe(mine.GetProperty("share").GetDouble(), $"{site} {indicator}");
            }
        }
    }
}
