using System.Globalization;
using System.Text;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Sites;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Samples;

/// <summary>
/// The monthly counts behind the network views (<see cref="DelaySampleCounts"/>) against the rule of record, the samples
/// read as of an instant (<see cref="DelaySampleReads.CountsAsOfAsync"/>): whatever path wrote the rows (a batch's insert, a
/// large import's binary COPY) and whatever was voided, both give the same figures; and the counts decline to answer
/// where they cannot (an instant before the last change, part of a month, some methods only).
/// </summary>
public sealed class when_counting_samples_by_month(AppFixture fixture) : IntegrationContext(fixture)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    /// <summary>Waits of 5 to 29 minutes over October and November 2017, and a few phone pick-ups, as a CSV import.</summary>
    private static string Csv(string prefix, int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder(SampleHelpers.Header).Append('\n');
        for (var i = 0; i < rows; i++)
        {
            var day = new DateTime(2017, 10, 2).AddDays(random.Next(55));
            if (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(2);
            var start = day.AddHours(9).AddMinutes(random.Next(60));
            var (indicator, end, method) = i % 5 == 0
                ? ("TEL-01-DECROCHE", start.AddSeconds(5 + random.Next(50)), "appel_mystere")
                : ("ACC-01-ATTENTE", start.AddMinutes(5 + random.Next(25)), "file_attente");
            csv.Append(CultureInfo.InvariantCulture, $"{prefix}{i:0000};{indicator};{start:dd/MM/yyyy HH:mm:ss};{end:dd/MM/yyyy HH:mm:ss};{method};\n");
        }
        return csv.ToString();
    }

    private async Task<List<(string Site, string Indicator, decimal Threshold)>> ThresholdsAsync(params string[] sites)
    {
        var catalog = Host.Services.GetRequiredService<ReferentialCatalog>();
        await using var session = Store.QuerySession();
        var thresholds = new List<(string, string, decimal)>();
        foreach (var id in sites)
        {
            var site = (await session.LoadAsync<Site>(id, Ct))!;
            var period = site.ReferentialAt(Clock.GetUtcNow());
            var referential = (await catalog.FindAsync(session, period.Referential, period.Version, Ct))!;
            thresholds.AddRange(referential.Engagements.SelectMany(e => e.Indicators).Select(i => (id, i.Code, i.Threshold)));
        }
        return thresholds;
    }

    /// <summary>The monthly counts' answer (null: none), the combined reading the views use, and the samples' reading.</summary>
    private async Task<((Dictionary<(string, string), (int, int)> Counts, IReadOnlyList<string> Unanswered)? Counted,
        Dictionary<(string, string), (int, int)> Combined, Dictionary<(string, string), (int, int)> Read)> BothAsync(
        List<(string Site, string Indicator, decimal Threshold)> thresholds, DateOnly from, DateOnly to, DateTimeOffset asOf, IReadOnlyList<string>? methods = null)
    {
        await using var session = Store.QuerySession();
        return (await DelaySampleCounts.CountsAsync(session, thresholds, from, to, asOf, methods, Ct),
            await DelaySampleCounts.ReadAsync(session, thresholds, from, to, asOf, methods, Ct),
            await DelaySampleReads.CountsAsOfAsync(session, thresholds, from, to, asOf, methods, Ct));
    }

    private async Task ImportAsync(string site, string csv)
    {
        var lead = await TokenFor("quality_lead", site);
        await Scenario(lead, s => { s.PostCsv($"/api/sites/{site}/samples/import", csv); s.StatusCodeShouldBe(200); });
    }

    [Fact]
    public async Task the_counts_agree_with_the_samples_after_batches_imports_and_voids()
    {
        // A large import (binary COPY) and small ones (the projection's insert), on two sites following different versions.
        await ImportAsync("paris-11", Csv("A", 400, seed: 1));
        await ImportAsync("paris-14", Csv("B", 40, seed: 2));
        await ImportAsync("paris-14", Csv("C", 30, seed: 3));
        var lead11 = await TokenFor("quality_lead", "paris-11");
        foreach (var id in new[] { "A0001", "A0002", "A0010", "A0100", "A0399" })
            await Scenario(lead11, s => { s.Post.Json(new { reason = "doublon" }).ToUrl($"/api/sites/paris-11/samples/{id}/void"); s.StatusCodeShouldBe(200); });

        var thresholds = await ThresholdsAsync("paris-11", "paris-14", "paris-18");
        foreach (var (from, to) in new[]
                 {
                     (new DateOnly(2017, 10, 1), new DateOnly(2017, 10, 31)), (new DateOnly(2017, 11, 1), new DateOnly(2017, 11, 30)),
                     (new DateOnly(2017, 10, 1), new DateOnly(2017, 12, 31)), (new DateOnly(2018, 1, 1), new DateOnly(2018, 1, 31)),
                 })
        {
            var (counted, combined, read) = await BothAsync(thresholds, from, to, Clock.GetUtcNow().AddMinutes(1));
            counted.ShouldNotBeNull($"{from}–{to}");
            counted.Value.Unanswered.ShouldBeEmpty();
            counted.Value.Counts.OrderBy(c => c.Key).ShouldBe(read.OrderBy(c => c.Key), $"{from}–{to}");
            combined.OrderBy(c => c.Key).ShouldBe(read.OrderBy(c => c.Key), $"{from}–{to}");
        }
        var october = (await BothAsync(thresholds, new DateOnly(2017, 10, 1), new DateOnly(2017, 12, 31), Clock.GetUtcNow().AddMinutes(1))).Read;
        october.Values.Sum(c => c.Item1).ShouldBe(400 - 5 + 70); // every sample but the voided ones
        october.Values.ShouldContain(c => c.Item2 > 0 && c.Item2 < c.Item1); // some within, some beyond: the threshold matters
    }

    [Fact]
    public async Task the_counts_leave_the_answer_to_the_samples_where_they_cannot_give_it()
    {
        await ImportAsync("paris-11", Csv("A", 120, seed: 4));
        await ImportAsync("paris-14", Csv("B", 30, seed: 7));
        var october = (From: new DateOnly(2017, 10, 1), To: new DateOnly(2017, 10, 31));
        string voided;
        await using (var session = Store.QuerySession())
            voided = (await DelaySampleReads.AsOfAsync(session, "paris-11", october.From, october.To, Clock.GetUtcNow(), Ct))[0].SampleId;
        // Half an hour after the import, then the void half an hour later.
        var beforeTheVoid = Clock.GetUtcNow().AddMinutes(30);
        Clock.Shift(TimeSpan.FromHours(1));
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s => { s.Post.Json(new { reason = "doublon" }).ToUrl($"/api/sites/paris-11/samples/{voided}/void"); s.StatusCodeShouldBe(200); });
        var thresholds = await ThresholdsAsync("paris-11");

        // A void since: the counts leave paris-11 to the samples (nothing changed at paris-14 since: they answer for it).
        var twoSites = thresholds.Concat(await ThresholdsAsync("paris-14")).ToList();
        var beforeVoid = await BothAsync(twoSites, october.From, october.To, beforeTheVoid);
        beforeVoid.Counted.ShouldNotBeNull();
        beforeVoid.Counted.Value.Unanswered.ShouldBe(["paris-11"]);
        beforeVoid.Counted.Value.Counts.Keys.ShouldNotContain(k => k.Item1 == "paris-11");
        beforeVoid.Counted.Value.Counts.Keys.ShouldContain(k => k.Item1 == "paris-14");
        beforeVoid.Combined.OrderBy(c => c.Key).ShouldBe(beforeVoid.Read.OrderBy(c => c.Key));
        (await BothAsync(thresholds, october.From, new DateOnly(2017, 10, 15), Clock.GetUtcNow())).Counted.ShouldBeNull();   // half a month
        (await BothAsync(thresholds, october.From, october.To, Clock.GetUtcNow(), ["file_attente"])).Counted.ShouldBeNull(); // some methods

        // The group view now (from the counts) and as of before the void (from the samples, the voided one still there).
        var auditor = await TokenFor("auditor");
        async Task<int> Counted(string query)
        {
            var group = await Scenario(auditor, s => s.Get.Url($"/api/compliance?from=2017-10-01&to=2017-10-31{query}"));
            return System.Text.Json.JsonDocument.Parse(group.ReadAsText()).RootElement.GetProperty("sites").EnumerateArray()
                .Single(s => s.GetProperty("siteId").GetString() == "paris-11").GetProperty("indicators").EnumerateArray()
                .Sum(i => i.GetProperty("n").GetInt32());
        }
        var now = (await BothAsync(thresholds, october.From, october.To, Clock.GetUtcNow())).Read.Values.Sum(c => c.Item1);
        (await Counted("")).ShouldBe(now);
        (await Counted($"&asOf={beforeTheVoid.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}")).ShouldBe(now + 1);
    }

    [Fact]
    public async Task a_new_threshold_is_counted_from_the_samples_already_stored()
    {
        await ImportAsync("paris-11", Csv("A", 150, seed: 5));
        var thresholds = await ThresholdsAsync("paris-11");
        var stricter = thresholds.Select(t => t.Indicator == "ACC-01-ATTENTE" ? (t.Site, t.Indicator, 12m) : t).ToList();
        var october = (From: new DateOnly(2017, 10, 1), To: new DateOnly(2017, 10, 31));
        (await BothAsync(stricter, october.From, october.To, Clock.GetUtcNow())).Counted.ShouldBeNull(); // 12 minutes: no version says it

        // A version with that threshold is registered: the stored samples are counted against it.
        await using (var session = Store.QuerySession())
        {
            var catalog = Host.Services.GetRequiredService<ReferentialCatalog>();
            var current = (await catalog.FindAsync(session, "qualiparis-services-sociaux", "2017.1", Ct))!;
            var next = current with
            {
                Version = "2099.1",
                Engagements = current.Engagements.Select(e => e with
                {
                    Indicators = e.Indicators.Select(i => i.Code == "ACC-01-ATTENTE" ? i with { Threshold = 12m } : i).ToList(),
                }).ToList(),
            };
            await DelaySampleCounts.EnsureThresholdsAsync(Store, [next], Ct);
        }
        var (counted, _, read) = await BothAsync(stricter, october.From, october.To, Clock.GetUtcNow());
        counted.ShouldNotBeNull();
        counted.Value.Counts.OrderBy(c => c.Key).ShouldBe(read.OrderBy(c => c.Key));

        // And the samples recorded afterwards as well.
        await ImportAsync("paris-11", Csv("B", 30, seed: 6));
        (counted, _, read) = await BothAsync(stricter, october.From, october.To, Clock.GetUtcNow().AddMinutes(1));
        counted.ShouldNotBeNull();
        counted.Value.Counts.OrderBy(c => c.Key).ShouldBe(read.OrderBy(c => c.Key));
    }
}
