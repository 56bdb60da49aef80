using System.Text.Json;
using Alba;
using NPS.Quality.Samples;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Samples;

/// <summary>
/// The reads of <c>nps.delay_samples</c> that look back (<see cref="DelaySampleReads"/>): a sample is there once recorded,
/// and counts until the instant of its void. The clock is moved, never waited for.
/// </summary>
public sealed class when_reading_samples_as_of_an_instant(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Samples = "/api/sites/paris-11/samples";
    private static readonly DateOnly From = new(2017, 10, 1), To = new(2017, 10, 31);

    private async Task<(string Lead, DateTimeOffset RecordedAt)> RecordAsync(params object[] samples)
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var recordedAt = Clock.GetUtcNow();
        await Scenario(lead, s => { s.Post.Json(samples).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(200); });
        return (lead, recordedAt);
    }

    private async Task<DateTimeOffset> VoidAsync(string lead, string sampleId)
    {
        var answer = await Scenario(lead, s => { s.Post.Json(new { reason = "mesure erronée" }).ToUrl($"{Samples}/{sampleId}/void"); s.StatusCodeShouldBe(200); });
        return JsonDocument.Parse(answer.ReadAsText()).RootElement.GetProperty("voidedAt").GetDateTimeOffset();
    }

    private async Task<List<decimal>> DelaysAsOf(DateTimeOffset asOf)
    {
        await using var session = Store.QuerySession();
        var delays = await DelaySampleReads.DelaysAsOfAsync(session, "paris-11", From, To, asOf, null, Ct);
        return delays.TryGetValue(("paris-11", "ACC-01-ATTENTE"), out var list) ? list.Order().ToList() : [];
    }

    private async Task<List<StoredSample>> RowsAsOf(DateTimeOffset asOf)
    {
        await using var session = Store.QuerySession();
        return await DelaySampleReads.AsOfAsync(session, "paris-11", From, To, asOf, Ct);
    }

    [Fact]
    public async Task a_voided_sample_counts_until_its_void()
    {
        var (lead, _) = await RecordAsync(SampleHelpers.Waiting("V-1", 5), SampleHelpers.Waiting("V-2", 35));
        Clock.Shift(TimeSpan.FromHours(1));
        var beforeVoid = Clock.GetUtcNow();
        Clock.Shift(TimeSpan.FromHours(1));
        var voidedAt = await VoidAsync(lead, "V-2");
        Clock.Shift(TimeSpan.FromHours(1));

        (await DelaysAsOf(beforeVoid)).ShouldBe([5m, 35m]);
        (await DelaysAsOf(voidedAt.AddTicks(-10))).ShouldBe([5m, 35m]);
        (await DelaysAsOf(voidedAt)).ShouldBe([5m]); // from the instant of the void on
        (await DelaysAsOf(Clock.GetUtcNow())).ShouldBe([5m]);
    }

    [Fact]
    public async Task a_sample_recorded_after_the_instant_is_not_there_yet()
    {
        var (_, firstAt) = await RecordAsync(SampleHelpers.Waiting("E-1", 5));
        Clock.Shift(TimeSpan.FromHours(1));
        var between = Clock.GetUtcNow();
        Clock.Shift(TimeSpan.FromHours(1));
        await RecordAsync(SampleHelpers.Waiting("L-1", 8));

        (await DelaysAsOf(firstAt.AddMinutes(-1))).ShouldBeEmpty();
        (await DelaysAsOf(between)).ShouldBe([5m]);
        (await RowsAsOf(between)).Select(r => r.SampleId).ShouldBe(["E-1"]);
        (await DelaysAsOf(Clock.GetUtcNow())).ShouldBe([5m, 8m]);
    }

    [Fact]
    public async Task the_rows_of_a_snapshot_show_only_the_voids_made_by_then()
    {
        var (lead, _) = await RecordAsync(SampleHelpers.Waiting("R-1", 5), SampleHelpers.Waiting("R-2", 35, day: 3));
        Clock.Shift(TimeSpan.FromHours(1));
        var beforeVoid = Clock.GetUtcNow();
        Clock.Shift(TimeSpan.FromHours(1));
        var voidedAt = await VoidAsync(lead, "R-2");

        var then = await RowsAsOf(beforeVoid);
        then.Select(r => r.SampleId).ShouldBe(["R-1", "R-2"]); // by date, start, id
        then.ShouldAllBe(r => !r.Voided && r.VoidReason == null && r.VoidedBy == null);

        var now = (await RowsAsOf(Clock.GetUtcNow())).Single(r => r.SampleId == "R-2");
        now.Voided.ShouldBeTrue();
        now.VoidedAt.ShouldNotBeNull().ShouldBe(voidedAt, TimeSpan.FromMilliseconds(1));
        now.VoidReason.ShouldBe("mesure erronée");
        now.VoidedBy.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task the_group_reads_every_site_and_the_methods_filter_applies()
    {
        await RecordAsync(SampleHelpers.Waiting("M-1", 5), SampleHelpers.Waiting("M-2", 45, "auto_mesure"));
        await using var session = Store.QuerySession();
        var asOf = Clock.GetUtcNow();

        var every = await DelaySampleReads.DelaysAsOfAsync(session, null, From, To, asOf, null, Ct);
        every.Keys.ShouldBe([("paris-11", "ACC-01-ATTENTE")]);
        every[("paris-11", "ACC-01-ATTENTE")].Order().ShouldBe([5m, 45m]);

        var independent = await DelaySampleReads.DelaysAsOfAsync(session, "paris-11", From, To, asOf, ["file_attente"], Ct);
        independent[("paris-11", "ACC-01-ATTENTE")].ShouldBe([5m]);
    }
}
