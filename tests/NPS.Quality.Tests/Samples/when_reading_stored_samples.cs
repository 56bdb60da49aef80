using System.Text.Json;
using Alba;
using Marten;
using NPS.Quality.Samples;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Samples;

/// <summary>The reads of <c>nps.delay_samples</c> as it stands now (<see cref="DelaySampleReads"/>), and what the projection stores.</summary>
public sealed class when_reading_stored_samples(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Samples = "/api/sites/paris-11/samples";

    /// <summary>Starts at 00:30 in Paris on 2 October 2017, which is still 1 October in UTC.</summary>
    private static readonly object AfterParisMidnight = new
    {
        sampleId = "N-1", indicator = "ACC-01-ATTENTE", start = "2017-10-01T22:30:00Z", end = "2017-10-01T22:42:00Z", method = "file_attente",
    };

    private async Task<string> RecordAsync(params object[] samples)
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s => { s.Post.Json(samples).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(200); });
        return lead;
    }

    [Fact]
    public async Task a_stored_sample_is_found_by_id_with_its_paris_date_and_the_hash_computed_at_recording()
    {
        await RecordAsync(AfterParisMidnight);
        await using var session = Store.QuerySession();

        var start = DateTimeOffset.Parse("2017-10-01T22:30:00Z");
        var stored = (await DelaySampleReads.FindAsync(session, "paris-11", "N-1", Ct)).ShouldNotBeNull();
        stored.SampleDate.ShouldBe(new DateOnly(2017, 10, 2));
        stored.Start.ShouldBe(start);
        stored.Delay.ShouldBe(12m);
        stored.Unit.ShouldBe("minutes");
        stored.BatchStream.ShouldStartWith("samples:paris-11:");
        stored.Voided.ShouldBeFalse();

        var hashes = await DelaySampleReads.StoredHashesAsync(session, "paris-11", ["N-1", "UNKNOWN"], Ct);
        hashes.ShouldBe(new Dictionary<string, string>
        {
            ["N-1"] = SampleRules.Hash("ACC-01-ATTENTE", start, start.AddMinutes(12), "file_attente", null),
        });
        (await DelaySampleReads.StoredIdsAsync(session, "paris-11", ["N-1", "UNKNOWN"], Ct)).ShouldBe(["N-1"]);
    }

    [Fact]
    public async Task the_samples_page_filters_on_method_state_threshold_and_a_piece_of_the_id()
    {
        object Sample(string id, int minutes, string method) => new
        {
            sampleId = id, indicator = "ACC-01-ATTENTE", start = "2017-10-02T07:00:00Z", end = DateTimeOffset.Parse("2017-10-02T07:00:00Z").AddMinutes(minutes).ToString("o"), method,
        };
        var lead = await RecordAsync(Sample("Q-within", 12, "file_attente"), Sample("Q-beyond", 35, "file_attente"), Sample("Q-mystery", 35, "visite_mystere"));
        await Scenario(lead, s => { s.Post.Json(new { reason = "doublon" }).ToUrl(Samples + "/Q-mystery/void"); s.StatusCodeShouldBe(200); });
        await using var session = Store.QuerySession();
        var thresholds = new Dictionary<string, decimal> { ["ACC-01-ATTENTE"] = 20m };

        async Task<string[]> Ids(SampleFilter filter)
            => (await DelaySampleReads.PageAsync(session, "paris-11", filter with { }, 1, 50, Ct)).Items.Select(i => i.SampleId).Order().ToArray();

        (await Ids(new SampleFilter { WithinThreshold = false, Thresholds = thresholds })).ShouldBe(["Q-beyond", "Q-mystery"]);
        (await Ids(new SampleFilter { WithinThreshold = true, Thresholds = thresholds })).ShouldBe(["Q-within"]);
        (await Ids(new SampleFilter { WithinThreshold = true })).ShouldBeEmpty(); // no threshold known: neither within nor beyond
        (await Ids(new SampleFilter { Voided = true })).ShouldBe(["Q-mystery"]);
        (await Ids(new SampleFilter { Voided = false, Method = "file_attente" })).ShouldBe(["Q-beyond", "Q-within"]);
        (await Ids(new SampleFilter { IdContains = "q-BEY" })).ShouldBe(["Q-beyond"]);
        (await DelaySampleReads.PageAsync(session, "paris-11", new SampleFilter { IdContains = "Q-" }, 2, 2, Ct)).Total.ShouldBe(3);
    }

    [Fact]
    public async Task an_id_is_found_only_on_its_own_site()
    {
        await RecordAsync(AfterParisMidnight);
        await using var session = Store.QuerySession();

        (await DelaySampleReads.FindAsync(session, "paris-14", "N-1", Ct)).ShouldBeNull();
        (await DelaySampleReads.FindAsync(session, "paris-11", "N-2", Ct)).ShouldBeNull();
        (await DelaySampleReads.StoredHashesAsync(session, "paris-14", ["N-1"], Ct)).ShouldBeEmpty();
        (await DelaySampleReads.StoredIdsAsync(session, "paris-14", ["N-1"], Ct)).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_page_is_newest_first_and_counts_every_match_even_past_the_last_page()
    {
        await RecordAsync(Enumerable.Range(1, 5).Select(i => SampleHelpers.Waiting($"P-{i}", 5 + i, day: 1 + i)).ToArray());
        await using var session = Store.QuerySession();

        var (first, total) = await DelaySampleReads.PageAsync(session, "paris-11", new SampleFilter(), 1, 2, Ct);
        first.Select(s => s.SampleId).ShouldBe(["P-5", "P-4"]);
        total.ShouldBe(5);

        var (dated, datedTotal) = await DelaySampleReads.PageAsync(session, "paris-11",
            new SampleFilter("ACC-01-ATTENTE", new DateOnly(2017, 10, 3), new DateOnly(2017, 10, 4)), 1, 10, Ct);
        dated.Select(s => s.SampleId).ShouldBe(["P-3", "P-2"]);
        datedTotal.ShouldBe(2);

        var (past, pastTotal) = await DelaySampleReads.PageAsync(session, "paris-11", new SampleFilter(), 4, 2, Ct);
        past.ShouldBeEmpty();
        pastTotal.ShouldBe(5);
    }

    [Fact]
    public async Task the_projection_stores_the_date_and_hash_computed_at_recording_without_computing_them_again()
    {
        var start = DateTimeOffset.Parse("2017-10-02T09:00:00+02:00");
        var sample = RecordedSample.Of("C-1", "ACC-01-ATTENTE", start, start.AddMinutes(12), "file_attente", null, 12m, "minutes")
            with { ContentHash = "computed-once", SampleDate = new DateOnly(2017, 10, 9) };
        await using (var session = Store.LightweightSession())
        {
            session.Events.StartStream(SampleStreams.For("paris-11", "once"), SamplesRecorded.Of("paris-11", "once", Clock.GetUtcNow(), "test", [sample]));
            await session.SaveChangesAsync(Ct);
        }

        await using var query = Store.QuerySession();
        var stored = (await DelaySampleReads.FindAsync(query, "paris-11", "C-1", Ct)).ShouldNotBeNull();
        stored.SampleDate.ShouldBe(new DateOnly(2017, 10, 9));
        (await DelaySampleReads.StoredHashesAsync(query, "paris-11", ["C-1"], Ct))["C-1"].ShouldBe("computed-once");
    }

    [Fact]
    public void an_event_read_back_from_the_store_derives_the_same_dates_and_hashes_as_at_recording()
    {
        var start = DateTimeOffset.Parse("2017-10-01T22:30:00Z");
        RecordedSample[] recorded =
        [
            RecordedSample.Of("A", "ACC-01-ATTENTE", start, start.AddMinutes(12), "file_attente", null, 12m, "minutes"),
            RecordedSample.Of("B", "TEL-01-DECROCHE", start.AddHours(10), start.AddHours(10).AddSeconds(40), "appel_mystere", "rappel", 40m, "seconds"),
        ];
        recorded[0].SampleDate.ShouldBe(new DateOnly(2017, 10, 2));

        var json = JsonSerializer.Serialize(SamplesRecorded.Of("paris-11", "b1", start, "lead", recorded), JsonSerializerOptions.Web);
        var readBack = JsonSerializer.Deserialize<SamplesRecorded>(json, JsonSerializerOptions.Web).ShouldNotBeNull();

        readBack.All().ShouldBe(recorded);
    }
}
