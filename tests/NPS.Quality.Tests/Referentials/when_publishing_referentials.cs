using Alba;
using NPS.Quality.Referentials;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Referentials;

public sealed class when_publishing_referentials(AppFixture fixture) : IntegrationContext(fixture)
{
    private static string Yaml(string version, string threshold = "20") => $$"""
        id: test-ref
        version: "{{version}}"
        title: Référentiel de test
        publishedOn: 2020-01-01
        source: illustratif
        themes:
          - { code: T, title: Thème }
        engagements:
          - code: E-01
            theme: T
            title: Engagement
            text: Texte
            indicators:
              - { code: E-01-I, channel: guichet, label: Attente, unit: minutes, threshold: {{threshold}}, target: 0.8, minimumSamples: 5, period: month, methods: [auto_mesure] }
        """;

    private Task<IScenarioResult> Publish(string yaml, int status) => AsAdmin(s =>
    {
        s.Post.Text(yaml).ToUrl("/api/referentials");
        s.StatusCodeShouldBe(status);
    });

    [Fact]
    public async Task both_shipped_versions_are_published_on_start()
    {
        var result = await AsAdmin(s => s.Get.Url("/api/referentials"));
        var list = (await result.ReadAsJsonAsync<List<ReferentialSummary>>())!;
        list.Select(r => r.Version).ShouldBe(["2017.1", "2018.1"]);
        list.ShouldAllBe(r => r.Id == "qualiparis-services-sociaux" && r.Sha256.Length == 64 && r.Source.Contains("ILLUSTRATIF"));
        list[0].Engagements.ShouldBe(10);
        list[1].Engagements.ShouldBe(11);
    }

    [Fact]
    public async Task a_version_reads_back_with_its_indicators()
    {
        var result = await AsAdmin(s => s.Get.Url("/api/referentials/qualiparis-services-sociaux/2018.1"));
        var body = result.ReadAsText();
        body.ShouldContain("\"RDV-02-URGENCE\"");
        body.ShouldContain("\"working_days\"");
        body.ShouldContain("\"threshold\":15");
    }

    [Fact]
    public async Task publishing_the_same_content_twice_changes_nothing()
    {
        await Publish(Yaml("1.0"), 201);
        await Publish(Yaml("1.0"), 200);
        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(PublishedReferential.StreamKey("test-ref", "1.0"), token: Ct);
        events.Count.ShouldBe(1);
    }

    [Fact]
    public async Task the_same_version_with_other_content_is_a_conflict()
    {
        await Publish(Yaml("1.0"), 201);
        var result = await Publish(Yaml("1.0", threshold: "25"), 409);
        (await ProblemAnswer.From(result)).Detail!.ShouldContain("déjà publiée");
        var stored = await AsAdmin(s => s.Get.Url("/api/referentials/test-ref/1.0"));
        stored.ReadAsText().ShouldContain("\"threshold\":20");
    }

    [Fact]
    public async Task a_broken_file_is_refused_with_every_error_and_its_line()
    {
        var broken = Yaml("1.0").Replace("unit: minutes", "unit: heures").Replace("target: 0.8", "target: 1.5");
        var result = await Publish(broken, 400);
        var problem = await ProblemAnswer.From(result);
        problem.Errors!.Count.ShouldBe(2);
        problem.Errors.ShouldContain(e => e.Message.Contains("unité inconnue : heures") && e.Line == 14);
        problem.Errors.ShouldContain(e => e.Message.Contains("la cible doit être dans ]0 ; 1]") && e.Line == 14);
        await AsAdmin(s => { s.Get.Url("/api/referentials/test-ref/1.0"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task the_diff_lists_added_and_changed_items_field_by_field()
    {
        var result = await AsAdmin(s => s.Get.Url("/api/referentials/qualiparis-services-sociaux/diff?from=2017.1&to=2018.1"));
        var diff = (await result.ReadAsJsonAsync<ReferentialDiffResult>())!;
        diff.Added.Select(a => a.Code).ShouldBe(["RDV-02", "RDV-02-URGENCE"]);
        diff.Removed.ShouldBeEmpty();
        var threshold = diff.Changed.Single(c => c.Code == "ACC-01-ATTENTE").Changes.Single(c => c.Field == "threshold");
        (threshold.From, threshold.To).ShouldBe(("20", "15"));
        diff.Changed.Single(c => c.Code == "ECO-01").Changes.Select(c => c.Field).ShouldBe(["title", "text"]);
    }

    [Fact]
    public async Task a_diff_against_an_unpublished_version_is_not_found()
        => await AsAdmin(s => { s.Get.Url("/api/referentials/qualiparis-services-sociaux/diff?from=2017.1&to=2099.1"); s.StatusCodeShouldBe(404); });
}
