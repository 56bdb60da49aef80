using Marten;
using Wolverine;

namespace NPS.Quality.Reminders;

public static class ReminderSetup
{
    public static IServiceCollection AddNpsReminders(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ReminderOptions>(configuration.GetSection(ReminderOptions.Section));
        services.AddSingleton<SmtpMailer>();
        // After UseWolverine: the schedule is sent through Wolverine's bus, which must have started.
        services.AddHostedService<DigestSchedule>();
        return services;
    }

    public static void ConfigureReminders(this StoreOptions opts)
    {
        opts.Schema.For<DigestRun>().Identity(x => x.Id);
        opts.Schema.For<DigestDelivery>().Identity(x => x.Id);
    }

    /// <summary>
    /// The weekly run and the per-user digests travel on a durable local queue: a scheduled run is an envelope stored in
    /// PostgreSQL (it survives restarts, whichever durability mode, Solo or Balanced, the node runs in).
    /// </summary>
    public static void ConfigureReminders(this WolverineOptions opts)
    {
        opts.PublishMessage<SendWeeklyDigests>().ToLocalQueue("reminders").UseDurableInbox();
        opts.PublishMessage<SendDigest>().ToLocalQueue("reminders").UseDurableInbox();
    }
}

/// <summary>
/// At start-up, schedules this week's run (now if its instant is past: a missed run is caught up) and next week's. Every
/// node and every restart does the same: the copies are harmless, the first one that runs a week records it and the
/// others find it (<see cref="DigestRun"/>); each run also schedules the following week.
/// </summary>
public sealed class DigestSchedule(IServiceProvider services, TimeProvider clock, Microsoft.Extensions.Options.IOptionsMonitor<ReminderOptions> options,
    ILogger<DigestSchedule> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var o = options.CurrentValue;
        if (!o.Schedule) return;
        var now = clock.GetUtcNow();
        var week = WeeklyDigest.WeekOf(Shared.ParisTime.DateOf(now));
        var next = WeeklyDigest.NextWeek(week);
        using var scope = services.CreateScope();
        var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
        var thisWeek = WeeklyDigest.SendInstant(week, o.Day, o.Hour);
        await bus.ScheduleAsync(new SendWeeklyDigests(week), thisWeek > now ? thisWeek : now);
        await bus.ScheduleAsync(new SendWeeklyDigests(next), WeeklyDigest.SendInstant(next, o.Day, o.Hour));
        if (!o.Smtp.Configured)
            logger.LogWarning("Aucun serveur SMTP configuré (Reminders:Smtp:Host) : les résumés hebdomadaires ne seront pas envoyés.");
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
