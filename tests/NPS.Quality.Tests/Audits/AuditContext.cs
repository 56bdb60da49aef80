using Alba;
using NPS.Quality.Audits;
using NPS.Quality.Sites;
using NPS.Quality.Tests.Infrastructure;

namespace NPS.Quality.Tests.Audits;

/// <summary>An auditor's moves through the API, each sending the version it just read as expectedVersion.</summary>
public abstract class AuditContext(AppFixture fixture) : IntegrationContext(fixture)
{
    private string? _auditor;

    protected async Task<string> Auditor() => _auditor ??= await TokenFor("auditor");

    protected async Task<IScenarioResult> AsAuditor(string url, object body, int status)
    {
        var token = await Auditor();
        return await Scenario(token, s =>
        {
            s.Post.Json(body).ToUrl(url);
            s.StatusCodeShouldBe(status);
        });
    }

    protected async Task<AuditView> Audit(string auditId)
        => (await (await AsAdmin(s => s.Get.Url($"/api/audits/{auditId}"))).ReadAsJsonAsync<AuditView>())!;

    protected async Task<int> VersionOf(string auditId) => (await Audit(auditId)).Version;

    protected async Task<SiteView> Site(string siteId)
        => (await (await AsAdmin(s => s.Get.Url($"/api/sites/{siteId}"))).ReadAsJsonAsync<SiteView>())!;

    protected async Task<string> Plan(string siteId = "paris-11", string kind = "internal", string plannedOn = "2017-10-16", string type = "initial")
    {
        var result = await AsAuditor($"/api/sites/{siteId}/audits",
            new { kind, type, plannedOn, auditors = new[] { "Anne Martin", "Louis Petit" }, scope = "accueil et rendez-vous" }, 201);
        return (await result.ReadAsJsonAsync<AuditItemCreated>())!.Id;
    }

    protected async Task Start(string auditId)
        => await AsAuditor($"/api/audits/{auditId}/start", new { expectedVersion = await VersionOf(auditId) }, 200);

    protected async Task<string> StartedAudit(string siteId = "paris-11", string kind = "internal")
    {
        var id = await Plan(siteId, kind);
        await Start(id);
        return id;
    }

    protected async Task<string> Record(string auditId, string category, string engagement = "ACC-01", string statement = "Temps d'attente non affiché à l'accueil")
    {
        var result = await AsAuditor($"/api/audits/{auditId}/findings",
            new { category, engagement, statement, evidence = new { text = "observation du 16/10", sampleIds = Array.Empty<string>() }, expectedVersion = await VersionOf(auditId) }, 201);
        return (await result.ReadAsJsonAsync<AuditItemCreated>())!.Id;
    }

    protected async Task<string> AddAction(string auditId, string findingId, string? dueOn = null)
    {
        var result = await AsAuditor($"/api/audits/{auditId}/findings/{findingId}/actions",
            new { description = "Afficher le temps d'attente", owner = "responsable de l'accueil", dueOn, expectedVersion = await VersionOf(auditId) }, 201);
        return (await result.ReadAsJsonAsync<AuditItemCreated>())!.Id;
    }

    protected async Task Complete(string auditId, string findingId, string actionId, string? proof)
        => await AsAuditor($"/api/audits/{auditId}/findings/{findingId}/actions/{actionId}/complete",
            new { proof, expectedVersion = await VersionOf(auditId) }, 200);

    protected async Task<IScenarioResult> CloseFinding(string auditId, string findingId, int status = 200)
        => await AsAuditor($"/api/audits/{auditId}/findings/{findingId}/close", new { expectedVersion = await VersionOf(auditId) }, status);

    protected async Task<IScenarioResult> Conclude(string auditId, string conclusion, int status = 200)
        => await AsAuditor($"/api/audits/{auditId}/conclude",
            new { conclusion, statement = "Synthèse de l'audit", expectedVersion = await VersionOf(auditId) }, status);

    protected async Task<IScenarioResult> CloseAudit(string auditId, int status = 200)
        => await AsAuditor($"/api/audits/{auditId}/close", new { expectedVersion = await VersionOf(auditId) }, status);
}
