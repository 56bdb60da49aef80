using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Audits;

/// <summary>The pilot's timeline: internal audit in October 2017, AFNOR audit in January 2018, the label for a year.</summary>
public sealed class when_paris_11_goes_for_the_label(AppFixture fixture) : AuditContext(fixture)
{
    private async Task StatusShouldBe(string status, string label, DateOnly? nextAudit)
    {
        var site = await Site("paris-11");
        site.LabelStatus.ShouldBe(status);
        site.LabelStatusLabel.ShouldBe(label);
        site.NextAudit.ShouldBe(nextAudit);
    }

    [Fact]
    public async Task the_label_status_follows_the_internal_then_the_afnor_audit()
    {
        Clock.TravelTo(new DateTimeOffset(2017, 9, 1, 8, 0, 0, TimeSpan.Zero));
        await StatusShouldBe("in_preparation", "en préparation", null);

        var @internal = await Plan("paris-11", "internal", "2017-10-16");
        await StatusShouldBe("audit_planned", "audit planifié", new DateOnly(2017, 10, 16));

        // October 2017: the internal audit finds a major NC and concludes unfavourably.
        Clock.TravelTo(new DateTimeOffset(2017, 10, 16, 8, 0, 0, TimeSpan.Zero));
        await Start(@internal);
        var major = await Record(@internal, "NC_MAJEURE", "ACC-01", "Le temps d'attente n'est ni mesuré ni affiché");
        await Record(@internal, "PF", "ACC-02", "Accueil bienveillant");
        (await ProblemAnswer.From(await Conclude(@internal, "favorable", 400))).Errors!.ShouldHaveSingleItem().Field.ShouldBe("conclusion");
        await Conclude(@internal, "unfavorable");
        await StatusShouldBe("blocked", "bloqué (NC majeure ouverte)", null);

        var afnor = await Plan("paris-11", "afnor", "2018-01-22");
        await StatusShouldBe("blocked", "bloqué (NC majeure ouverte)", new DateOnly(2018, 1, 22));

        // November 2017: the corrective action is done with proof, the NC is lifted, the internal audit closed.
        Clock.TravelTo(new DateTimeOffset(2017, 11, 10, 9, 0, 0, TimeSpan.Zero));
        var action = await AddAction(@internal, major);
        (await Audit(@internal)).Findings.Single(f => f.Id == major).Actions.Single().DueOn.ShouldBe(new DateOnly(2017, 11, 16));
        await Complete(@internal, major, action, "relevés du système de file d'attente affichés depuis le 6/11");
        await CloseFinding(@internal, major);
        await CloseAudit(@internal);
        await StatusShouldBe("audit_planned", "audit planifié", new DateOnly(2018, 1, 22));

        // January 2018: AFNOR, one minor NC, favourable with reservations: labelled for a year.
        Clock.TravelTo(new DateTimeOffset(2018, 1, 22, 8, 0, 0, TimeSpan.Zero));
        await Start(afnor);
        var minor = await Record(afnor, "NC_MINEURE", "TEL-01", "Décroché tardif aux heures de pointe");
        await AddAction(afnor, minor);
        var concludedAt = new DateTimeOffset(2018, 1, 23, 16, 0, 0, TimeSpan.Zero);
        Clock.TravelTo(concludedAt);
        await Conclude(afnor, "favorable_with_reservations");
        var site = await Site("paris-11");
        site.LabelStatus.ShouldBe("labelled");
        site.LabelStatusLabel.ShouldBe("labellisé");
        site.LabelValidUntil!.Value.ShouldBe(concludedAt.AddYears(1), TimeSpan.FromMinutes(1)); // the shifted clock keeps ticking
        site.NextAudit.ShouldBeNull();
        // Added before the conclusion, the action is due 3 months after the finding (22 January), read on 23 January.
        var action2 = (await Audit(afnor)).Findings.Single().Actions.Single();
        action2.DueOn.ShouldBe(new DateOnly(2018, 4, 22));
        action2.Due.ShouldBe("échéance dans 2 mois");

        // The other pilot sites are still in preparation, as GET /api/sites shows.
        var all = (await (await AsAdmin(s => s.Get.Url("/api/sites"))).ReadAsJsonAsync<List<NPS.Quality.Sites.SiteView>>())!;
        all.ToDictionary(s => s.Id, s => s.LabelStatus).ShouldBe(new Dictionary<string, string?>
        {
            ["paris-11"] = "labelled", ["paris-14"] = "in_preparation", ["paris-18"] = "in_preparation", ["paris-8-17"] = "in_preparation",
        });

        // The overview's lines say the same, read from the audits of its page.
        var browser = await PageSession.SignInAsync(Host, await TokenFor("admin"));
        var overview = (await Host.Scenario(s =>
        {
            s.Get.Url("/");
            s.WithRequestHeader("Cookie", browser.Cookies);
            s.StatusCodeShouldBe(200);
        })).ReadAsText();
        string LabelOf(string siteId)
        {
            var line = overview[overview.IndexOf($"/sites/{siteId}\"", StringComparison.Ordinal)..];
            line = line[..line.IndexOf("</tr>", StringComparison.Ordinal)];
            var label = line[line.IndexOf("data-label=\"Label\"", StringComparison.Ordinal)..];
            label = label[(label.IndexOf("\">", label.IndexOf("badge", StringComparison.Ordinal), StringComparison.Ordinal) + 2)..];
            return System.Net.WebUtility.HtmlDecode(label[..label.IndexOf("</span>", StringComparison.Ordinal)]);
        }
        LabelOf("paris-11").ShouldBe("labellisé");
        LabelOf("paris-14").ShouldBe("en préparation");

        // A year later without a renewal audit, the label has expired.
        Clock.TravelTo(concludedAt.AddYears(1).AddDays(1));
        await StatusShouldBe("expired", "label expiré", null);
    }
}
