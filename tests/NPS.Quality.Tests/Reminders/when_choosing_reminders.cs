using Alba;
using Ical.Net;
using NPS.Quality.Access;
using NPS.Quality.Tests.Audits;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;

namespace NPS.Quality.Tests.Reminders;

/// <summary>A user's own address and reminders (/api/me/reminders) and their calendar feed at a secret URL, parsed back.</summary>
public sealed class when_choosing_reminders(AppFixture fixture) : AuditContext(fixture)
{
    private async Task<string> UserNamed(string name, string role, string? siteId = null)
    {
        var created = await (await AsAdmin(s =>
        {
            s.Post.Json(new { name, role, siteId }).ToUrl("/api/users");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<Created>();
        return created!.Token;
    }

    private sealed record Created(string Id, string Token);

    [Fact]
    public async Task an_address_and_known_reminders_are_kept_with_the_version_read()
    {
        var token = await UserNamed("Chloé Durand", "quality_lead", "paris-11");
        var before = await (await Scenario(token, s => s.Get.Url("/api/me/reminders"))).ReadAsJsonAsync<ReminderPreferencesView>();
        before!.Email.ShouldBeNull();
        before.Reminders.ShouldBeEmpty();
        before.Choices.Keys.ShouldBe(["actions", "audits", "samples"], ignoreOrder: true);

        var refused = await Scenario(token, s =>
        {
            s.Post.Json(new { email = "pas-une-adresse", reminders = new[] { "actions", "météo" }, expectedVersion = before.Version }).ToUrl("/api/me/reminders");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(refused)).Errors!.Select(e => e.Field).ShouldBe(["email", "reminders"], ignoreOrder: true);

        var noAddress = await Scenario(token, s =>
        {
            s.Post.Json(new { reminders = new[] { "actions" }, expectedVersion = before.Version }).ToUrl("/api/me/reminders");
            s.StatusCodeShouldBe(400);
        });
        (await ProblemAnswer.From(noAddress)).Errors!.Single().Message.ShouldContain("adresse électronique est nécessaire");

        await Scenario(token, s =>
        {
            s.Post.Json(new { email = "chloe.durand@nps.test", reminders = new[] { "samples", "actions" }, expectedVersion = before.Version }).ToUrl("/api/me/reminders");
            s.StatusCodeShouldBe(200);
        });
        await Scenario(token, s =>
        {
            s.Post.Json(new { email = "autre@nps.test", reminders = Array.Empty<string>(), expectedVersion = before.Version }).ToUrl("/api/me/reminders");
            s.StatusCodeShouldBe(409);
        });
        var after = await (await Scenario(token, s => s.Get.Url("/api/me/reminders"))).ReadAsJsonAsync<ReminderPreferencesView>();
        after!.Email.ShouldBe("chloe.durand@nps.test");
        after.Reminders.ShouldBe(["actions", "samples"]);
        after.Version.ShouldBe(before.Version + 1);
    }

    [Fact]
    public async Task the_calendar_feed_lists_the_users_audits_and_action_due_dates_until_it_is_reset()
    {
        var anne = await UserNamed("Anne Martin", "auditor");
        var planned = await Plan("paris-11", "afnor", "2027-03-25");
        var started = await StartedAudit("paris-14");
        var finding = await Record(started, "NC_MINEURE");
        await AsAuditor($"/api/audits/{started}/findings/{finding}/actions",
            new { description = "Former l'accueil", owner = "Anne Martin", dueOn = "2027-04-30", expectedVersion = await VersionOf(started) }, 201);

        var feed = await (await Scenario(anne, s =>
        {
            s.Post.Url("/api/me/calendar");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<CalendarFeedCreated>();
        feed!.Path.ShouldStartWith("/calendrier/");

        // No token: a calendar application subscribes to the URL alone.
        var ics = await Host.Scenario(s =>
        {
            s.Get.Url(feed.Path);
            s.StatusCodeShouldBe(200);
            s.ContentTypeShouldBe("text/calendar; charset=utf-8");
        });
        var calendar = Calendar.Load(await ics.ReadAsTextAsync())!;
        var audit = calendar.Events.Single(e => e.Uid == $"{planned}@nps-qualite");
        audit.Summary.ShouldStartWith("audit externe AFNOR");
        audit.DtStart!.Date.ShouldBe(new DateOnly(2027, 3, 25));
        audit.DtStart.HasTime.ShouldBeFalse();
        var due = calendar.Events.Single(e => e.Summary!.StartsWith("Échéance : Former l'accueil"));
        due.DtStart!.Date.ShouldBe(new DateOnly(2027, 4, 30));

        // A new URL: the old one stops working.
        var renewed = await (await Scenario(anne, s =>
        {
            s.Post.Url("/api/me/calendar");
            s.StatusCodeShouldBe(201);
        })).ReadAsJsonAsync<CalendarFeedCreated>();
        await Host.Scenario(s =>
        {
            s.Get.Url(feed.Path);
            s.StatusCodeShouldBe(404);
        });
        await Host.Scenario(s =>
        {
            s.Get.Url(renewed!.Path);
            s.StatusCodeShouldBe(200);
        });
    }
}
