using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NPS.Quality.Reminders;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;
using Wolverine;
using Wolverine.Tracking;

namespace NPS.Quality.Tests.Reminders;

/// <summary>
/// The weekly digest end to end, against a real SMTP server started by the test (aiosmtpd) whose received messages are
/// read back: who gets what, in French; once per user and week whatever repeats the run; nothing without a server.
/// </summary>
public sealed class when_sending_weekly_digests(AppFixture fixture) : AuditContext(fixture), IAsyncLifetime
{
    private SmtpSink _smtp = null!;

    private IOptionsMonitorCache<ReminderOptions> Options => Host.Services.GetRequiredService<IOptionsMonitorCache<ReminderOptions>>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _smtp = await SmtpSink.StartAsync(Ct);
        UseSmtp(_smtp.Port);
        Clock.TravelTo(new DateTimeOffset(2027, 3, 10, 9, 0, 0, TimeSpan.FromHours(1)));
    }

    public new async ValueTask DisposeAsync()
    {
        Options.TryRemove(Microsoft.Extensions.Options.Options.DefaultName);
        await _smtp.DisposeAsync();
    }

    private void UseSmtp(int? port)
    {
        Options.TryRemove(Microsoft.Extensions.Options.Options.DefaultName);
        Options.TryAdd(Microsoft.Extensions.Options.Options.DefaultName, new ReminderOptions
        {
            Smtp = new SmtpOptions { Host = port is null ? null : "127.0.0.1", Port = port ?? 0, Tls = "none", Sender = "NPS Qualité <qualite@nps.test>" },
            BaseUrl = "https://qualite.nps.test",
            Schedule = false,
        });
    }

    private async Task<(string Id, string Token)> User(string name, string role, string? siteId, string? email, params string[] reminders)
    {
        var created = await (await AsAdmin(s =>
        {
            s.Post.Json(new { name, role, siteId }).ToUrl("/api/users");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<Created>();
        await Scenario(created!.Token, s =>
        {
            s.Post.Json(new { email, reminders, expectedVersion = 1 }).ToUrl("/api/me/reminders");
            s.StatusCodeShouldBe(200);
        });
        return (created.Id, created.Token);
    }

    private sealed record Created(string Id, string Token);

    /// <summary>An audit of paris-11 in 15 days (auditors Anne Martin and Louis Petit); a minor NC with an action due in 10 days.</summary>
    private async Task ArrangeAuditsAsync()
    {
        await Plan("paris-11", "afnor", "2027-03-25");
        var started = await StartedAudit("paris-11");
        var finding = await Record(started, "NC_MINEURE");
        await AddAction(started, finding, "2027-03-20");
    }

    private async Task<ITrackedSession> RunWeek(string week) => await Host.InvokeMessageAndWaitAsync(new SendWeeklyDigests(week), 60_000);

    [Fact]
    public async Task each_user_gets_what_concerns_them_in_french()
    {
        var anne = await User("Anne Martin", "auditor", null, "anne.martin@nps.test", "audits", "actions");
        var lead = await User("Chloé Durand", "quality_lead", "paris-11", "chloe.durand@nps.test", "actions", "samples");
        var manager = await User("Paul Roux", "site_manager", "paris-11", "paul.roux@nps.test", "audits");
        await User("Sans Adresse", "auditor", null, null);
        await User("Autre Site", "site_manager", "paris-14", "autre@nps.test", "audits");
        await ArrangeAuditsAsync();

        await RunWeek("2027-W10");

        var messages = _smtp.Messages();
        messages.Select(m => m.To.Mailboxes.Single().Address).ShouldBe(
            ["anne.martin@nps.test", "chloe.durand@nps.test", "paul.roux@nps.test"], ignoreOrder: true);
        messages.ShouldAllBe(m => m.From.Mailboxes.Single().Address == "qualite@nps.test");

        var toAnne = messages.Single(m => m.To.Mailboxes.Single().Address == "anne.martin@nps.test");
        toAnne.Subject.ShouldBe("NPS Qualité — semaine du 8 mars 2027 : 1 audit à venir");
        toAnne.TextBody!.ShouldContain("Bonjour Anne Martin,");
        toAnne.TextBody!.ShouldContain("le 25 mars 2027 (dans 2 semaines et 1 jour)");
        toAnne.Headers["X-NPS-Digest"].ShouldBe($"{anne.Id}:2027-W10");

        var toLead = messages.Single(m => m.To.Mailboxes.Single().Address == "chloe.durand@nps.test");
        toLead.Subject.ShouldStartWith("NPS Qualité — semaine du 8 mars 2027 : 1 action à suivre, ");
        toLead.TextBody!.ShouldContain("Afficher le temps d'attente — responsable : responsable de l'accueil — échéance le 20 mars 2027");
        toLead.TextBody!.ShouldContain("Échantillons manquants en mars 2027");
        toLead.TextBody!.ShouldContain("https://qualite.nps.test/sites/paris-11/echantillons");

        var toManager = messages.Single(m => m.To.Mailboxes.Single().Address == "paul.roux@nps.test");
        toManager.TextBody!.ShouldContain("Audits des 30 prochains jours (1)");
        toManager.TextBody!.ShouldNotContain("Actions correctives");

        await using var session = Store.QuerySession();
        (await session.LoadAsync<DigestDelivery>($"{lead.Id}:2027-W10", Ct))!.SentAt.ShouldNotBeNull();
    }

    [Fact]
    public async Task a_week_runs_once_and_a_user_gets_one_digest_per_week_even_when_nodes_race()
    {
        var anne = await User("Anne Martin", "auditor", null, "anne.martin@nps.test", "audits");
        await ArrangeAuditsAsync();

        var first = await RunWeek("2027-W10");
        // The run schedules the next week, durably (a scheduled envelope on the durable "reminders" queue).
        first.Scheduled.SingleMessage<SendWeeklyDigests>().Week.ShouldBe("2027-W11");
        // The same week again (another node's schedule, the schedule made again at a restart): the run is recorded.
        await RunWeek("2027-W10");
        _smtp.Messages().Count.ShouldBe(1);
        (await RunWeek("2027-W10")).Scheduled.MessagesOf<SendWeeklyDigests>().ShouldBeEmpty("a skipped week schedules nothing more");

        // The user's digest itself, delivered again, and twice at the same instant (two nodes): one message only.
        var bus = Host.MessageBus();
        await bus.InvokeAsync(new SendDigest(anne.Id, "2027-W10"), Ct);
        await Task.WhenAll(Host.MessageBus().InvokeAsync(new SendDigest(anne.Id, "2027-W11"), Ct),
            Host.MessageBus().InvokeAsync(new SendDigest(anne.Id, "2027-W11"), Ct));

        var messages = _smtp.Messages();
        messages.Count(m => m.Headers["X-NPS-Digest"] == $"{anne.Id}:2027-W10").ShouldBe(1);
        messages.Count(m => m.Headers["X-NPS-Digest"] == $"{anne.Id}:2027-W11").ShouldBe(1);

        await using var session = Store.QuerySession();
        (await session.LoadAsync<DigestRun>("2027-W10", Ct)).ShouldNotBeNull();
    }

    [Fact]
    public async Task nothing_is_sent_when_no_server_is_configured()
    {
        await User("Anne Martin", "auditor", null, "anne.martin@nps.test", "audits");
        await ArrangeAuditsAsync();
        UseSmtp(null);

        await RunWeek("2027-W10");

        _smtp.Messages().ShouldBeEmpty();
        await using var session = Store.QuerySession();
        (await session.LoadAsync<DigestRun>("2027-W10", Ct))!.Users.ShouldBe(0);
        (await session.Query<DigestDelivery>().CountAsync(Ct)).ShouldBe(0);
    }
}
