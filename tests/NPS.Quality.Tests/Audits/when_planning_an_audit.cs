using Alba;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

public sealed class when_planning_an_audit(AppFixture fixture) : AuditContext(fixture)
{
    [Fact]
    public async Task an_auditor_plans_it_pinned_to_the_site_version()
    {
        var token = await Auditor();
        var result = await Scenario(token, s =>
        {
            s.Post.Json(new { kind = "internal", type = "initial", plannedOn = "2017-10-16", auditors = new[] { "Anne Martin" }, scope = "accueil" })
                .ToUrl("/api/sites/paris-11/audits");
            s.StatusCodeShouldBe(201);
        });
        var id = (await result.ReadAsJsonAsync<NPS.Quality.Audits.AuditItemCreated>())!.Id;
        id.ShouldStartWith("audit-");
        result.Context.Response.Headers.Location.ToString().ShouldBe($"/api/audits/{id}");

        var audit = await Audit(id);
        audit.Version.ShouldBe(1);
        audit.SiteId.ShouldBe("paris-11");
        audit.State.ShouldBe("planned");
        audit.StateLabel.ShouldBe("planifié");
        audit.KindLabel.ShouldBe("audit interne");
        audit.PlannedOn.ShouldBe(new DateOnly(2017, 10, 16));
        audit.ReferentialVersion.ShouldBe("2017.1");
        audit.PlannedBy.ShouldStartWith("auditor-");

        // The site moves on to 2018.1: the audit stays on the version it was planned against.
        await AsAdmin(s =>
        {
            s.Post.Json(new { referential = "qualiparis-services-sociaux", version = "2018.1", expectedVersion = 1 }).ToUrl("/api/sites/paris-11/referential");
            s.StatusCodeShouldBe(200);
        });
        (await Audit(id)).ReferentialVersion.ShouldBe("2017.1");
        (await Plan()).ShouldNotBe(id);
        (await Audit(await Plan(kind: "afnor"))).ReferentialVersion.ShouldBe("2018.1");
    }

    [Fact]
    public async Task bad_fields_are_refused_field_by_field()
    {
        var result = await AsAuditor("/api/sites/paris-11/audits", new { kind = "externe", type = "", auditors = new[] { " " } }, 400);
        var problem = await ProblemAnswer.From(result);
        problem.Errors!.Select(e => e.Field).ShouldBe(["kind", "type", "plannedOn", "auditors"]);
        problem.Errors![0].Message.ShouldBe("type d'audit inconnu : internal ou afnor");
        (await Site("paris-11")).LabelStatus.ShouldBe("in_preparation");
    }

    [Fact]
    public async Task the_openapi_document_lists_the_audit_routes()
    {
        var doc = await OpenApi.DocumentAsync(Host);
        OpenApi.Operation(doc, "post", "/api/sites/{siteId}/audits").GetProperty("responses").TryGetProperty("201", out _).ShouldBeTrue();
        OpenApi.Operation(doc, "post", "/api/audits/{auditId}/conclude").GetProperty("responses").TryGetProperty("409", out _).ShouldBeTrue();
        OpenApi.Operation(doc, "post", "/api/audits/{auditId}/findings/{findingId}/actions/{actionId}/complete").ValueKind
            .ShouldBe(System.Text.Json.JsonValueKind.Object);
        OpenApi.Operation(doc, "get", "/api/actions").ValueKind.ShouldBe(System.Text.Json.JsonValueKind.Object);
    }

    [Fact]
    public async Task an_unknown_site_is_not_found()
        => await AsAuditor("/api/sites/paris-99/audits", new { kind = "internal", type = "initial", plannedOn = "2017-10-16", auditors = new[] { "A" } }, 404);

    [Fact]
    public async Task only_auditors_plan_audits()
    {
        foreach (var token in new[] { AppFixture.AdminToken, await TokenFor("site_manager", "paris-11"), await TokenFor("quality_lead", "paris-11") })
            await Scenario(token, s =>
            {
                s.Post.Json(new { kind = "internal", type = "initial", plannedOn = "2017-10-16", auditors = new[] { "A" } }).ToUrl("/api/sites/paris-11/audits");
                s.StatusCodeShouldBe(403);
            });
    }

    [Fact]
    public async Task the_lifecycle_runs_planned_started_concluded_closed_and_not_backwards()
    {
        var id = await Plan();
        (await ProblemAnswer.From(await Conclude(id, "favorable", 400))).Detail.ShouldBe("audit : seul un audit en cours peut être conclu (cet audit est planifié)");
        await Start(id);
        (await ProblemAnswer.From(await AsAuditor($"/api/audits/{id}/start", new { expectedVersion = 2 }, 400)))
            .Detail.ShouldBe("audit : seul un audit planifié peut être démarré (cet audit est en cours)");
        await Conclude(id, "favorable");
        await CloseAudit(id);
        var audit = await Audit(id);
        audit.State.ShouldBe("closed");
        audit.StateLabel.ShouldBe("clôturé");
        audit.ConclusionLabel.ShouldBe("avis favorable");
        audit.Version.ShouldBe(4);
        await CloseAudit(id, 400);
    }
}
