using Alba;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>Every answer carries the security headers: a page, an API answer, an error of each kind.</summary>
public sealed class when_answering_with_security_headers(AppFixture fixture) : IntegrationContext(fixture)
{
    private static string Header(IScenarioResult result, string name)
        => result.Context.Response.Headers[name].ToString();

    private static void ShouldCarryTheCommonHeaders(IScenarioResult result)
    {
        Header(result, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(result, "Referrer-Policy").ShouldNotBeNullOrEmpty();
        var csp = Header(result, "Content-Security-Policy");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldNotContain("unsafe-inline");
        csp.ShouldNotContain("unsafe-eval");
        // Served over plain HTTP here: no HSTS (it would be ignored, and must not stick to a later HTTPS set-up).
        Header(result, "Strict-Transport-Security").ShouldBeEmpty();
    }

    [Fact]
    public async Task a_page_allows_only_its_own_origin()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/connexion"); s.StatusCodeShouldBeOk(); });
        ShouldCarryTheCommonHeaders(result);
        Header(result, "Content-Security-Policy").ShouldContain("default-src 'self'");
        Header(result, "X-Frame-Options").ShouldBe("DENY");
    }

    [Fact]
    public async Task a_page_holds_no_inline_script_or_style()
    {
        // The CSP would block them: the pages must not need any.
        var html = (await Host.Scenario(s => s.Get.Url("/connexion"))).ReadAsText();
        html.ShouldNotContain("<script");
        html.ShouldNotContain("style=");
        html.ShouldNotContain("<style");
    }

    [Fact]
    public async Task an_api_answer_carries_them_too()
    {
        var result = await AsAdmin(s => { s.Get.Url("/api/sites"); s.StatusCodeShouldBeOk(); });
        ShouldCarryTheCommonHeaders(result);
        Header(result, "Content-Security-Policy").ShouldContain("default-src 'none'");
    }

    [Fact]
    public async Task an_api_error_carries_them_too()
    {
        ShouldCarryTheCommonHeaders(await AsAdmin(s => { s.Get.Url("/api/nulle-part"); s.StatusCodeShouldBe(404); }));
        ShouldCarryTheCommonHeaders(await Host.Scenario(s => { s.Get.Url("/api/sites"); s.StatusCodeShouldBe(401); }));
        ShouldCarryTheCommonHeaders(await AsAdmin(s => { s.Get.Url("/api/sites/paris-11/history?page=0"); s.StatusCodeShouldBe(400); }));
    }

    [Fact]
    public async Task a_page_error_carries_them_too()
        => ShouldCarryTheCommonHeaders(await Host.Scenario(s => { s.Get.Url("/nulle-part"); s.StatusCodeShouldBe(404); }));

    [Fact]
    public async Task the_stylesheet_is_not_sniffed()
    {
        var result = await Host.Scenario(s => { s.Get.Url("/css/site.css"); s.StatusCodeShouldBeOk(); });
        Header(result, "X-Content-Type-Options").ShouldBe("nosniff");
    }

    [Fact]
    public async Task hsts_is_sent_over_https_only()
    {
        var result = await Host.Scenario(s =>
        {
            s.Get.Url("/connexion");
            // The package never sends HSTS to localhost: a real name, as behind the production proxy.
            s.ConfigureHttpContext(c => { c.Request.Scheme = "https"; c.Request.Host = new Microsoft.AspNetCore.Http.HostString("qualite.example.fr"); });
        });
        Header(result, "Strict-Transport-Security").ShouldStartWith("max-age=");
    }
}
