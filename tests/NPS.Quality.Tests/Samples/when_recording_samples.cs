using Alba;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Samples;

public sealed class when_recording_samples(AppFixture fixture) : IntegrationContext(fixture)
{
    private const string Samples = "/api/sites/paris-11/samples";

    private async Task<SamplePageAnswer> List(string token, string query = "")
        => (await (await Scenario(token, s => s.Get.Url(Samples + query))).ReadAsJsonAsync<SamplePageAnswer>())!;

    [Fact]
    public async Task one_sample_is_recorded_with_its_delay_and_its_author()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var result = await Scenario(lead, s =>
        {
            s.Post.Json(SampleHelpers.Waiting("A-1", 12)).ToUrl(Samples);
            s.StatusCodeShouldBe(201);
        });
        result.ReadAsText().ShouldContain("\"delay\":12");

        var page = await List(lead);
        page.Total.ShouldBe(1);
        page.Items[0].Delay.ShouldBe(12m);
        page.Items[0].RecordedBy.ShouldStartWith("quality_lead-paris-11");

        // The same sample again changes nothing.
        await Scenario(lead, s => { s.Post.Json(SampleHelpers.Waiting("A-1", 12)).ToUrl(Samples); s.StatusCodeShouldBe(200); });
        (await List(lead)).Total.ShouldBe(1);
    }

    [Fact]
    public async Task a_retried_batch_is_not_double_counted()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        object[] batch = [SampleHelpers.Waiting("B-1", 5), SampleHelpers.Waiting("B-2", 25), SampleHelpers.Waiting("B-3", 15)];
        var first = await Scenario(lead, s => { s.Post.Json(batch).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(200); });
        (await first.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(3, 0));

        object[] retried = [.. batch, SampleHelpers.Waiting("B-4", 8)];
        var second = await Scenario(lead, s => { s.Post.Json(retried).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(200); });
        (await second.ReadAsJsonAsync<RecordingAnswer>()).ShouldBe(new RecordingAnswer(1, 3));
        (await List(lead)).Total.ShouldBe(4);
    }

    [Fact]
    public async Task the_same_id_with_other_content_is_a_conflict_and_nothing_is_written()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s => { s.Post.Json(SampleHelpers.Waiting("C-1", 5)).ToUrl(Samples); s.StatusCodeShouldBe(201); });

        object[] batch = [SampleHelpers.Waiting("C-2", 5), SampleHelpers.Waiting("C-1", 40)];
        var result = await Scenario(lead, s => { s.Post.Json(batch).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(409); });
        (await ProblemAnswer.From(result)).Detail.ShouldNotBeNull().ShouldContain("C-1");

        var page = await List(lead);
        page.Total.ShouldBe(1);
        page.Items[0].Delay.ShouldBe(5m);
    }

    [Fact]
    public async Task every_bad_item_of_a_batch_is_listed_and_nothing_is_written()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        object[] batch =
        [
            SampleHelpers.Waiting("D-ok", 5),
            new { sampleId = "D-1", indicator = "XXX-99", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T09:10:00+02:00", method = "file_attente" },
            new { sampleId = "D-2", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T08:10:00+02:00", method = "file_attente" },
            new { sampleId = "D-3", indicator = "ACC-01-ATTENTE", start = "2017-10-02 9h", end = "2017-10-02T09:10:00+02:00", method = "file_attente" },
            new { sampleId = "D-4", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T09:10:00+02:00", method = "pifometre" },
            new { sampleId = "D-5", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T09:10:00+02:00", method = "journal_courrier" },
            new { sampleId = "", indicator = "ACC-01-ATTENTE", start = "2017-10-02T09:00:00+02:00", end = "2017-10-02T09:10:00+02:00", method = "file_attente" },
            SampleHelpers.Waiting("D-ok", 5),
        ];
        var result = await Scenario(lead, s => { s.Post.Json(batch).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(400); });
        var problem = await ProblemAnswer.From(result);
        var errors = problem.Errors.ShouldNotBeNull();
        errors.ShouldContain(e => e.Field == "[1].indicator" && e.Value == "XXX-99" && e.Message.Contains("inconnu"));
        errors.ShouldContain(e => e.Field == "[2].end" && e.Message.Contains("précède"));
        errors.ShouldContain(e => e.Field == "[3].start" && e.Message.Contains("illisible"));
        errors.ShouldContain(e => e.Field == "[4].method" && e.Message.Contains("inconnue"));
        errors.ShouldContain(e => e.Field == "[5].method" && e.Message.Contains("non acceptée"));
        errors.ShouldContain(e => e.Field == "[6].sampleId" && e.Message.Contains("obligatoire"));
        errors.ShouldContain(e => e.Field == "[7].sampleId" && e.Message.Contains("double"));
        (await List(lead)).Total.ShouldBe(0);
    }

    [Fact]
    public async Task a_batch_over_ten_thousand_samples_is_too_large()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var batch = Enumerable.Range(0, 10_001).Select(i => SampleHelpers.Waiting($"E-{i}", 5)).ToArray();
        var result = await Scenario(lead, s => { s.Post.Json(batch).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(413); });
        (await ProblemAnswer.From(result)).Detail.ShouldNotBeNull().ShouldContain("10");
    }

    [Fact]
    public async Task a_quality_lead_of_another_site_and_an_auditor_cannot_write()
    {
        var other = await TokenFor("quality_lead", "paris-14");
        var auditor = await TokenFor("auditor");
        foreach (var token in new[] { other, auditor })
        {
            await Scenario(token, s => { s.Post.Json(SampleHelpers.Waiting("F-1", 5)).ToUrl(Samples); s.StatusCodeShouldBe(403); });
            await Scenario(token, s => { s.Post.Json(new[] { SampleHelpers.Waiting("F-1", 5) }).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(403); });
            await Scenario(token, s => { s.PostCsv(Samples + "/import", SampleHelpers.WaitingRows(1)); s.StatusCodeShouldBe(403); });
            await Scenario(token, s => { s.Post.Json(new { reason = "x" }).ToUrl(Samples + "/F-1/void"); s.StatusCodeShouldBe(403); });
        }
        // Reading: the auditor may, the other site's lead may not.
        await Scenario(auditor, s => { s.Get.Url(Samples); s.StatusCodeShouldBe(200); });
        await Scenario(other, s => { s.Get.Url(Samples); s.StatusCodeShouldBe(403); });
    }

    [Fact]
    public async Task a_void_is_kept_marked_and_cannot_be_repeated()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        await Scenario(lead, s => { s.Post.Json(SampleHelpers.Waiting("G-1", 5)).ToUrl(Samples); s.StatusCodeShouldBe(201); });

        await Scenario(lead, s => { s.Post.Json(new { reason = "" }).ToUrl(Samples + "/G-1/void"); s.StatusCodeShouldBe(400); });
        await Scenario(lead, s => { s.Post.Json(new { reason = "erreur" }).ToUrl(Samples + "/NOPE/void"); s.StatusCodeShouldBe(404); });
        await Scenario(lead, s => { s.Post.Json(new { reason = "saisie en double" }).ToUrl(Samples + "/G-1/void"); s.StatusCodeShouldBe(200); });
        await Scenario(lead, s => { s.Post.Json(new { reason = "encore" }).ToUrl(Samples + "/G-1/void"); s.StatusCodeShouldBe(409); });

        var item = (await List(lead)).Items.ShouldHaveSingleItem();
        item.Voided.ShouldBeTrue();
        item.VoidReason.ShouldBe("saisie en double");

        // A voided id stays taken: the same content is a duplicate, other content a conflict.
        await Scenario(lead, s => { s.Post.Json(SampleHelpers.Waiting("G-1", 5)).ToUrl(Samples); s.StatusCodeShouldBe(200); });
        await Scenario(lead, s => { s.Post.Json(SampleHelpers.Waiting("G-1", 6)).ToUrl(Samples); s.StatusCodeShouldBe(409); });
    }

    [Fact]
    public async Task the_list_filters_and_pages()
    {
        var lead = await TokenFor("quality_lead", "paris-11");
        var batch = Enumerable.Range(0, 12).Select(i => SampleHelpers.Waiting($"H-{i:00}", 5, day: 2 + i)).ToArray();
        await Scenario(lead, s => { s.Post.Json(batch).ToUrl(Samples + "/batch"); s.StatusCodeShouldBe(200); });

        var page = await List(lead, "?from=2017-10-05&to=2017-10-09&pageSize=2&page=2");
        page.Total.ShouldBe(5);
        page.Items.Select(i => i.SampleId).ShouldBe(["H-05", "H-04"]);
        (await List(lead, "?indicator=TEL-01-DECROCHE")).Total.ShouldBe(0);
        await Scenario(lead, s => { s.Get.Url(Samples + "?from=05/10/2017"); s.StatusCodeShouldBe(400); });
    }
}
