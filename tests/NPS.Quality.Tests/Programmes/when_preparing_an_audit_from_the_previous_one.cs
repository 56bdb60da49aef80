using Alba;
using NPS.Quality.Programmes;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Programmes;

/// <summary>A new audit of a site takes over the unlifted findings and open corrective actions of its earlier audits, with links back.</summary>
public sealed class when_preparing_an_audit_from_the_previous_one(AppFixture fixture) : AuditContext(fixture)
{
    private async Task<CarriedOverView> CarriedOverOf(string auditId, string? token = null)
        => (await (await Scenario(token ?? AppFixture.AdminToken, s => s.Get.Url($"/api/audits/{auditId}/carried-over"))).ReadAsJsonAsync<CarriedOverView>())!;

    [Fact]
    public async Task unlifted_findings_and_open_actions_of_earlier_audits_are_carried_over_with_links_back()
    {
        var previous = await StartedAudit("paris-11");
        var minor = await Record(previous, "NC_MINEURE", statement: "Temps d'attente non affiché");
        var action = await AddAction(previous, minor, "2027-03-20");
        var lifted = await Record(previous, "PS", statement: "Signalétique peu visible");
        await CloseFinding(previous, lifted);
        await Record(previous, "PF", statement: "Accueil chaleureux");
        var otherSite = await StartedAudit("paris-14");
        await Record(otherSite, "NC_MAJEURE");

        var next = await Plan("paris-11", "afnor", "2018-01-15");
        var carried = await CarriedOverOf(next);

        carried.PreviousAuditId.ShouldBe(previous);
        var finding = carried.Findings.Single(f => f.FindingId == minor);
        finding.AuditId.ShouldBe(previous);
        finding.Link.ShouldBe($"/audits/{previous}");
        finding.OpenActions.Single().Id.ShouldBe(action);
        carried.Findings.ShouldNotContain(f => f.FindingId == lifted);
        carried.Findings.ShouldNotContain(f => f.AuditId == otherSite);
        // A strong point stays open (it is never lifted) but is carried over as well: the auditor sees what was said.
        carried.Findings.Select(f => f.Category).ShouldBe(["NC_MINEURE", "PF"], ignoreOrder: true);

        // The earlier audit sees nothing of the later one.
        (await CarriedOverOf(previous)).Findings.ShouldBeEmpty();
        // Another site's manager may not read it.
        var manager = await TokenFor("site_manager", "paris-14");
        await Scenario(manager, s =>
        {
            s.Get.Url($"/api/audits/{next}/carried-over");
            s.StatusCodeShouldBe(403);
        });
    }
}
