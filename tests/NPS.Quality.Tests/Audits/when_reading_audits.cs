using Alba;
using NPS.Quality.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

public sealed class when_reading_audits(AppFixture fixture) : AuditContext(fixture)
{
    [Fact]
    public async Task a_site_reads_its_own_audits_and_no_other()
    {
        var id = await StartedAudit("paris-11");
        var own = await TokenFor("site_manager", "paris-11");
        var other = await TokenFor("site_manager", "paris-14");

        await Scenario(own, s => { s.Get.Url($"/api/audits/{id}"); s.StatusCodeShouldBeOk(); });
        var forbidden = await Scenario(other, s => { s.Get.Url($"/api/audits/{id}"); s.StatusCodeShouldBe(403); });
        (await ProblemAnswer.From(forbidden)).Detail.ShouldBe("Vous n'avez pas accès aux audits de ce site.");
        await Scenario(other, s => { s.Get.Url("/api/sites/paris-11/audits"); s.StatusCodeShouldBe(403); });

        var list = await Scenario(own, s => s.Get.Url("/api/sites/paris-11/audits"));
        (await list.ReadAsJsonAsync<List<AuditSummary>>())!.ShouldHaveSingleItem().Id.ShouldBe(id);
        await Scenario(own, s => { s.Get.Url("/api/audits/audit-inconnu"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task the_site_audits_are_summarised_most_recent_first()
    {
        var @internal = await StartedAudit("paris-11");
        await Record(@internal, "NC_MAJEURE");
        var minor = await Record(@internal, "NC_MINEURE");
        await AddAction(@internal, minor, dueOn: "2017-12-01");
        var afnor = await Plan("paris-11", "afnor", "2018-01-22");
        await Plan("paris-14");

        var result = await Scenario(await Auditor(), s => s.Get.Url("/api/sites/paris-11/audits"));
        var audits = (await result.ReadAsJsonAsync<List<AuditSummary>>())!;
        audits.Select(a => a.Id).ShouldBe([afnor, @internal]);
        audits[0].KindLabel.ShouldBe("audit externe AFNOR");
        audits[0].StateLabel.ShouldBe("planifié");
        var summary = audits[1];
        (summary.OpenFindings, summary.OpenMajorNcs, summary.OpenActions, summary.OverdueActions).ShouldBe((2, 1, 1, 1));
        summary.Version.ShouldBe(5);
        await AsAdmin(s => { s.Get.Url("/api/sites/paris-99/audits"); s.StatusCodeShouldBe(404); });
    }

    [Fact]
    public async Task site_people_cannot_change_an_audit()
    {
        var id = await StartedAudit("paris-11");
        var manager = await TokenFor("site_manager", "paris-11");
        await Scenario(manager, s =>
        {
            s.Post.Json(new { category = "PF", engagement = "ACC-01", statement = "x", expectedVersion = 2 }).ToUrl($"/api/audits/{id}/findings");
            s.StatusCodeShouldBe(403);
        });
        await Scenario(AppFixture.AdminToken, s =>
        {
            s.Post.Json(new { conclusion = "favorable", expectedVersion = 2 }).ToUrl($"/api/audits/{id}/conclude");
            s.StatusCodeShouldBe(403);
        });
    }

    [Fact]
    public async Task overdue_actions_are_detected_with_the_clock()
    {
        Clock.TravelTo(new DateTimeOffset(2018, 2, 1, 10, 0, 0, TimeSpan.Zero));
        var at11 = await StartedAudit("paris-11");
        var nc = await Record(at11, "NC_MINEURE");
        var action = await AddAction(at11, nc, dueOn: "2018-02-22");
        var at14 = await StartedAudit("paris-14");
        await AddAction(at14, await Record(at14, "PV"), dueOn: "2018-02-05");

        var view = (await Audit(at11)).Findings.Single().Actions.Single();
        view.Overdue.ShouldBeFalse();
        view.Due.ShouldBe("échéance dans 3 semaines");
        (await Actions(AppFixture.AdminToken, overdue: true)).ShouldBeEmpty();
        (await Actions(AppFixture.AdminToken, overdue: false)).Select(a => a.SiteId).ShouldBe(["paris-14", "paris-11"]);

        Clock.Shift(TimeSpan.FromDays(23)); // 24 February 2018
        view = (await Audit(at11)).Findings.Single().Actions.Single();
        view.Overdue.ShouldBeTrue();
        view.Due.ShouldBe("en retard de 2 jours");
        var overdue = await Actions(await Auditor(), overdue: true);
        overdue.Select(a => a.SiteId).ShouldBe(["paris-14", "paris-11"]);
        overdue[0].Action.Due.ShouldBe("en retard de 2 semaines");
        overdue[1].Action.Id.ShouldBe(action);
        overdue[1].CategoryLabel.ShouldBe("non-conformité mineure");
        (await Site("paris-11")).LabelStatus.ShouldBe("audit_in_progress");

        // A site's people see their own site's actions only.
        (await Actions(await TokenFor("site_manager", "paris-11"), overdue: true)).Select(a => a.SiteId).ShouldBe(["paris-11"]);
        (await Actions(await TokenFor("quality_lead", "paris-18"), overdue: true)).ShouldBeEmpty();

        // Done, it is no longer overdue.
        await Complete(at11, nc, action, proof: null);
        (await Actions(AppFixture.AdminToken, overdue: true)).Select(a => a.SiteId).ShouldBe(["paris-14"]);
        (await Audit(at11)).Findings.Single().Actions.Single().Due.ShouldBe("réalisée le 24 février 2018");
    }

    private async Task<List<SiteActionView>> Actions(string token, bool overdue)
    {
        var result = await Scenario(token, s => s.Get.Url($"/api/actions?overdue={(overdue ? "true" : "false")}"));
        return (await result.ReadAsJsonAsync<List<SiteActionView>>())!;
    }
}
