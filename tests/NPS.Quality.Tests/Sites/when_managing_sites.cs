using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using NPS.Quality.Sites;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Sites;

public sealed class when_managing_sites(AppFixture fixture) : IntegrationContext(fixture)
{
    private async Task<SiteView> Site(string id)
        => (await (await AsAdmin(s => s.Get.Url($"/api/sites/{id}"))).ReadAsJsonAsync<SiteView>())!;

    [Fact]
    public async Task the_four_pilot_sites_are_registered_on_2017_1()
    {
        var sites = (await (await AsAdmin(s => s.Get.Url("/api/sites"))).ReadAsJsonAsync<List<SiteView>>())!;
        sites.Select(s => s.Id).ShouldBe(["paris-11", "paris-14", "paris-18", "paris-8-17"]);
        sites.ShouldAllBe(s => s.ReferentialVersion == "2017.1" && s.Version == 1);
        sites.Single(s => s.Id == "paris-8-17").Arrondissements.ShouldBe(["8e", "17e"]);
    }

    [Fact]
    public async Task a_site_moves_to_the_next_version_and_keeps_its_history()
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Json(new { referential = "qualiparis-services-sociaux", version = "2018.1", expectedVersion = 1 }).ToUrl("/api/sites/paris-11/referential");
            s.StatusCodeShouldBe(200);
        });
        var site = await Site("paris-11");
        site.ReferentialVersion.ShouldBe("2018.1");
        site.Version.ShouldBe(2);
        site.ReferentialHistory.Select(h => h.Version).ShouldBe(["2017.1", "2018.1"]);

        await using var session = Store.QuerySession();
        var changed = (await session.Events.FetchStreamAsync("paris-11", token: Ct)).Last();
        var data = changed.Data.ShouldBeOfType<SiteReferentialChanged>();
        data.Added.ShouldBe(["RDV-02", "RDV-02-URGENCE"]);
        data.CarriedOver["ACC-01-ATTENTE"].ShouldBe("ACC-01-ATTENTE");
        changed.UserName.ShouldBe("admin");
    }

    [Fact]
    public async Task a_stale_expected_version_is_a_conflict_and_writes_nothing()
    {
        await AsAdmin(s =>
        {
            s.Post.Json(new { referential = "qualiparis-services-sociaux", version = "2018.1", expectedVersion = 0 }).ToUrl("/api/sites/paris-14/referential");
            s.StatusCodeShouldBe(409);
        });
        (await Site("paris-14")).ReferentialVersion.ShouldBe("2017.1");
    }

    [Fact]
    public async Task an_interleaving_second_writer_gets_a_conflict()
    {
        // The first writer has loaded version 1 and is about to commit; a second writer commits first.
        await using var first = Store.LightweightSession();
        var stream = await first.Events.FetchForWriting<Site>("paris-18", 1, Ct);

        await AsAdmin(s =>
        {
            s.Post.Json(new { referential = "qualiparis-services-sociaux", version = "2018.1", expectedVersion = 1 }).ToUrl("/api/sites/paris-18/referential");
            s.StatusCodeShouldBe(200);
        });

        stream.AppendOne(new SiteReferentialChanged("paris-18", "qualiparis-services-sociaux", "2017.1", "2018.1",
            new Dictionary<string, string>(), [], [], DateTimeOffset.UtcNow));
        await Should.ThrowAsync<JasperFx.ConcurrencyException>(() => first.SaveChangesAsync(Ct));

        // And the HTTP writer that still holds version 1 is told so.
        await AsAdmin(s =>
        {
            s.Post.Json(new { referential = "qualiparis-services-sociaux", version = "2017.1", expectedVersion = 1 }).ToUrl("/api/sites/paris-18/referential");
            s.StatusCodeShouldBe(409);
        });
        (await Site("paris-18")).Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_change_to_an_unpublished_version_or_another_referential_is_refused()
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Json(new { referential = "autre", version = "2099.1", expectedVersion = 1 }).ToUrl("/api/sites/paris-11/referential");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(result)).Errors!.ShouldContain(e => e.Field == "referential");

        result = await AsAdmin(s =>
        {
            s.Post.Json(new { referential = "qualiparis-services-sociaux", version = "2099.1", expectedVersion = 1 }).ToUrl("/api/sites/paris-11/referential");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(result)).Errors!.ShouldHaveSingleItem().Message.ShouldContain("version non publiée");
    }

    [Fact]
    public async Task a_new_site_is_registered_once()
    {
        var body = new { siteId = "paris-20", name = "Service social du 20e", arrondissements = new[] { "20e" }, referential = "qualiparis-services-sociaux", version = "2018.1" };
        await AsAdmin(s => { s.Post.Json(body).ToUrl("/api/sites"); s.StatusCodeShouldBe(201); s.Header("Location").SingleValueShouldEqual("/api/sites/paris-20"); });
        await AsAdmin(s => { s.Post.Json(body).ToUrl("/api/sites"); s.StatusCodeShouldBe(409); });
        (await Site("paris-20")).ReferentialVersion.ShouldBe("2018.1");
    }

    [Fact]
    public async Task a_site_with_bad_fields_is_refused_field_by_field()
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Json(new { siteId = "Paris 20", name = "", arrondissements = Array.Empty<string>(), referential = "qualiparis-services-sociaux", version = "1999.1" }).ToUrl("/api/sites");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(result)).Errors!.Select(e => e.Field).ShouldBe(["siteId", "name", "arrondissements", "version"]);
    }

    [Fact]
    public async Task an_unknown_site_is_not_found()
        => await AsAdmin(s => { s.Get.Url("/api/sites/paris-99"); s.StatusCodeShouldBe(404); });
}
