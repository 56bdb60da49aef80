// NPS Quality build: the README's two commands live here.
//   ./build.sh --target=Run    the service on http://127.0.0.1:5080 with its own durable PostgreSQL
//   ./build.sh --target=Test   every test against a throwaway PostgreSQL, then "N passed, N failed"
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Xml.Linq;

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var urls = Argument("urls", EnvironmentVariable("NPS_QUALITY_URLS") ?? "http://127.0.0.1:5080");
var testFilter = Argument("filter", "");

var root = MakeAbsolute(Directory(".")).FullPath;
var pgScript = $"{root}/build/pg.sh";
string startedCluster = null;

bool IsRoot() => Environment.UserName == "root";

int FreePort()
{
    var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    var port = ((IPEndPoint)listener.LocalEndpoint).Port;
    listener.Stop();
    return port;
}

void Sh(string file, string args, IDictionary<string, string> env = null)
{
    var settings = new ProcessSettings { Arguments = args, WorkingDirectory = root };
    if (env != null) settings.EnvironmentVariables = env;
    var code = StartProcess(file, settings);
    if (code != 0) throw new CakeException(code, $"{file} {args} exited with {code}");
}

// Starts a project-owned cluster and returns its connection string.
string StartCluster(string dataDir, bool durable)
{
    Sh(pgScript, "ensure-binaries");
    var port = FreePort();
    Sh(pgScript, $"start \"{dataDir}\" {port} {(durable ? "durable" : "throwaway")}");
    startedCluster = dataDir;
    Information($"PostgreSQL started on 127.0.0.1:{port} ({dataDir})");
    return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Maximum Pool Size=80";
}

void StopCluster()
{
    if (startedCluster == null) return;
    StartProcess(pgScript, new ProcessSettings { Arguments = $"stop \"{startedCluster}\"" });
    Information($"PostgreSQL stopped ({startedCluster})");
    startedCluster = null;
}

Teardown(_ => StopCluster());

Task("Build")
    .Does(() =>
{
    Sh("dotnet", $"build NPS.Quality.sln -c {configuration} --nologo -v q");
});

Task("Run")
    .Does(() =>
{
    var connection = EnvironmentVariable("ConnectionStrings__Marten");
    if (string.IsNullOrWhiteSpace(connection))
    {
        // Durable data: an ignored folder of the repo, or /tmp when root (postgres cannot reach /root).
        var dataDir = IsRoot()
            ? $"/tmp/nps-quality-{Convert.ToHexString(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(root)))[..12].ToLowerInvariant()}/pgdata"
            : $"{root}/.pgdata/data";
        connection = StartCluster(dataDir, durable: true);
    }
    else
    {
        Information("Using the PostgreSQL server named by ConnectionStrings__Marten.");
    }

    // Ctrl-C reaches the service too: let it shut down, then Teardown stops the cluster.
    Console.CancelKeyPress += (_, e) => e.Cancel = true;
    StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"run --project src/NPS.Quality -c {configuration} -- --urls {urls}",
        WorkingDirectory = root,
        EnvironmentVariables = new Dictionary<string, string>
        {
            ["ConnectionStrings__Marten"] = connection,
            ["ASPNETCORE_ENVIRONMENT"] = EnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Development",
        },
    });
});

Task("Test")
    .IsDependentOn("Build")
    .Does(() =>
{
    var connection = EnvironmentVariable("ConnectionStrings__Marten");
    if (string.IsNullOrWhiteSpace(connection))
    {
        var dataDir = $"/tmp/nps-quality-test-{Guid.NewGuid():N}";
        connection = StartCluster(dataDir, durable: false);
    }

    var results = $"{root}/TestResults";
    if (DirectoryExists(results)) DeleteDirectory(results, new DeleteDirectorySettings { Recursive = true, Force = true });

    var filter = string.IsNullOrEmpty(testFilter) ? "" : $" --filter-method \"{testFilter}\"";
    var code = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = $"test --solution NPS.Quality.sln -c {configuration} --no-build --results-directory \"{results}\" --report-xunit-trx --no-progress --output Detailed{filter}",
        WorkingDirectory = root,
        EnvironmentVariables = new Dictionary<string, string> { ["ConnectionStrings__Marten"] = connection },
    });

    // The test platform's own summary is not the line CI reads: sum the TRX reports' counters.
    int passed = 0, failed = 0, skipped = 0;
    foreach (var file in GetFiles($"{results}/**/*.trx"))
    {
        var counters = XDocument.Load(file.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
        if (counters == null) continue;
        int Count(string name) => (int?)counters.Attribute(name) ?? 0;
        passed += Count("passed");
        failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
        skipped += Count("notExecuted");
    }
    if (passed + failed == 0 && code != 0) failed = 1; // the runner itself failed before reporting
    Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    if (code != 0 || failed > 0) throw new CakeException(1, "Tests failed.");
});

RunTarget(target);
