using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using NPS.Quality.Access;
using NPS.Quality.Tests.Infrastructure;
using Shouldly;
using Wolverine;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// A second instance of the real app, on a database of its own reached through a relay the test can cut: while
/// PostgreSQL is unreachable every request is a French 503 with Retry-After (never a 500), /health says 503, and the
/// service answers again as soon as the database is back.
/// </summary>
[Collection(OutageCollection.Name)]
public sealed class when_the_database_is_unreachable : IAsyncLifetime
{
    private const string AdminToken = AppFixture.AdminToken;
    private string _server = "";
    private string _database = "";
    private TcpProxy _proxy = null!;
    private IAlbaHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("ConnectionStrings__Marten is not set: run the tests with ./build.sh --target=Test.");
        _database = $"nps_outage_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(_server))
        {
            await connection.OpenAsync(Ct);
            await using var create = new NpgsqlCommand($"create database {_database}", connection);
            await create.ExecuteNonQueryAsync(Ct);
        }
        var target = new NpgsqlConnectionStringBuilder(_server);
        _proxy = new TcpProxy(target.Host!, target.Port);
        _proxy.Start();
        // Short connection timeout: a refused connection is told at once anyway; a silent one must not hang the test.
        var proxied = new NpgsqlConnectionStringBuilder(_server) { Host = "127.0.0.1", Port = _proxy.Port, Database = _database, Timeout = 5 }.ConnectionString;

        Environment.SetEnvironmentVariable(UserAdministration.BootstrapTokenVariable, AdminToken);
        JasperFxEnvironment.AutoStartHost = true;
        _host = await AlbaHost.For<Program>(b =>
        {
            b.ConfigureServices(s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Critical)));
            b.ConfigureServices(s => s.RunWolverineInSoloMode());
            b.ConfigureServices(s => s.ConfigureMarten(o => o.Connection(proxied)));
        });
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<IScenarioResult> AsAdmin(Action<Scenario> configure) => _host.Scenario(s =>
    {
        s.WithRequestHeader("Authorization", $"Bearer {AdminToken}");
        configure(s);
    });

    private static async Task ShouldBe503InFrench(IScenarioResult result)
    {
        result.Context.Response.Headers.RetryAfter.ToString().ShouldBe("5");
        var problem = await ProblemAnswer.From(result);
        problem.Status.ShouldBe(503);
        problem.Title.ShouldBe("Service momentanément indisponible");
        problem.Detail!.ShouldContain("rien n'a été enregistré");
    }

    [Fact]
    public async Task reads_and_writes_answer_503_with_retry_after_then_recover()
    {
        await AsAdmin(s => { s.Get.Url("/api/sites/paris-11"); s.StatusCodeShouldBeOk(); });

        _proxy.Cut();

        await ShouldBe503InFrench(await AsAdmin(s => { s.Get.Url("/api/sites/paris-11"); s.StatusCodeShouldBe(503); }));
        await ShouldBe503InFrench(await AsAdmin(s => { s.Get.Url("/api/sites/paris-11/history"); s.StatusCodeShouldBe(503); }));
        await ShouldBe503InFrench(await AsAdmin(s =>
        {
            s.Post.Json(new { siteId = "paris-20", name = "Paris 20e", arrondissements = new[] { "20e" }, referential = "qualiparis-services-sociaux", version = "2018.1" })
                .ToUrl("/api/sites");
            s.StatusCodeShouldBe(503);
        }));
        var health = await _host.Scenario(s => { s.Get.Url("/health"); s.StatusCodeShouldBe(503); });
        health.Context.Response.Headers.RetryAfter.ToString().ShouldBe("5");

        _proxy.Start();

        // The service's own signal that the database is back: /health, then the data as it was.
        await WaitUntilHealthyAsync();
        await AsAdmin(s => { s.Get.Url("/api/sites/paris-11"); s.StatusCodeShouldBeOk(); });
        await AsAdmin(s => { s.Get.Url("/api/sites/paris-20"); s.StatusCodeShouldBe(404); });
    }

    private async Task WaitUntilHealthyAsync()
    {
        // A safety net against a hung run, not a speed requirement.
        var giveUp = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < giveUp)
        {
            var result = await _host.Scenario(s => { s.Get.Url("/health"); s.IgnoreStatusCode(); });
            if (result.Context.Response.StatusCode == 200) return;
            await Task.Delay(200, Ct);
        }
        throw new TimeoutException("/health never came back after the database did.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.StopAsync();
            await _host.DisposeAsync();
        }
        if (_proxy is not null) await _proxy.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>The outage test runs apart: its host and its relay are its own.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class OutageCollection
{
    public const string Name = "outage";
}
