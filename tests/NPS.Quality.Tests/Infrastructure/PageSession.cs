using System.Text.RegularExpressions;
using Alba;

namespace NPS.Quality.Tests.Infrastructure;

/// <summary>A signed-in browser, made as a person signs in on /connexion: its cookies, and the antiforgery token its pages carry.</summary>
public sealed partial record PageSession(string Cookies, string Csrf)
{
    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    private static string CookieJar(IScenarioResult result, string? before = null)
    {
        var jar = (before ?? "").Split("; ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(c => c[..c.IndexOf('=')], c => c);
        foreach (var set in result.Context.Response.Headers.SetCookie)
        {
            var pair = set!.Split(';')[0];
            jar[pair[..pair.IndexOf('=')]] = pair;
        }
        return string.Join("; ", jar.Values);
    }

    private static async Task<string> TokenOf(IAlbaHost host, string cookies, string url)
    {
        var page = await host.Scenario(s =>
        {
            s.Get.Url(url);
            if (cookies.Length > 0) s.WithRequestHeader("Cookie", cookies);
        });
        return CsrfField().Match(page.ReadAsText()).Groups[1].Value;
    }

    /// <summary>Signs in with the user's token on /connexion, as a person would.</summary>
    public static async Task<PageSession> SignInAsync(IAlbaHost host, string token)
    {
        var form = await host.Scenario(s => s.Get.Url("/connexion"));
        var cookies = CookieJar(form);
        var csrf = CsrfField().Match(form.ReadAsText()).Groups[1].Value;
        var signedIn = await host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["jeton"] = token, ["__csrf"] = csrf }).ToUrl("/connexion");
            s.WithRequestHeader("Cookie", cookies);
            s.StatusCodeShouldBe(302);
        });
        cookies = CookieJar(signedIn, cookies);
        // Antiforgery tokens are bound to the user: take one from a page rendered for the signed-in session.
        return new PageSession(cookies, await TokenOf(host, cookies, "/"));
    }

    /// <summary>A request as this browser sends it: a form (with its antiforgery token) or a GET, the handler in the query string.</summary>
    public void Send(Scenario s, string method, string url) => Send(s, method, url, this);

    /// <inheritdoc cref="Send(Scenario, string, string)"/>
    public static void Send(Scenario s, string method, string url, PageSession? browser)
    {
        var (path, query) = url.Contains('?') ? (url[..url.IndexOf('?')], url[url.IndexOf('?')..]) : (url, "");
        if (method == "GET") s.Get.Url(path);
        else s.Post.FormData(new Dictionary<string, string> { ["__csrf"] = browser?.Csrf ?? "" }).ToUrl(path);
        s.ConfigureHttpContext(c => c.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(query));
        if (browser is not null) s.WithRequestHeader("Cookie", browser.Cookies);
        s.IgnoreStatusCode();
    }
}
