using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NPS.Quality.Access;
using NPS.Quality.Tests.Infrastructure;
using NPS.Quality.Tests.Samples;
using Shouldly;
using Wolverine;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// A real PostgreSQL restart under traffic: a cluster of the test's own (build/pg.sh, durable settings, a free port) is
/// stopped and started again while a quality lead keeps recording samples and reading them. During the restart every
/// answer is 503 with Retry-After (never a 500); after it the service answers again by itself; every sample that was
/// acknowledged (201) is there. The test waits on signals (answers seen, /health), never on a clock.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class when_postgresql_restarts_mid_traffic : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly string _dataDir = $"/tmp/nps-quality-restart-{Guid.NewGuid():N}";
    private int _port;
    private IAlbaHost? _host;

    private static string PgScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "build", "pg.sh"))) return Path.Combine(dir.FullName, "build", "pg.sh");
        throw new InvalidOperationException("build/pg.sh not found above the test binaries.");
    }

    private static async Task<int> Pg(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(PgScript());
        foreach (var a in arguments) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private async Task StartCluster()
    {
        for (var attempt = 1; ; attempt++)
        {
            var code = await Pg("start", _dataDir, _port.ToString(), "durable");
            if (code == 0) return;
            if (code != 4 || attempt == 5) throw new InvalidOperationException($"build/pg.sh start exited {code} (port {_port}).");
            _port = FreePorts.Next();
        }
    }

    public async ValueTask InitializeAsync()
    {
        _port = FreePorts.Next();
        await StartCluster();
        var connection = $"Host=127.0.0.1;Port={_port};Username=postgres;Database=postgres;Timeout=5";
        Environment.SetEnvironmentVariable(UserAdministration.BootstrapTokenVariable, AppFixture.AdminToken);
        JasperFxEnvironment.AutoStartHost = true;
        _host = await AlbaHost.For<Program>(b =>
        {
            b.ConfigureServices(s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Critical)));
            b.ConfigureServices(s => s.RunWolverineInSoloMode());
            b.ConfigureServices(s => s.ConfigureMarten(o => o.Connection(connection)));
        });
    }

    private Task<IScenarioResult> As(string token, Action<Scenario> configure) => _host!.Scenario(s =>
    {
        s.WithRequestHeader("Authorization", $"Bearer {token}");
        s.IgnoreStatusCode();
        configure(s);
    });

    private static async Task Until(Func<bool> signal, string what)
    {
        // A net against a wedged run, not a speed requirement.
        var giveUp = DateTime.UtcNow.AddMinutes(5);
        while (!signal())
        {
            if (DateTime.UtcNow > giveUp) throw new TimeoutException(what);
            await Task.Delay(50, Ct);
        }
    }

    [Fact]
    public async Task requests_get_503_during_the_restart_then_succeed_and_no_acknowledged_sample_is_lost()
    {
        var created = await As(AppFixture.AdminToken, s => s.Post.Json(new { name = "Léa", role = "quality_lead", siteId = "paris-11" }).ToUrl("/api/users"));
        created.Context.Response.StatusCode.ShouldBe(201);
        var lead = (await created.ReadAsJsonAsync<TokenAnswer>())!.Token;

        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var unexpected = new ConcurrentQueue<string>();
        var during = 0;
        var restarting = false;
        using var stop = new CancellationTokenSource();

        var traffic = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var id = $"R-{i:00000}";
                var write = await As(lead, s => s.Post.Json(SampleHelpers.Waiting(id, 5 + i % 30, day: 2 + i % 20)).ToUrl("/api/sites/paris-11/samples"));
                var read = await As(lead, s => s.Get.Url("/api/sites/paris-11/samples?pageSize=1"));
                foreach (var (result, what) in new[] { (write, $"POST {id}"), (read, "GET") })
                {
                    var status = result.Context.Response.StatusCode;
                    statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                    if (status == 503)
                    {
                        if (Volatile.Read(ref restarting)) Interlocked.Increment(ref during);
                        if (result.Context.Response.Headers.RetryAfter.Count == 0) unexpected.Enqueue($"{what}: 503 without Retry-After");
                    }
                    else if (status is not (200 or 201)) unexpected.Enqueue($"{what}: {status} {await result.ReadAsTextAsync()}");
                }
                if (write.Context.Response.StatusCode == 201) acknowledged.Add(id);
            }
        }, Ct);

        await Until(() => acknowledged.Count >= 20 || traffic.IsCompleted, "no sample was acknowledged before the restart");
        Volatile.Write(ref restarting, true);
        (await Pg("stop", _dataDir)).ShouldBe(0);
        await Until(() => Volatile.Read(ref during) >= 5 || traffic.IsCompleted, "no 503 was seen while PostgreSQL was down");

        var restart = Stopwatch.StartNew();
        await StartCluster();
        var clusterUp = restart.Elapsed;
        while ((await _host!.Scenario(s => { s.Get.Url("/health"); s.IgnoreStatusCode(); })).Context.Response.StatusCode != 200)
            await Task.Delay(100, Ct);
        var healthy = restart.Elapsed;
        Volatile.Write(ref restarting, false);
        var before = acknowledged.Count;
        await Until(() => acknowledged.Count >= before + 20 || traffic.IsCompleted, "no sample was acknowledged after the restart");
        await stop.CancelAsync();
        await traffic;

        unexpected.ShouldBeEmpty();
        statuses.Keys.ShouldNotContain(500);
        statuses[503].ShouldBeGreaterThanOrEqualTo(5);

        // Every acknowledged sample is stored.
        var stored = new HashSet<string>();
        for (var page = 1; ; page++)
        {
            var result = await As(lead, s => s.Get.Url($"/api/sites/paris-11/samples?pageSize=500&page={page}"));
            var items = (await result.ReadAsJsonAsync<SamplePageAnswer>())!.Items;
            if (items.Count == 0) break;
            stored.UnionWith(items.Select(i => i.SampleId));
        }
        acknowledged.Where(id => !stored.Contains(id)).ShouldBeEmpty();

        var line = $"PostgreSQL restart: cluster up {clusterUp.TotalSeconds:0.0} s after the start command, /health 200 {healthy.TotalSeconds:0.0} s after it; " +
                   $"answers {string.Join(", ", statuses.OrderBy(p => p.Key).Select(p => $"{p.Key}×{p.Value}"))}; {acknowledged.Count} samples acknowledged, all stored.";
        TestContext.Current.TestOutputHelper?.WriteLine(line);
        Console.WriteLine("MEASURED " + line);
    }

    private sealed record TokenAnswer(string Id, string Token);

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }
        NpgsqlConnection.ClearAllPools();
        await Pg("stop", _dataDir, "--remove");
    }
}
