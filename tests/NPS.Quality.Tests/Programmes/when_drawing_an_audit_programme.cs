using Alba;
using NPS.Quality.Audits;
using NPS.Quality.Programmes;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;
using Wolverine.Tracking;

namespace NPS.Quality.Tests.Programmes;

/// <summary>
/// POST /api/programmes on the four pilot sites, the swap with its reason and its 409, and the audits planned through
/// the audit planning command (waited for with Wolverine's message tracking, not a sleep).
/// </summary>
public sealed class when_drawing_an_audit_programme(AppFixture fixture) : AuditContext(fixture)
{
    private static readonly string[] Pilots = ["paris-11", "paris-14", "paris-18", "paris-8-17"];

    private async Task<ProgrammeView> Programme(string id)
        => (await (await AsAdmin(s => s.Get.Url($"/api/programmes/{id}"))).ReadAsJsonAsync<ProgrammeView>())!;

    private async Task<string> Propose(object body)
    {
        var result = await AsAdmin(s =>
        {
            s.Post.Json(body).ToUrl("/api/programmes");
            s.StatusCodeShouldBe(201);
        });
        return (await result.ReadAsJsonAsync<ProgrammeCreated>())!.Id;
    }

    private async Task<IReadOnlyList<string>> PilotIds()
    {
        var sites = await (await AsAdmin(s => s.Get.Url("/api/sites"))).ReadAsJsonAsync<List<SiteIdOnly>>();
        return sites!.Select(s => s.Id).ToList();
    }

    private sealed record SiteIdOnly(string Id);

    [Fact]
    public async Task the_service_proposes_the_sample_with_a_reason_per_site_reproducible_from_the_seed()
    {
        var pilots = await PilotIds();
        var id = await Propose(new { year = 2027, stage = "initial", siteIds = pilots, seed = 1234 });
        var programme = await Programme(id);

        programme.Seed.ShouldBe(1234);
        programme.Scope.Count.ShouldBe(pilots.Count);
        programme.Size.ShouldBe(ProgrammeSampling.Size(AuditType.Initial, pilots.Count));
        programme.Sites.Count.ShouldBe(programme.Size);
        programme.Sites.Count(s => s.Selection == "random").ShouldBeGreaterThanOrEqualTo(1);
        programme.Sites.ShouldAllBe(s => s.Reason.Length > 0 && s.AuditStateLabel == "à planifier");
        programme.Sites.Single(s => s.Selection == "random").Reason.ShouldContain("graine 1234");

        // The same scope and seed draw the same sites at random.
        var again = await Programme(await Propose(new { year = 2027, stage = "initial", siteIds = pilots, seed = 1234 }));
        again.Sites.Where(s => s.Selection == "random").Select(s => s.SiteId)
            .ShouldBe(programme.Sites.Where(s => s.Selection == "random").Select(s => s.SiteId));
    }

    [Fact]
    public async Task a_scope_is_a_referential_or_a_list_of_known_sites()
    {
        var referential = (await Site("paris-11")).Referential;
        var id = await Propose(new { year = 2027, stage = "surveillance", referential });
        (await Programme(id)).Scope.ShouldContain("paris-11");

        var refused = await AsAdmin(s =>
        {
            s.Post.Json(new { year = 1999, stage = "annuel", siteIds = new[] { "paris-99" } }).ToUrl("/api/programmes");
            s.StatusCodeShouldBe(400);
        });
        var problem = await ProblemAnswer.From(refused);
        problem.Errors!.Select(e => e.Field).ShouldBe(["year", "stage", "siteIds"], ignoreOrder: true);
    }

    [Fact]
    public async Task an_open_major_nc_makes_a_site_chosen_on_risk()
    {
        var audit = await StartedAudit("paris-14");
        await Record(audit, "NC_MAJEURE");
        var pilots = await PilotIds();
        // n = 4, initial: 2 sites, 1 at random; draw seeds until paris-14 is not the random one: it must then be chosen on risk.
        for (var seed = 1; seed < 50; seed++)
        {
            var programme = await Programme(await Propose(new { year = 2027, stage = "initial", siteIds = pilots, seed }));
            if (programme.Sites.Single(s => s.Selection == "random").SiteId == "paris-14") continue;
            var chosen = programme.Sites.Single(s => s.Selection == "risk");
            chosen.SiteId.ShouldBe("paris-14");
            chosen.Reason.ShouldContain("1 NC majeure ouverte");
            return;
        }
        Assert.Fail("paris-14 was drawn at random for every seed");
    }

    [Fact]
    public async Task a_swap_needs_a_reason_and_the_version_read()
    {
        var pilots = await PilotIds();
        var id = await Propose(new { year = 2027, stage = "initial", siteIds = pilots, seed = 7 });
        var programme = await Programme(id);
        var removed = programme.Sites[0].SiteId;
        var added = pilots.First(p => programme.Sites.All(s => s.SiteId != p));

        var refused = await AsAdmin(s =>
        {
            s.Post.Json(new { remove = removed, add = added, expectedVersion = programme.Version }).ToUrl($"/api/programmes/{id}/swap");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(refused)).Errors!.Single().Field.ShouldBe("reason");

        await AsAdmin(s =>
        {
            s.Post.Json(new { remove = removed, add = added, reason = "site en travaux au premier semestre", expectedVersion = programme.Version })
                .ToUrl($"/api/programmes/{id}/swap");
            s.StatusCodeShouldBe(200);
        });
        // The same swap sent with the version read before: someone changed the programme in between.
        await AsAdmin(s =>
        {
            s.Post.Json(new { remove = added, add = removed, reason = "retour", expectedVersion = programme.Version }).ToUrl($"/api/programmes/{id}/swap");
            s.StatusCodeShouldBe(409);
        });

        var swapped = await Programme(id);
        swapped.Sites.ShouldNotContain(s => s.SiteId == removed);
        var site = swapped.Sites.Single(s => s.SiteId == added);
        site.Selection.ShouldBe("swap");
        site.Reason.ShouldContain("site en travaux au premier semestre");
        swapped.Swaps.Single().By.ShouldBe("admin");
    }

    [Fact]
    public async Task planning_sends_one_audit_planning_command_per_site_and_shows_lateness()
    {
        Clock.TravelTo(new DateTimeOffset(2027, 1, 10, 9, 0, 0, TimeSpan.FromHours(1)));
        var pilots = await PilotIds();
        var id = await Propose(new { year = 2027, stage = "initial", siteIds = pilots, seed = 99 });
        var programme = await Programme(id);
        var plans = programme.Sites.Select((s, i) => new { siteId = s.SiteId, month = i == 0 ? "2027-02" : "2027-06" }).ToArray();

        var tracked = await Host.ExecuteAndWaitAsync(async () =>
            await AsAdmin(s =>
            {
                s.Post.Json(new { kind = "internal", auditors = new[] { "Anne Martin" }, sites = plans, expectedVersion = programme.Version })
                    .ToUrl($"/api/programmes/{id}/audits");
                s.StatusCodeShouldBe(200);
            }), 60_000);
        var sent = tracked.Sent.Envelopes().Where(e => e.Message is PlanProgrammeAudit).ToList();
        sent.Count.ShouldBe(plans.Length);
        sent.ShouldAllBe(e => e.Destination!.ToString().StartsWith("local://programmes"));
        tracked.MessageSucceeded.MessagesOf<PlanProgrammeAudit>().Count().ShouldBe(plans.Length);

        var planned = await Programme(id);
        planned.Sites.ShouldAllBe(s => s.AuditId != null && s.AuditState == "planned" && !s.Late);
        var first = planned.Sites[0];
        first.MonthLabel.ShouldBe("février 2027");
        var audit = await Audit(first.AuditId!);
        audit.SiteId.ShouldBe(first.SiteId);
        audit.PlannedOn.ShouldBe(new DateOnly(2027, 2, 1));
        audit.Type.ShouldBe("initial");
        audit.PlannedBy.ShouldBe("admin");

        // Planning the same site twice is refused; in March the February audit, never started, is late.
        await AsAdmin(s =>
        {
            s.Post.Json(new { kind = "internal", auditors = new[] { "Anne Martin" }, sites = new[] { plans[0] }, expectedVersion = planned.Version })
                .ToUrl($"/api/programmes/{id}/audits");
            s.StatusCodeShouldBe(400);
        });
        Clock.TravelTo(new DateTimeOffset(2027, 3, 5, 9, 0, 0, TimeSpan.FromHours(1)));
        var march = await Programme(id);
        march.Sites[0].Late.ShouldBeTrue();
        march.Sites[0].Lateness!.ShouldContain("février 2027");
        march.Sites.Skip(1).ShouldAllBe(s => !s.Late);
    }
}
