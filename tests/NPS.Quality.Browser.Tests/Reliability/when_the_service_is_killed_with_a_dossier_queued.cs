using System.Diagnostics;

namespace NPS.Quality.Browser.Tests.Reliability;

/// <summary>
/// The durable dossier queue after a crash: a dossier is requested (202), the process is killed (SIGKILL) while the
/// rendering is held back, the service starts again on the same database, and the dossier becomes ready by itself.
/// The test waits on the service's own signal (the dossier's status), never on a clock; the recovery time is printed.
/// </summary>
public sealed class when_the_service_is_killed_with_a_dossier_queued
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    [Fact]
    public async Task the_queued_dossier_is_rendered_after_the_restart()
    {
        await using var app = await ServiceProcess.CreateAsync("nps_crash");
        // Every rendering waits 10 minutes in this first life: the kill always lands before it.
        await app.StartAsync(new Dictionary<string, string> { ["Testing__HoldDossierRenderingSeconds"] = "600" });

        var dossier = await app.RequestDossierAsync("paris-11", "internal", Ct);
        (await app.DossierStatusAsync(dossier, Ct)).ShouldBe("pending");

        await app.KillAsync();

        var restart = Stopwatch.StartNew();
        await app.StartAsync();
        var answering = restart.Elapsed;
        string status;
        while ((status = await app.DossierStatusAsync(dossier, Ct)) == "pending")
            await Task.Delay(100, Ct);
        var ready = restart.Elapsed;

        status.ShouldBe("ready", app.Log);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Recovery after SIGKILL: service answering {answering.TotalSeconds:0.0} s after the restart, dossier ready {ready.TotalSeconds:0.0} s after it " +
            $"({(ready - answering).TotalSeconds:0.0} s after the service answered).");
        Console.WriteLine($"MEASURED recovery: answering {answering.TotalSeconds:0.0} s, ready {ready.TotalSeconds:0.0} s after restart");
    }
}
