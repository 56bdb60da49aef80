using Alba;
using Marten;
using NPS.Quality.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

/// <summary>The deviation sheet's routes, through the API as an auditor: 200 with the new version, 400 naming the field, 409 on a stale version, 403 otherwise.</summary>
public sealed class when_documenting_deviation_sheets(AppFixture fixture) : AuditContext(fixture)
{
    private static readonly DateTimeOffset AuditDay = new(2017, 10, 16, 8, 0, 0, TimeSpan.Zero);

    private static string Url(string auditId, string findingId, string what) => $"/api/audits/{auditId}/findings/{findingId}/{what}";

    [Fact]
    public async Task a_major_nc_gets_its_sheet_filled_in_and_lifted_only_after_an_effective_check()
    {
        Clock.TravelTo(AuditDay);
        var id = await StartedAudit();
        var strong = await Record(id, "PF");
        var major = await Record(id, "NC_MAJEURE", "ACC-01", "Le temps d'attente n'est ni mesuré ni affiché");

        await AsAuditor(Url(id, major, "cause"), new { analysis = "Aucun agent chargé du relevé du système de file d'attente", expectedVersion = await VersionOf(id) }, 200);
        await AsAuditor(Url(id, major, "correction"), new { description = "Affichage manuel du temps d'attente", doneOn = "2017-10-16", expectedVersion = await VersionOf(id) }, 200);
        await AsAuditor(Url(id, major, "acknowledgement"), new { name = "Claire Dubois", role = "responsable de site", acknowledgedOn = "2017-10-16", expectedVersion = await VersionOf(id) }, 200);
        var action = await AddAction(id, major);
        await Complete(id, major, action, "relevé hebdomadaire affiché depuis le 23/10");

        Clock.TravelTo(AuditDay.AddDays(20));
        await AsAuditor(Url(id, major, "effectiveness"),
            new { checkedOn = "2017-11-05", checkedBy = "Anne Martin", effective = false, comment = "relevé non mis à jour", expectedVersion = await VersionOf(id) }, 200);
        (await ProblemAnswer.From(await CloseFinding(id, major, 400))).Errors!.ShouldHaveSingleItem().Field.ShouldBe("effectiveness");

        Clock.TravelTo(AuditDay.AddDays(22));
        var second = await AddAction(id, major, dueOn: "2017-11-30");
        await Complete(id, major, second, "écran relié au système de file d'attente");
        await AsAuditor(Url(id, major, "effectiveness"),
            new { checkedOn = "2017-11-06", checkedBy = "Anne Martin", effective = true, expectedVersion = await VersionOf(id) }, 200);
        await CloseFinding(id, major);

        var audit = await Audit(id);
        audit.Findings.Single(f => f.Id == strong).Sheet.ShouldBeNull();
        var sheet = audit.Findings.Single(f => f.Id == major);
        sheet.Sheet.ShouldBe("FE-01");
        sheet.Requirement.ShouldNotBeNullOrWhiteSpace();
        sheet.Cause!.Text.ShouldBe("Aucun agent chargé du relevé du système de file d'attente");
        sheet.Cause.By.ShouldStartWith("auditor-");
        sheet.Correction!.DoneOn.ShouldBe(new DateOnly(2017, 10, 16));
        sheet.Checks!.Select(c => c.Effective).ShouldBe([false, true]);
        sheet.Acknowledgement!.Name.ShouldBe("Claire Dubois");
        sheet.StatusLabel.ShouldBe("levé");

        await using var session = Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(id, token: Ct);
        events.Select(e => e.Data).OfType<EffectivenessChecked>().Count().ShouldBe(2);
        events.Single(e => e.Data is CauseAnalysed).UserName.ShouldStartWith("auditor-");
    }

    [Fact]
    public async Task missing_fields_are_named_and_nothing_is_stored()
    {
        var id = await StartedAudit();
        var nc = await Record(id, "NC_MINEURE");
        var version = await VersionOf(id);

        (await ProblemAnswer.From(await AsAuditor(Url(id, nc, "cause"), new { analysis = " ", expectedVersion = version }, 400)))
            .Errors!.ShouldHaveSingleItem().Field.ShouldBe("analysis");
        (await ProblemAnswer.From(await AsAuditor(Url(id, nc, "correction"), new { description = "x" }, 400)))
            .Errors!.Select(e => e.Field).ShouldBe(["expectedVersion", "doneOn"]);
        (await ProblemAnswer.From(await AsAuditor(Url(id, nc, "effectiveness"), new { checkedBy = "", effective = false, expectedVersion = version }, 400)))
            .Errors!.Select(e => e.Field).ShouldBe(["checkedOn", "checkedBy", "comment"]);
        (await ProblemAnswer.From(await AsAuditor(Url(id, nc, "acknowledgement"), new { name = "Claire Dubois", expectedVersion = version }, 400)))
            .Errors!.Select(e => e.Field).ShouldBe(["role", "acknowledgedOn"]);

        // The effectiveness of nothing cannot be checked; a point fort has no sheet.
        (await ProblemAnswer.From(await AsAuditor(Url(id, nc, "effectiveness"),
            new { checkedOn = "2017-10-01", checkedBy = "Anne Martin", effective = true, expectedVersion = version }, 400))).Errors!.ShouldHaveSingleItem().Field.ShouldBe("actions");
        var pf = await Record(id, "PF");
        (await ProblemAnswer.From(await AsAuditor(Url(id, pf, "cause"), new { analysis = "x", expectedVersion = await VersionOf(id) }, 400)))
            .Detail.ShouldBe("findingId : les fiches d'écart concernent les non-conformités, pas un point fort");
        await AsAuditor(Url(id, "f-inconnu", "cause"), new { analysis = "x", expectedVersion = await VersionOf(id) }, 404);

        var audit = await Audit(id);
        audit.Findings.Single(f => f.Id == nc).Cause.ShouldBeNull();
        audit.Version.ShouldBe(4);
    }

    [Fact]
    public async Task a_stale_version_is_a_conflict()
    {
        var id = await StartedAudit();
        var nc = await Record(id, "NC_MINEURE");
        var stale = await VersionOf(id) - 1;
        await AsAuditor(Url(id, nc, "cause"), new { analysis = "x", expectedVersion = stale }, 409);
        await AsAuditor(Url(id, nc, "acknowledgement"), new { name = "a", role = "b", acknowledgedOn = "2017-10-01", expectedVersion = stale }, 409);
    }

    [Fact]
    public async Task only_auditors_write_a_sheet()
    {
        var id = await StartedAudit();
        var nc = await Record(id, "NC_MINEURE");
        var manager = await TokenFor("site_manager", "paris-11");
        await Scenario(manager, s =>
        {
            s.Post.Json(new { analysis = "x", expectedVersion = 3 }).ToUrl(Url(id, nc, "cause"));
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task the_api_refuses_a_conclusion_the_label_rules_forbid_and_keeps_the_deadline()
    {
        Clock.TravelTo(AuditDay);
        var id = await StartedAudit();
        await Record(id, "NC_MAJEURE");
        var refused = await ProblemAnswer.From(await Conclude(id, "favorable_with_reservations", 400));
        refused.Errors!.ShouldHaveSingleItem().Field.ShouldBe("conclusion");
        (await ProblemAnswer.From(await AsAuditor($"/api/audits/{id}/conclude",
            new { conclusion = "favorable_subject_to_major_nc_lifting", liftBy = "2018-06-01", expectedVersion = await VersionOf(id) }, 400)))
            .Errors!.ShouldHaveSingleItem().Field.ShouldBe("liftBy");
        await AsAuditor($"/api/audits/{id}/conclude",
            new { conclusion = "favorable_subject_to_major_nc_lifting", expectedVersion = await VersionOf(id) }, 200);
        var audit = await Audit(id);
        audit.ConclusionLabel.ShouldBe("avis favorable sous réserve de la levée des NC majeures");
        audit.LiftBy.ShouldBe(new DateOnly(2018, 1, 16));
        (await Site("paris-11")).LabelStatus.ShouldBe("blocked");
    }
}

/// <summary>The audit plan through the API: agenda and sampling plan recorded on the audit, checked field by field.</summary>
public sealed class when_planning_the_audit_agenda_and_sampling(AppFixture fixture) : AuditContext(fixture)
{
    [Fact]
    public async Task the_plan_is_recorded_with_the_minimum_of_each_indicator()
    {
        var id = await Plan();
        await AsAuditor($"/api/audits/{id}/plan", new
        {
            agenda = new[]
            {
                new { date = "2017-10-16", start = "09:00", end = "10:30", place = "accueil", functions = new[] { "agent d'accueil" }, topic = "ouverture" },
            },
            sampling = new[] { new { indicator = "ACC-01-ATTENTE", plannedSize = 40, drawing = "tirage au hasard" } },
            expectedVersion = 1,
        }, 200);
        var audit = await Audit(id);
        audit.Agenda!.ShouldHaveSingleItem().Start.ShouldBe(new TimeOnly(9, 0));
        var line = audit.Sampling!.ShouldHaveSingleItem();
        line.PlannedSize.ShouldBe(40);
        line.MinimumSize.ShouldBeGreaterThan(0);
        await AsAuditor($"/api/audits/{id}/plan", new { sampling = new[] { new { indicator = "ACC-01-ATTENTE", plannedSize = 40, drawing = "x" } }, expectedVersion = 1 }, 409);
    }

    [Fact]
    public async Task bad_slots_and_lines_are_named()
    {
        var id = await Plan();
        var problem = await ProblemAnswer.From(await AsAuditor($"/api/audits/{id}/plan", new
        {
            agenda = new[] { new { date = "2017-10-16", start = "11:00", end = "10:00", place = "", functions = Array.Empty<string>() } },
            sampling = new[] { new { indicator = "XXX", plannedSize = 0, drawing = "" } },
            expectedVersion = 1,
        }, 400));
        problem.Errors!.Select(e => e.Field).ShouldBe(["agenda[0].end", "agenda[0].place", "agenda[0].functions", "sampling[0].indicator", "sampling[0].plannedSize", "sampling[0].drawing"]);
        (await Audit(id)).Agenda!.ShouldBeEmpty();
    }
}
