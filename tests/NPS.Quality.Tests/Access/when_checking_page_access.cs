using System.Reflection;
using System.Text.RegularExpressions;
using Alba;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Access;

/// <summary>The pages under the same rules as the API: every page and handler, as every role, on its own site and another.</summary>
public sealed class when_checking_page_access(AppFixture fixture) : IntegrationContext(fixture)
{
    public static TheoryData<string> Pages() => new(PageRule.All.Select(r => r.ToString()));

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

    private Task<IScenarioResult> Call(PageRule rule, PageSession? browser)
        => Host.Scenario(s =>
        {
            var url = _ids.Aggregate(rule.Url, (u, id) => u.Replace(id.Key, id.Value));
            PageSession.Send(s, rule.Method, url, browser);
        });

    [Theory, MemberData(nameof(Pages))]
    public async Task each_role_gets_exactly_its_rights(string page)
    {
        var rule = PageRule.All.Single(r => r.ToString() == page);
        await Arrange(rule);
        var tokens = new Dictionary<Actor, string>
        {
            // A fresh administrator: the bootstrap admin's token may still name, for a few seconds, the admin of a wiped store.
            [Actor.Admin] = await TokenFor("admin"),
            [Actor.Auditor] = await TokenFor("auditor"),
            [Actor.QualityLeadOfTheSite] = await TokenFor("quality_lead", "paris-11"),
            [Actor.SiteManagerOfTheSite] = await TokenFor("site_manager", "paris-11"),
            [Actor.QualityLeadOfAnotherSite] = await TokenFor("quality_lead", "paris-14"),
            [Actor.SiteManagerOfAnotherSite] = await TokenFor("site_manager", "paris-14"),
        };
        foreach (var (actor, token) in tokens)
        {
            var result = await Call(rule, await PageSession.SignInAsync(Host, token));
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
        "/exports/{what}" => "NPS.Quality.Web.Pages.ExportModel",
        "/programmes" => "NPS.Quality.Web.Pages.Programmes.IndexModel",
        "/programmes/{programmeId}" => "NPS.Quality.Web.Pages.Programmes.ProgrammeModel",
        "/rappels" => "NPS.Quality.Web.Pages.RappelsModel",
        "/connexion" => "NPS.Quality.Web.Pages.ConnexionModel",
        "/deconnexion" => "NPS.Quality.Web.Pages.DeconnexionModel",
        "/erreur/{code:int}" => "NPS.Quality.Web.Pages.ErreurModel",
        "/mes-actions" => "NPS.Quality.Web.Pages.MesActionsModel",
        "/sites/{siteId}/historique" => "NPS.Quality.Web.Pages.HistoriqueModel",
        "/administration" => "NPS.Quality.Web.Pages.Administration.IndexModel",
        "/administration/utilisateurs" => "NPS.Quality.Web.Pages.Administration.UtilisateursModel",
        "/administration/referentiels" => "NPS.Quality.Web.Pages.Administration.ReferentielsModel",
        "/administration/sites" => "NPS.Quality.Web.Pages.Administration.SitesModel",
        "/accessibilite" => "NPS.Quality.Web.Pages.AccessibiliteModel",
        "/mentions-legales" => "NPS.Quality.Web.Pages.MentionsLegalesModel",
        "/donnees-personnelles" => "NPS.Quality.Web.Pages.DonneesPersonnellesModel",
        _ => "",
    };
}
