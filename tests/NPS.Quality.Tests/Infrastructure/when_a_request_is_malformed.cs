using Alba;
using Shouldly;

namespace NPS.Quality.Tests.Infrastructure;

/// <summary>Rejections that no endpoint writes itself still answer a French ProblemDetails.</summary>
public sealed class when_a_request_is_malformed(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task a_body_of_the_wrong_type_is_415_in_french()
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Text("siteId=paris-20").ToUrl("/api/sites");
            s.StatusCodeShouldBe(415);
        });
        var problem = await ProblemAnswer.From(result);
        problem.Title.ShouldBe("Type de contenu non pris en charge");
        problem.Detail!.ShouldContain("Content-Type");
    }

    [Fact]
    public async Task unreadable_json_names_the_field_in_french_and_writes_nothing()
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Text("{ \"siteId\": \"paris-20\", \"arrondissements\": 20 }").ToUrl("/api/sites");
            s.WithRequestHeader("Content-Type", "application/json");
            s.StatusCodeShouldBe(400);
        });
        var problem = await ProblemAnswer.From(result);
        problem.Detail!.ShouldContain("arrondissements");
        problem.Detail!.ShouldContain("JSON valide");
        await AsAdmin(s => { s.Get.Url("/api/sites/paris-20"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task an_unknown_api_route_is_404_in_french()
    {
        var result = await AsAdmin(s => { s.Get.Url("/api/nulle-part"); s.StatusCodeShouldBe(404); });
        (await ProblemAnswer.From(result)).Title.ShouldBe("Introuvable");
    }
}
