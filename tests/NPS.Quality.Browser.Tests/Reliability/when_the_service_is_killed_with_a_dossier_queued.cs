using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace NPS.Quality.Browser.Tests.Reliability;

/// <summary>
/// The durable dossier queue after a crash: a dossier is requested (202), the process is killed (SIGKILL) while the
/// rendering is held back, the service starts again on the same database, and the dossier becomes ready by itself.
/// The test waits on the service's own signal (the dossier's status), never on a clock; the recovery time is printed.
/// </summary>
public sealed class when_the_service_is_killed_with_a_dossier_queued
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed record Accepted(string DossierId, string Status, string Location);
    private sealed record DossierStatus(string Id, string Status);

    private static async Task<HttpResponseMessage> Send(ServiceProcess app, HttpMethod method, string url, object? body = null)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", ServiceProcess.AdminToken);
        return await app.Api.SendAsync(request, Ct);
    }

    private static async Task<string> StatusOf(ServiceProcess app, string dossierId)
    {
        using var response = await Send(app, HttpMethod.Get, $"/api/dossiers/{dossierId}");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return (await response.Content.ReadFromJsonAsync<DossierStatus>(Json, Ct))!.Status;
    }

    [Fact]
    public async Task the_queued_dossier_is_rendered_after_the_restart()
    {
        await using var app = await ServiceProcess.CreateAsync("nps_crash");
        // Every rendering waits 10 minutes in this first life: the kill always lands before it.
        await app.StartAsync(new Dictionary<string, string> { ["Testing__HoldDossierRenderingSeconds"] = "600" });

        using var requested = await Send(app, HttpMethod.Post, "/api/sites/paris-11/dossiers",
            new { kind = "internal", from = "2017-10-01", to = "2017-10-31" });
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(Ct));
        var dossier = (await requested.Content.ReadFromJsonAsync<Accepted>(Json, Ct))!;
        (await StatusOf(app, dossier.DossierId)).ShouldBe("pending");

        await app.KillAsync();

        var restart = Stopwatch.StartNew();
        await app.StartAsync();
        var answering = restart.Elapsed;
        string status;
        while ((status = await StatusOf(app, dossier.DossierId)) == "pending")
            await Task.Delay(100, Ct);
        var ready = restart.Elapsed;

        status.ShouldBe("ready", app.Log);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"Recovery after SIGKILL: service answering {answering.TotalSeconds:0.0} s after the restart, dossier ready {ready.TotalSeconds:0.0} s after it " +
            $"({(ready - answering).TotalSeconds:0.0} s after the service answered).");
        Console.WriteLine($"MEASURED recovery: answering {answering.TotalSeconds:0.0} s, ready {ready.TotalSeconds:0.0} s after restart");
    }
}
