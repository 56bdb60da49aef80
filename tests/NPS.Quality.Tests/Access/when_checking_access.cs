using System.Text;
using Alba;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Access;

public sealed class when_checking_access(AppFixture fixture) : IntegrationContext(fixture)
{
    public static TheoryData<string> Endpoints() => new(EndpointRule.All.Select(r => r.ToString()));

    private async Task<Dictionary<Actor, string>> Actors() => new()
    {
        [Actor.Admin] = AppFixture.AdminToken,
        [Actor.Auditor] = await TokenFor("auditor"),
        [Actor.QualityLeadOfTheSite] = await TokenFor("quality_lead", "paris-11"),
        [Actor.SiteManagerOfTheSite] = await TokenFor("site_manager", "paris-11"),
        [Actor.QualityLeadOfAnotherSite] = await TokenFor("quality_lead", "paris-14"),
        [Actor.SiteManagerOfAnotherSite] = await TokenFor("site_manager", "paris-14"),
    };

    private readonly Dictionary<string, string> _ids = new() { ["{audit}"] = "audit-inconnu", ["{finding}"] = "f-inconnu", ["{action}"] = "a-inconnu", ["{dossier}"] = "dossier-inconnu" };

    /// <summary>A started audit of paris-11 with a minor NC and one corrective action, for the {audit} routes.</summary>
    private async Task ArrangeAnAudit(string auditor)
    {
        var planned = await Scenario(auditor, s =>
        {
            s.Post.Json(new { kind = "internal", type = "initial", plannedOn = "2017-10-10", auditors = new[] { "A. Auditeur" }, scope = "Accueil" })
                .ToUrl("/api/sites/paris-11/audits");
            s.StatusCodeShouldBe(201);
        });
        var audit = (await planned.ReadAsJsonAsync<Created>())!.Id;
        await Scenario(auditor, s => s.Post.Json(new { expectedVersion = 1 }).ToUrl($"/api/audits/{audit}/start"));
        var finding = (await (await Scenario(auditor, s =>
        {
            s.Post.Json(new { category = "NC_MINEURE", engagement = "ACC-01", statement = "Affichage incomplet", expectedVersion = 2 })
                .ToUrl($"/api/audits/{audit}/findings");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<Created>())!.Id;
        var action = (await (await Scenario(auditor, s =>
        {
            s.Post.Json(new { description = "Refaire l'affichage", owner = "Responsable", expectedVersion = 3 })
                .ToUrl($"/api/audits/{audit}/findings/{finding}/actions");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<Created>())!.Id;
        (_ids["{audit}"], _ids["{finding}"], _ids["{action}"]) = (audit, finding, action);
    }

    /// <summary>An AFNOR dossier of paris-11, for the {dossier} routes (a dossier is read after loading it: 403 needs one).</summary>
    private async Task ArrangeADossier()
    {
        var requested = await AsAdmin(s =>
        {
            s.Post.Json(new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" }).ToUrl("/api/sites/paris-11/dossiers");
            s.StatusCodeShouldBe(202);
        });
        _ids["{dossier}"] = (await requested.ReadAsJsonAsync<DossierCreated>())!.DossierId;
    }

    private sealed record DossierCreated(string DossierId);

    private string UrlOf(EndpointRule rule) => _ids.Aggregate(rule.Url, (url, id) => url.Replace(id.Key, id.Value));

    private Task<IScenarioResult> Call(EndpointRule rule, string? token, int expected, string? rawBody = null)
        => Host.Scenario(s =>
        {
            if (token is not null) s.WithRequestHeader("Authorization", $"Bearer {token}");
            var url = UrlOf(rule);
            if (rule.Method == "GET") s.Get.Url(url);
            else if (rawBody is not null)
            {
                s.Post.Text(rawBody).ToUrl(url);
                if (rule.Body is not string) s.WithRequestHeader("Content-Type", "application/json");
            }
            else if (rule.Body is string text) s.Post.Text(text).ToUrl(url);
            else if (rule.Body is not null) s.Post.Json(rule.Body).ToUrl(url);
            else s.Post.Url(url);
            s.IgnoreStatusCode();
        });

    [Theory, MemberData(nameof(Endpoints))]
    public async Task each_role_gets_exactly_its_rights(string endpoint)
    {
        var rule = EndpointRule.All.Single(r => r.ToString() == endpoint);
        var actors = await Actors();
        if (rule.Url.Contains("{audit}")) await ArrangeAnAudit(actors[Actor.Auditor]);
        if (rule.Url.Contains("{dossier}")) await ArrangeADossier();
        foreach (var (actor, token) in actors)
        {
            var result = await Call(rule, token, 0);
            var status = result.Context.Response.StatusCode;
            if (rule.Allowed.Contains(actor))
                status.ShouldNotBeOneOf([401, 403], $"{actor} should be allowed on {endpoint}");
            else
            {
                status.ShouldBe(403, $"{actor} should be refused on {endpoint}");
                var problem = await ProblemAnswer.From(result);
                problem.Title.ShouldBe("Accès refusé");
                problem.Detail.ShouldNotBeNullOrWhiteSpace();
            }
        }
    }

    [Theory, MemberData(nameof(Endpoints))]
    public async Task no_token_an_unknown_token_or_a_malformed_header_is_401(string endpoint)
    {
        var rule = EndpointRule.All.Single(r => r.ToString() == endpoint);
        foreach (var header in new[] { null, "npsq_unknown", "" })
        {
            // A body that would not even parse: authentication must answer before it is read.
            var result = await Call(rule, header, 0, rawBody: rule.Method == "POST" ? "{ pas du json" : null);
            result.Context.Response.StatusCode.ShouldBe(401, $"token '{header}' on {endpoint}");
            (await ProblemAnswer.From(result)).Detail!.ShouldContain("Jeton d'accès");
        }
    }

    [Fact]
    public void every_api_endpoint_is_in_the_matrix()
    {
        var routes = Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/") == true || e.RoutePattern.RawText?.StartsWith("api/") == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .Distinct().Order().ToList();

        routes.ShouldNotBeEmpty();
        routes.ShouldBe(EndpointRule.All.Select(r => r.ToString()).Order().ToList(), ignoreOrder: true);
    }

    [Fact]
    public async Task a_revoked_token_stops_working_within_seconds()
    {
        var created = await AsAdmin(s =>
        {
            s.Post.Json(new { name = "temporaire", role = "auditor" }).ToUrl("/api/users");
            s.StatusCodeShouldBe(201);
        });
        var user = (await created.ReadAsJsonAsync<CreatedUser>())!;
        await Scenario(user.Token, s => s.Get.Url("/api/sites"));

        await AsAdmin(s => s.Post.Url($"/api/users/{user.Id}/revoke"));

        var deadline = DateTime.UtcNow.AddSeconds(10);
        int status;
        do
        {
            var result = await Host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", $"Bearer {user.Token}");
                s.Get.Url("/api/sites");
                s.IgnoreStatusCode();
            });
            status = result.Context.Response.StatusCode;
            if (status != 401) await Task.Delay(250, Ct);
        } while (status != 401 && DateTime.UtcNow < deadline);
        status.ShouldBe(401);
    }

    [Fact]
    public async Task a_token_is_shown_once_and_stored_only_as_a_hash()
    {
        var created = await AsAdmin(s =>
        {
            s.Post.Json(new { name = "Camille", role = "site_manager", siteId = "paris-18" }).ToUrl("/api/users");
            s.StatusCodeShouldBe(201);
        });
        var user = (await created.ReadAsJsonAsync<CreatedUser>())!;
        user.Token.Length.ShouldBeGreaterThanOrEqualTo(43); // 256 bits in base64url

        var list = (await AsAdmin(s => s.Get.Url("/api/users"))).ReadAsText();
        list.ShouldContain("Camille");
        list.ShouldNotContain(user.Token);

        await using var connection = Store.Storage.Database.CreateConnection();
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "select count(*) from nps.mt_events where data::text like '%' || @t || '%'";
        var p = command.CreateParameter();
        p.ParameterName = "t";
        p.Value = user.Token;
        command.Parameters.Add(p);
        ((long)(await command.ExecuteScalarAsync(Ct))!).ShouldBe(0);
    }

    [Fact]
    public async Task a_user_needs_a_known_role_and_the_right_site_binding()
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Json(new { name = "", role = "chef" }).ToUrl("/api/users");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(result)).Errors!.Select(e => e.Field).ShouldBe(["name", "role"]);

        result = await AsAdmin(s =>
        {
            s.Post.Json(new { name = "X", role = "quality_lead" }).ToUrl("/api/users");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(result)).Errors!.Single().Field.ShouldBe("siteId");

        result = await AsAdmin(s =>
        {
            s.Post.Json(new { name = "Y", role = "site_manager", siteId = "paris-99" }).ToUrl("/api/users");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(result)).Errors!.Single().Message.ShouldBe("site inconnu");
    }

    [Fact]
    public async Task a_site_user_lists_only_its_own_site()
    {
        var token = await TokenFor("site_manager", "paris-14");
        var text = (await Scenario(token, s => s.Get.Url("/api/sites"))).ReadAsText();
        text.ShouldContain("paris-14");
        text.ShouldNotContain("paris-11");
    }

    [Fact]
    public async Task the_site_history_says_when_who_and_what()
    {
        await AsAdmin(s => s.Post.Json(new { referential = "qualiparis-services-sociaux", version = "2018.1", expectedVersion = 1 })
            .ToUrl("/api/sites/paris-11/referential"));
        var token = await TokenFor("site_manager", "paris-11");
        var history = (await (await Scenario(token, s => s.Get.Url("/api/sites/paris-11/history"))).ReadAsJsonAsync<HistoryAnswer>())!;

        history.Events.Select(e => e.Type).ShouldBe(["site_registered", "site_referential_changed", "user_created"]);
        history.Events[0].By.ShouldBe("system");
        history.Events[1].By.ShouldBe("admin");
        history.Events[1].What.ShouldBe("Passage du référentiel 2017.1 à 2018.1");
        history.Events[2].What.ShouldStartWith("Utilisateur site_manager-paris-11-");
        history.Events[2].What.ShouldEndWith("créé (responsable de site)");
    }

    private sealed record CreatedUser(string Id, string Token);

    private sealed record Created(string Id);

    private sealed record HistoryAnswer(string SiteId, List<HistoryItem> Events);

    private sealed record HistoryItem(string Type, string? By, string What, DateTimeOffset At);
}
