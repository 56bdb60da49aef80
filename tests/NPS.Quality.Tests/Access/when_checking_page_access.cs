using System.Reflection;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Access;

/// <summary>The pages under the same rules as the API: every page and handler, as every role, on its own site and another.</summary>
public sealed partial class when_checking_page_access(AppFixture fixture) : IntegrationContext(fixture)
{
    public static TheoryData<string> Pages() => new(PageRule.All.Select(r => r.ToString()));

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    /// <summary>A signed-in browser: its cookies, and the antiforgery token its pages carry.</summary>
    private sealed record Browser(string Cookies, string Csrf);

    private static string Cookies(IScenarioResult result, string? before = null)
    {
        var jar = (before ?? "").Split("; ", StringSplitOptions.RemoveEmptyEntries).ToDictionary(c => c[..c.IndexOf('=')], c => c);
        foreach (var set in result.Context.Response.Headers.SetCookie)
        {
            var pair = set!.Split(';')[0];
            jar[pair[..pair.IndexOf('=')]] = pair;
        }
        return string.Join("; ", jar.Values);
    }

    private async Task<string> Csrf(string cookies, string url)
    {
        var page = await Host.Scenario(s =>
        {
            s.Get.Url(url);
            if (cookies.Length > 0) s.WithRequestHeader("Cookie", cookies);
        });
        return CsrfField().Match(page.ReadAsText()).Groups[1].Value;
    }

    /// <summary>Signs in with the user's token on /connexion, as a person would.</summary>
    private async Task<Browser> SignIn(string token)
    {
        var form = await Host.Scenario(s => s.Get.Url("/connexion"));
        var cookies = Cookies(form);
        var csrf = CsrfField().Match(form.ReadAsText()).Groups[1].Value;
        var signedIn = await Host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["jeton"] = token, ["__csrf"] = csrf }).ToUrl("/connexion");
            s.WithRequestHeader("Cookie", cookies);
            s.StatusCodeShouldBe(302);
        });
        cookies = Cookies(signedIn, cookies);
        // Antiforgery tokens are bound to the user: take one from a page rendered for the signed-in session.
        return new Browser(cookies, await Csrf(cookies, "/"));
    }

    private readonly Dictionary<string, string> _ids = new() { ["{audit}"] = "audit-inconnu", ["{dossier}"] = "dossier-inconnu" };

    private async Task Arrange(PageRule rule)
    {
        if (rule.Url.Contains("{audit}"))
        {
            var planned = await Scenario(await TokenFor("auditor"), s =>
            {
                s.Post.Json(new { kind = "internal", type = "initial", plannedOn = "2017-10-10", auditors = new[] { "A. Auditeur" } })
                    .ToUrl("/api/sites/paris-11/audits");
                s.StatusCodeShouldBe(201);
            });
            _ids["{audit}"] = (await planned.ReadAsJsonAsync<Created>())!.Id;
        }
        if (rule.Url.Contains("{dossier}"))
        {
            var requested = await AsAdmin(s =>
            {
                s.Post.Json(new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" }).ToUrl("/api/sites/paris-11/dossiers");
                s.StatusCodeShouldBe(202);
            });
            _ids["{dossier}"] = (await requested.ReadAsJsonAsync<DossierCreated>())!.DossierId;
        }
    }

    private sealed record Created(string Id);

    private sealed record DossierCreated(string DossierId);

    private Task<IScenarioResult> Call(PageRule rule, Browser? browser)
        => Host.Scenario(s =>
        {
            var url = _ids.Aggregate(rule.Url, (u, id) => u.Replace(id.Key, id.Value));
            if (rule.Method == "GET") s.Get.Url(url);
            else s.Post.FormData(new Dictionary<string, string> { ["__csrf"] = browser?.Csrf ?? "" }).ToUrl(url);
            if (browser is not null) s.WithRequestHeader("Cookie", browser.Cookies);
            s.IgnoreStatusCode();
        });

    [Theory, MemberData(nameof(Pages))]
    public async Task each_role_gets_exactly_its_rights(string page)
    {
        var rule = PageRule.All.Single(r => r.ToString() == page);
        await Arrange(rule);
        var tokens = new Dictionary<Actor, string>
        {
            [Actor.Admin] = AppFixture.AdminToken,
            [Actor.Auditor] = await TokenFor("auditor"),
            [Actor.QualityLeadOfTheSite] = await TokenFor("quality_lead", "paris-11"),
            [Actor.SiteManagerOfTheSite] = await TokenFor("site_manager", "paris-11"),
            [Actor.QualityLeadOfAnotherSite] = await TokenFor("quality_lead", "paris-14"),
            [Actor.SiteManagerOfAnotherSite] = await TokenFor("site_manager", "paris-14"),
        };
        foreach (var (actor, token) in tokens)
        {
            var result = await Call(rule, await SignIn(token));
            var status = result.Context.Response.StatusCode;
            status.ShouldBeLessThan(500, $"{actor} on {page}");
            if (rule.Allowed.Contains(actor)) status.ShouldNotBe(403, $"{actor} should be allowed on {page}");
            else status.ShouldBe(403, $"{actor} should be refused on {page}");
        }
    }

    [Theory, MemberData(nameof(Pages))]
    public async Task without_a_session_a_page_sends_to_the_sign_in(string page)
    {
        var rule = PageRule.All.Single(r => r.ToString() == page);
        if (rule.Open) return;
        await Arrange(rule);
        var result = await Call(rule, null);
        var status = result.Context.Response.StatusCode;
        // A GET is sent to the sign-in page; a POST without a session has no antiforgery token either: 400 or the sign-in.
        if (rule.Method == "GET")
        {
            status.ShouldBe(302, page);
            result.Context.Response.Headers.Location.ToString().ShouldContain("/connexion?retour=");
        }
        else status.ShouldBeOneOf([302, 400], page);
    }

    [Fact]
    public void every_page_and_handler_is_in_the_matrix()
    {
        var pages = typeof(Program).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(PageModel)) && !t.IsAbstract);
        var found = new List<string>();
        foreach (var model in pages)
        {
            var route = PageRule.All.FirstOrDefault(r => RouteOwner(r.Route) == model.FullName)?.Route;
            route.ShouldNotBeNull($"{model.FullName} has no row in PageMatrix");
            foreach (var method in model.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            {
                var m = Regex.Match(method.Name, "^On(Get|Post)(.*?)(Async)?$");
                if (!m.Success) continue;
                var handler = m.Groups[2].Value;
                found.Add(new PageRule(m.Groups[1].Value.ToUpperInvariant(), route!, handler.Length == 0 ? null : handler, "").ToString());
            }
        }
        found.Distinct().Order().ToList().ShouldBe(PageRule.All.Select(r => r.ToString()).Order().ToList(), ignoreOrder: true);
    }

    /// <summary>The page model class serving a route (the page's @page directive).</summary>
    private static string RouteOwner(string route) => route switch
    {
        "/" => "NPS.Quality.Web.Pages.IndexModel",
        "/sites/{siteId}" => "NPS.Quality.Web.Pages.SiteModel",
        "/sites/{siteId}/echantillons" => "NPS.Quality.Web.Pages.EchantillonsModel",
        "/audits" => "NPS.Quality.Web.Pages.Audits.IndexModel",
        "/audits/{auditId}" => "NPS.Quality.Web.Pages.Audits.AuditModel",
        "/dossiers/{dossierId}/pdf" => "NPS.Quality.Web.Pages.DossierPdfModel",
        "/connexion" => "NPS.Quality.Web.Pages.ConnexionModel",
        "/deconnexion" => "NPS.Quality.Web.Pages.DeconnexionModel",
        "/erreur/{code:int}" => "NPS.Quality.Web.Pages.ErreurModel",
        _ => "",
    };
}
