using Alba;
using Marten;
using NPS.Quality.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

public sealed class when_recording_findings(AppFixture fixture) : AuditContext(fixture)
{
    [Fact]
    public async Task a_finding_is_recorded_on_a_started_audit_in_afnor_vocabulary()
    {
        var id = await StartedAudit();
        var findingId = await Record(id, "NC_MINEURE", "ACC-01");
        findingId.ShouldStartWith("f-");

        var audit = await Audit(id);
        audit.Version.ShouldBe(3);
        var finding = audit.Findings.ShouldHaveSingleItem();
        finding.Category.ShouldBe("NC_MINEURE");
        finding.CategoryLabel.ShouldBe("non-conformité mineure");
        finding.EngagementTitle.ShouldNotBeNullOrWhiteSpace();
        finding.Evidence.Text.ShouldBe("observation du 16/10");
        finding.StatusLabel.ShouldBe("ouvert");
        audit.FindingsByCategory["NC_MINEURE"].ShouldBe(1);

        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id, token: Ct);
        events.Last().Data.ShouldBeOfType<FindingRecorded>().RecordedBy.ShouldStartWith("auditor-");
        events.Last().UserName.ShouldStartWith("auditor-");
    }

    [Fact]
    public async Task refuses_a_finding_on_a_planned_audit()
    {
        var id = await Plan();
        var result = await AsAuditor($"/api/audits/{id}/findings", new { category = "PF", engagement = "ACC-01", statement = "Accueil chaleureux", expectedVersion = 1 }, 400);
        (await ProblemAnswer.From(result)).Detail.ShouldBe("audit : les constats s'enregistrent sur un audit en cours (cet audit est planifié)");
        (await Audit(id)).Findings.ShouldBeEmpty();
    }

    [Fact]
    public async Task the_engagement_must_exist_in_the_pinned_version()
    {
        var id = await StartedAudit();
        // RDV-02 only appears in 2018.1; the audit is pinned to 2017.1.
        var result = await AsAuditor($"/api/audits/{id}/findings",
            new { category = "PS", engagement = "RDV-02", statement = "Délai non suivi", expectedVersion = 2 }, 400);
        var error = (await ProblemAnswer.From(result)).Errors!.ShouldHaveSingleItem();
        error.Field.ShouldBe("engagement");
        error.Value.ShouldBe("RDV-02");
        error.Message.ShouldBe("engagement absent de la version 2017.1 du référentiel qualiparis-services-sociaux, à laquelle l'audit est rattaché");
    }

    [Fact]
    public async Task bad_fields_and_a_missing_expected_version_are_named()
    {
        var id = await StartedAudit();
        var result = await AsAuditor($"/api/audits/{id}/findings", new { category = "NC", engagement = "", statement = " " }, 400);
        (await ProblemAnswer.From(result)).Errors!.Select(e => e.Field).ShouldBe(["expectedVersion", "category", "engagement", "statement"]);
        (await Audit(id)).Version.ShouldBe(2);
    }

    [Fact]
    public async Task a_finding_citing_an_unknown_sample_is_refused()
    {
        var id = await StartedAudit();
        var result = await AsAuditor($"/api/audits/{id}/findings",
            new { category = "NC_MINEURE", engagement = "ACC-01", statement = "Attente trop longue", evidence = new { text = "relevés", sampleIds = new[] { "s-inconnu" } }, expectedVersion = 2 }, 400);
        var error = (await ProblemAnswer.From(result)).Errors!.ShouldHaveSingleItem();
        error.Field.ShouldBe("evidence.sampleIds");
        error.Value.ShouldBe("s-inconnu");
        error.Message.ShouldBe("échantillon inconnu pour le site paris-11");
    }

    [Fact]
    public async Task a_finding_is_reworded_or_withdrawn_with_a_reason_and_keeps_its_history()
    {
        var id = await StartedAudit();
        var findingId = await Record(id, "PV", statement: "Signalétique peu lisible");

        var missing = await AsAuditor($"/api/audits/{id}/findings/{findingId}/reword", new { statement = "Signalétique absente", expectedVersion = 3 }, 400);
        (await ProblemAnswer.From(missing)).Errors!.ShouldHaveSingleItem().Field.ShouldBe("reason");

        await AsAuditor($"/api/audits/{id}/findings/{findingId}/reword", new { statement = "Signalétique absente au 2e étage", reason = "précision", expectedVersion = 3 }, 200);
        await AsAuditor($"/api/audits/{id}/findings/{findingId}/withdraw", new { reason = "relevé sur un autre site", expectedVersion = 4 }, 200);
        var refused = await AsAuditor($"/api/audits/{id}/findings/{findingId}/reword", new { statement = "x", reason = "y", expectedVersion = 5 }, 400);
        (await ProblemAnswer.From(refused)).Detail.ShouldBe("findingId : ce constat est retiré : il ne peut plus être modifié");

        var finding = (await Audit(id)).Findings.ShouldHaveSingleItem();
        finding.Status.ShouldBe("withdrawn");
        finding.Statement.ShouldBe("Signalétique absente au 2e étage");
        finding.History.Select(h => h.KindLabel).ShouldBe(["constat enregistré", "constat reformulé", "constat retiré"]);
        finding.History.Select(h => h.Statement).ShouldBe(["Signalétique peu lisible", "Signalétique absente au 2e étage", "Signalétique absente au 2e étage"]);
        finding.History.Select(h => h.Reason).ShouldBe([null, "précision", "relevé sur un autre site"]);
    }

    [Fact]
    public async Task an_unknown_audit_or_finding_is_not_found()
    {
        await AsAuditor("/api/audits/audit-inconnu/findings", new { category = "PF", engagement = "ACC-01", statement = "x", expectedVersion = 1 }, 404);
        var id = await StartedAudit();
        await AsAuditor($"/api/audits/{id}/findings/f-inconnu/close", new { expectedVersion = 2 }, 404);
    }
}
