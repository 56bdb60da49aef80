using Alba;
using NPS.Quality.Programmes;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Programmes;

/// <summary>The programme pages signed in as an administrator: drawing a programme and reading its sample with reasons.</summary>
public sealed class when_using_the_programme_pages(AppFixture fixture) : AuditContext(fixture)
{
    [Fact]
    public async Task the_administrator_draws_a_programme_and_reads_its_sample()
    {
        var browser = await PageSession.SignInAsync(Host, await TokenFor("admin"));
        var posted = await Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string>
            {
                ["__csrf"] = browser.Csrf, ["Form.Year"] = "2027", ["Form.Stage"] = "renewal", ["Form.Seed"] = "4242",
                ["Form.SiteIds"] = "paris-11",
            }).ToUrl("/programmes");
            s.WithRequestHeader("Cookie", browser.Cookies);
            s.StatusCodeShouldBe(302);
        });
        var location = posted.Context.Response.Headers.Location.ToString();
        location.ShouldStartWith("/programmes/programme-");

        var page = await Host.Scenario(s =>
        {
            s.Get.Url(location);
            s.WithRequestHeader("Cookie", browser.Cookies);
            s.StatusCodeShouldBe(200);
        });
        var html = page.ReadAsText();
        html.ShouldContain("id=\"echantillon\"");
        html.ShouldContain("graine 4242, parmi 1 sites");
        html.ShouldContain("Service social du 11e arrondissement");

        var list = await Host.Scenario(s =>
        {
            s.Get.Url("/programmes");
            s.WithRequestHeader("Cookie", browser.Cookies);
        });
        list.ReadAsText().ShouldContain(location);
    }
}
