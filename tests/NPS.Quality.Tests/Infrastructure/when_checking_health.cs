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
        var result = await Host.Scenario(s => s.Get.Url("/openapi/v1.json"));
        var doc = result.ReadAsText();
        doc.ShouldContain("/api/sites/{siteId}/referential");
        doc.ShouldContain("\"409\"");
        doc.ShouldContain("Jeton manquant, inconnu ou révoqué");
    }
}
