using Alba;
using NPS.Quality.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

public sealed class when_following_corrective_actions(AppFixture fixture) : AuditContext(fixture)
{
    private static readonly DateTimeOffset AuditDay = new(2017, 10, 16, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task the_default_due_date_comes_from_the_category_in_configuration()
    {
        Clock.TravelTo(AuditDay);
        var id = await StartedAudit();
        var minor = await Record(id, "NC_MINEURE");
        var major = await Record(id, "NC_MAJEURE");
        await AddAction(id, minor);
        await AddAction(id, major);

        var audit = await Audit(id);
        var minorAction = audit.Findings.Single(f => f.Id == minor).Actions.ShouldHaveSingleItem();
        minorAction.DueOn.ShouldBe(new DateOnly(2018, 1, 16));
        minorAction.DefaultDueDate.ShouldBeTrue();
        minorAction.Due.ShouldBe("échéance dans 3 mois");
        audit.Findings.Single(f => f.Id == major).Actions.ShouldHaveSingleItem().DueOn.ShouldBe(new DateOnly(2017, 11, 16));

        // Once concluded, the delay counts from the conclusion.
        Clock.TravelTo(AuditDay.AddDays(4));
        await Conclude(id, "unfavorable");
        await AddAction(id, major);
        (await Audit(id)).Findings.Single(f => f.Id == major).Actions.Select(a => a.DueOn).ShouldBe([new DateOnly(2017, 11, 16), new DateOnly(2017, 11, 20)]);
    }

    [Fact]
    public async Task a_point_sensible_takes_an_action_with_a_due_date_a_point_fort_takes_none()
    {
        var id = await StartedAudit();
        var ps = await Record(id, "PS");
        var noDate = await AsAuditor($"/api/audits/{id}/findings/{ps}/actions", new { description = "Former l'équipe", owner = "chef de service", expectedVersion = 3 }, 400);
        (await ProblemAnswer.From(noDate)).Errors!.ShouldHaveSingleItem().Message.ShouldBe("l'échéance est obligatoire : aucune échéance par défaut pour un point sensible");
        await AddAction(id, ps, dueOn: "2018-03-01");

        var pf = await Record(id, "PF");
        var refused = await AsAuditor($"/api/audits/{id}/findings/{pf}/actions", new { description = "x", owner = "y", dueOn = "2018-03-01", expectedVersion = 5 }, 400);
        (await ProblemAnswer.From(refused)).Detail.ShouldBe("findingId : les actions correctives concernent les NC, points sensibles et points de vigilance, pas un point fort");
    }

    [Fact]
    public async Task a_finding_is_not_lifted_while_an_action_is_open()
    {
        var id = await StartedAudit();
        var minor = await Record(id, "NC_MINEURE");
        var action = await AddAction(id, minor);
        var refused = await CloseFinding(id, minor, 400);
        (await ProblemAnswer.From(refused)).Detail.ShouldBe("actions : le constat ne peut être levé tant qu'une action corrective est ouverte (1 ouverte)");

        await Complete(id, minor, action, proof: null);
        var again = await AsAuditor($"/api/audits/{id}/findings/{minor}/actions/{action}/complete", new { proof = "x", expectedVersion = await VersionOf(id) }, 400);
        (await ProblemAnswer.From(again)).Detail.ShouldBe("actionId : cette action corrective est déjà réalisée");
        await CloseFinding(id, minor);
        var finding = (await Audit(id)).Findings.ShouldHaveSingleItem();
        finding.StatusLabel.ShouldBe("levé");
        finding.Actions.ShouldHaveSingleItem().StatusLabel.ShouldBe("réalisée");
    }

    [Fact]
    public async Task a_major_nc_is_lifted_only_with_proof_on_every_action()
    {
        var id = await StartedAudit();
        var major = await Record(id, "NC_MAJEURE");
        var first = await AddAction(id, major);
        var second = await AddAction(id, major);
        await Complete(id, major, first, proof: "affiche photographiée le 2/11");
        await Complete(id, major, second, proof: null);
        var refused = await CloseFinding(id, major, 400);
        var problem = await ProblemAnswer.From(refused);
        problem.Errors!.ShouldHaveSingleItem().Field.ShouldBe("proof");
        problem.Detail.ShouldBe("proof : une NC majeure ne se lève qu'avec une preuve de correction sur chaque action");
        (await Audit(id)).Findings.ShouldHaveSingleItem().Status.ShouldBe("open");
    }

    [Fact]
    public async Task an_audit_is_not_closed_while_an_nc_is_open()
    {
        var id = await StartedAudit();
        await Record(id, "NC_MINEURE");
        await Conclude(id, "favorable_with_reservations");
        (await ProblemAnswer.From(await CloseAudit(id, 400))).Detail.ShouldBe("findings : clôture impossible : 1 non-conformité(s) encore ouverte(s)");
    }
}
