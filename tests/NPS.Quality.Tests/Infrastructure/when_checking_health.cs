using Alba;
using Shouldly;

namespace NPS.Quality.Tests.Infrastructure;

public sealed class when_checking_health(AppFixture fixture) : IntegrationContext(fixture)
{
    [Fact]
    public async Task health_answers_without_a_token()
        => await Host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBeOk(); });

    [Fact]
    public async Task the_openapi_document_describes_the_conflict_answers()
    {
        var doc = await OpenApi.DocumentAsync(Host);
        var responses = OpenApi.Operation(doc, "post", "/api/sites/{siteId}/referential").GetProperty("responses");
        responses.TryGetProperty("409", out _).ShouldBeTrue();
        responses.GetProperty("401").GetProperty("description").GetString()!.ShouldContain("Jeton manquant, inconnu ou révoqué");
    }
}
