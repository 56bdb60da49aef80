using NPS.Quality.Access;
using NPS.Quality.Reminders;
using Shouldly;

namespace NPS.Quality.Tests.Reminders;

/// <summary>The digest as pure functions: its week key, its instant, who is told what, the sample projection, the French text.</summary>
public sealed class when_composing_a_weekly_digest
{
    private static readonly DateOnly Today = new(2027, 3, 10);

    private static readonly DueAction[] Actions =
    [
        new("paris-11", "Service social du 11e", "audit-1", "a-1", "Afficher le temps d'attente", "Anne Martin", new DateOnly(2027, 3, 5)),
        new("paris-11", "Service social du 11e", "audit-1", "a-2", "Former l'accueil", "responsable de l'accueil", new DateOnly(2027, 3, 20)),
        new("paris-14", "Service social du 14e", "audit-2", "a-3", "Répondre aux courriels", "Louis Petit", new DateOnly(2027, 3, 22)),
    ];

    private static readonly UpcomingAudit[] Audits =
    [
        new("paris-11", "Service social du 11e", "audit-3", "audit interne", "initial", new DateOnly(2027, 3, 25), ["Anne Martin"]),
        new("paris-14", "Service social du 14e", "audit-4", "audit externe AFNOR", "initial", new DateOnly(2027, 4, 2), ["Louis Petit"]),
    ];

    private static readonly SampleShortfall[] Samples = [new("paris-11", "Service social du 11e", "ACC-01-ATTENTE", "Attente au guichet", 3, 30, 9)];

    [Theory]
    [InlineData("2027-03-10", "2027-W10")]
    [InlineData("2027-01-01", "2026-W53")]
    [InlineData("2026-12-28", "2026-W53")]
    [InlineData("2025-12-29", "2026-W01")]
    public void the_week_key_is_the_iso_week(string date, string week)
        => WeeklyDigest.WeekOf(DateOnly.Parse(date)).ShouldBe(week);

    [Fact]
    public void the_digest_leaves_on_the_configured_day_and_hour_in_paris()
    {
        WeeklyDigest.SendInstant("2027-W10", DayOfWeek.Monday, 7).ShouldBe(new DateTimeOffset(2027, 3, 8, 7, 0, 0, TimeSpan.FromHours(1)));
        WeeklyDigest.SendInstant("2027-W27", DayOfWeek.Monday, 7).ShouldBe(new DateTimeOffset(2027, 7, 5, 7, 0, 0, TimeSpan.FromHours(2)));
        WeeklyDigest.NextWeek("2026-W53").ShouldBe("2027-W01");
    }

    [Fact]
    public void actions_go_to_their_owner_and_to_the_sites_quality_leads()
    {
        var owner = new Recipient("u-1", "Anne Martin", Role.Auditor, null, "anne@exemple.fr", [ReminderKind.Actions, ReminderKind.Audits]);
        var digest = WeeklyDigest.For(owner, Actions, Audits, Samples, Today);
        digest.Actions.Select(a => a.ActionId).ShouldBe(["a-1"]);
        digest.Audits.Select(a => a.AuditId).ShouldBe(["audit-3"]);
        digest.Samples.ShouldBeEmpty();

        var lead = new Recipient("u-2", "Chloé Durand", Role.QualityLead, "paris-11", "chloe@exemple.fr", [ReminderKind.Actions, ReminderKind.Samples, ReminderKind.Audits]);
        var forLead = WeeklyDigest.For(lead, Actions, Audits, Samples, Today);
        forLead.Actions.Select(a => a.ActionId).ShouldBe(["a-1", "a-2"]);
        forLead.Samples.Single().Indicator.ShouldBe("ACC-01-ATTENTE");
        forLead.Audits.ShouldBeEmpty("audits go to their auditors and the site's manager");
    }

    [Fact]
    public void audits_go_to_their_auditors_and_the_sites_manager_and_only_the_chosen_reminders_are_sent()
    {
        var manager = new Recipient("u-3", "Paul Roux", Role.SiteManager, "paris-14", "paul@exemple.fr", [ReminderKind.Audits]);
        WeeklyDigest.For(manager, Actions, Audits, Samples, Today).Audits.Select(a => a.AuditId).ShouldBe(["audit-4"]);

        var nothingChosen = new Recipient("u-1", "Anne Martin", Role.Auditor, null, "anne@exemple.fr", []);
        WeeklyDigest.For(nothingChosen, Actions, Audits, Samples, Today).IsEmpty.ShouldBeTrue();
    }

    [Theory]
    [InlineData(0, 1, 30, true)]
    [InlineData(10, 10, 30, false)] // 10 in 10 days of March: 31 by the end
    [InlineData(9, 10, 30, true)]   // 27 by the end
    [InlineData(30, 2, 30, false)]  // already reached
    public void an_indicator_is_reminded_when_its_pace_misses_the_minimum(int n, int day, int minimum, bool reminded)
        => WeeklyDigest.WillMissMinimum(n, minimum, new DateOnly(2027, 3, day)).ShouldBe(reminded);

    [Fact]
    public void the_message_is_in_french_with_links()
    {
        var lead = new Recipient("u-2", "Chloé Durand", Role.QualityLead, "paris-11", "chloe@exemple.fr", [ReminderKind.Actions, ReminderKind.Samples]);
        var digest = WeeklyDigest.For(lead, Actions, Audits, Samples, Today);
        WeeklyDigest.Subject(digest).ShouldBe("NPS Qualité — semaine du 8 mars 2027 : 2 actions à suivre, 1 indicateur à compléter");
        var text = WeeklyDigest.Text(digest, "https://qualite.exemple.fr/");
        text.ShouldStartWith("Bonjour Chloé Durand,");
        text.ShouldContain("EN RETARD, échéance dépassée depuis le 5 mars 2027");
        text.ShouldContain("https://qualite.exemple.fr/audits/audit-1");
        text.ShouldContain("Échantillons manquants en mars 2027 (1)");
        text.ShouldContain("3 échantillons pour un minimum de 30");
        text.ShouldContain("https://qualite.exemple.fr/rappels");
    }
}
