using Alba;
using JasperFx.CommandLine;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NPS.Quality.Access;
using Wolverine;

namespace NPS.Quality.Tests.Infrastructure;

/// <summary>The real application, once per test run, on the PostgreSQL that the build started.</summary>
public sealed class AppFixture : IAsyncLifetime
{
    public const string AdminToken = "npsq_test-admin-token-for-the-test-suite-only";

    public IAlbaHost Host { get; private set; } = null!;

    /// <summary>The app's TimeProvider (Marten's event timestamps too); reset before each test.</summary>
    public ShiftableClock Clock { get; } = new();

    public async ValueTask InitializeAsync()
    {
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten");
        if (string.IsNullOrWhiteSpace(connection))
            throw new InvalidOperationException("ConnectionStrings__Marten is not set: run the tests with ./build.sh --target=Test.");
        Environment.SetEnvironmentVariable(UserAdministration.BootstrapTokenVariable, AdminToken);
        JasperFxEnvironment.AutoStartHost = true;

        Host = await AlbaHost.For<Program>(b =>
        {
            b.ConfigureServices(s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
            b.ConfigureServices(s => s.RunWolverineInSoloMode());
            b.ConfigureServices(s => s.AddSingleton<TimeProvider>(Clock));
        });
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        await Host.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class IntegrationCollection : ICollectionFixture<AppFixture>
{
    public const string Name = "integration";
}
