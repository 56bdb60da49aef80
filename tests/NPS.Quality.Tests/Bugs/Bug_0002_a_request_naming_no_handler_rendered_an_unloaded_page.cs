using Alba;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Bugs;

/// <summary>
/// A form posted to a handler the page does not have (or a hand-made <c>?handler=</c>) ran no handler, so Razor
/// rendered the page without loading it: a NullReferenceException and a 500. Such a request is now a 404.
/// </summary>
public sealed class Bug_0002_a_request_naming_no_handler_rendered_an_unloaded_page(AppFixture fixture) : IntegrationContext(fixture)
{
    [Theory]
    [InlineData("POST", "/sites/paris-11/echantillons")]
    [InlineData("POST", "/sites/paris-11/echantillons?handler=Inconnu")]
    public async Task an_unknown_handler_is_not_found(string method, string url)
    {
        var browser = await PageSession.SignInAsync(Host, await TokenFor("quality_lead", "paris-11"));
        var result = await Host.Scenario(s => browser.Send(s, method, url));
        result.Context.Response.StatusCode.ShouldBe(404);
    }
}
