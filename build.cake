// NPS Quality build: the README's two commands live here.
//   ./build.sh --target=Run    the service on http://127.0.0.1:5080 with its own durable PostgreSQL
//   ./build.sh --target=Test   every test against a throwaway PostgreSQL, then "N passed, N failed"
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
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

bool PortIsFree(int port)
{
    try
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
        return true;
    }
    catch (SocketException) { return false; }
}

// The durable cluster keeps its port (55432 when free) so that the JasperFx commands can reach it too.
int DurablePort(string dataDir)
{
    var file = $"{dataDir}.port";
    if (System.IO.File.Exists(file) && int.TryParse(System.IO.File.ReadAllText(file).Trim(), out var saved) && PortIsFree(saved)) return saved;
    var port = PortIsFree(55432) ? 55432 : FreePort();
    System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file));
    System.IO.File.WriteAllText(file, port.ToString());
    return port;
}

// Starts a project-owned cluster and returns its connection string. A port can be taken between the check and the
// start (another cluster starting at the same moment): pg.sh then exits 4 and the start is tried again on a free port.
string StartCluster(string dataDir, bool durable)
{
    Sh(pgScript, "ensure-binaries");
    var port = durable ? DurablePort(dataDir) : FreePort();
    const int attempts = 5;
    for (var attempt = 1; ; attempt++)
    {
        var code = StartProcess(pgScript, new ProcessSettings
        {
            Arguments = $"start \"{dataDir}\" {port} {(durable ? "durable" : "throwaway")}",
            WorkingDirectory = root,
        });
        if (code == 0) break;
        if (code != 4 || attempt == attempts)
            throw new CakeException(code, $"PostgreSQL did not start ({dataDir}, port {port}, attempt {attempt} of {attempts}).");
        var taken = port;
        port = FreePort();
        Warning($"Port {taken} was taken while PostgreSQL started: trying port {port} (attempt {attempt + 1} of {attempts}).");
        if (durable) System.IO.File.WriteAllText($"{dataDir}.port", port.ToString());
    }
    startedCluster = dataDir;
    var connection = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    Information($"PostgreSQL started on 127.0.0.1:{port} ({dataDir})");
    if (durable) Information($"ConnectionStrings__Marten=\"{connection}\"  (for the JasperFx commands, see README)");
    return connection;
}

bool throwawayCluster = false;

void StopCluster()
{
    if (startedCluster == null) return;
    StartProcess(pgScript, new ProcessSettings { Arguments = $"stop \"{startedCluster}\"{(throwawayCluster ? " --remove" : "")}" });
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

    // Run the built service itself (not `dotnet run`), so that Ctrl-C or SIGTERM given to the build reaches it;
    // Teardown then stops the cluster once the service has shut down.
    Sh("dotnet", $"build src/NPS.Quality -c {configuration} --nologo -v q");
    var start = new System.Diagnostics.ProcessStartInfo("dotnet", $"bin/{configuration}/net10.0/NPS.Quality.dll --urls {urls}")
    {
        WorkingDirectory = $"{root}/src/NPS.Quality",
        UseShellExecute = false,
    };
    start.Environment["ConnectionStrings__Marten"] = connection;
    start.Environment["ASPNETCORE_ENVIRONMENT"] = EnvironmentVariable("ASPNETCORE_ENVIRONMENT") ?? "Production";
    using var service = System.Diagnostics.Process.Start(start)!;
    void Forward(PosixSignalContext context)
    {
        context.Cancel = true;
        if (!service.HasExited) StartProcess("kill", $"-TERM {service.Id}");
    }
    using var onInterrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Forward);
    using var onTerminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Forward);
    service.WaitForExit();
});

// The browser tests drive Debian's Chromium (never a downloaded browser): install it when missing.
void EnsureChromium()
{
    if (System.IO.File.Exists("/usr/bin/chromium")) return;
    if (!IsRoot())
        throw new CakeException(3, "Chromium is missing for the browser tests. Install it, then run again:\n" +
            "    sudo apt-get install -y --no-install-recommends chromium");
    Information("/usr/bin/chromium not found: installing Debian's chromium package with apt-get.");
    var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
    Sh("apt-get", "update -qq", env);
    Sh("apt-get", "install -y -qq --no-install-recommends chromium", env);
    if (!System.IO.File.Exists("/usr/bin/chromium")) throw new CakeException(3, "apt-get did not install /usr/bin/chromium.");
}

// The reminder tests send real e-mail to Debian's aiosmtpd (python3 -m aiosmtpd), started by the tests: install it when missing.
// Debian's own interpreter (/usr/bin/python3) is the one that sees the package, whatever python3 comes first on the PATH.
string DebianPython() => System.IO.File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

bool PythonHasAiosmtpd()
{
    try { return StartProcess(DebianPython(), new ProcessSettings { Arguments = "-c \"import aiosmtpd\"", RedirectStandardError = true, RedirectStandardOutput = true }) == 0; }
    catch (Exception) { return false; }
}

void EnsureAiosmtpd()
{
    if (PythonHasAiosmtpd()) return;
    if (!IsRoot())
        throw new CakeException(3, "aiosmtpd is missing for the e-mail tests. Install it, then run again:\n" +
            "    sudo apt-get install -y --no-install-recommends python3-aiosmtpd");
    Information("Python's aiosmtpd not found: installing Debian's python3-aiosmtpd package with apt-get.");
    var env = new Dictionary<string, string> { ["DEBIAN_FRONTEND"] = "noninteractive" };
    Sh("apt-get", "update -qq", env);
    Sh("apt-get", "install -y -qq --no-install-recommends python3-aiosmtpd", env);
    if (!PythonHasAiosmtpd()) throw new CakeException(3, "apt-get did not install python3-aiosmtpd.");
}

// Runs the test projects against a throwaway cluster (or ConnectionStrings__Marten); `traits` adds runner filters.
void RunTests(string traits, IDictionary<string, string> extraEnvironment = null)
{
    EnsureChromium();
    EnsureAiosmtpd();
    var connection = EnvironmentVariable("ConnectionStrings__Marten");
    if (string.IsNullOrWhiteSpace(connection))
    {
        var dataDir = $"/tmp/nps-quality-test-{Guid.NewGuid():N}";
        connection = StartCluster(dataDir, durable: false);
        throwawayCluster = true;
    }

    var results = $"{root}/TestResults";
    if (DirectoryExists(results)) DeleteDirectory(results, new DeleteDirectorySettings { Recursive = true, Force = true });

    var filter = traits + (string.IsNullOrEmpty(testFilter) ? "" : $" --filter-method \"{testFilter}\"");
    // With a filter, the test projects without a matching test exit with 8 ("zero tests ran"): not a failure.
    if (!string.IsNullOrEmpty(testFilter) || traits.Contains("--filter-trait")) filter += " --ignore-exit-code 8";
    var environment = new Dictionary<string, string> { ["ConnectionStrings__Marten"] = connection };
    foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string>()) environment[key] = value;
    // The output is shown as it comes and read for the runner's closing summary ("total: N", "failed: N", ...).
    var start = new System.Diagnostics.ProcessStartInfo("dotnet",
        $"test --solution NPS.Quality.sln -c {configuration} --no-build --results-directory \"{results}\" --report-xunit-trx --no-progress --output Detailed{filter}")
    {
        WorkingDirectory = root,
        RedirectStandardOutput = true,
        UseShellExecute = false,
    };
    foreach (var (key, value) in environment) start.Environment[key] = value;
    var summary = new Dictionary<string, int>();
    int code;
    using (var tests = System.Diagnostics.Process.Start(start)!)
    {
        string line;
        while ((line = tests.StandardOutput.ReadLine()) != null)
        {
            Console.WriteLine(line);
            var m = System.Text.RegularExpressions.Regex.Match(line, @"^\s*(total|failed|succeeded|skipped):\s*(\d+)\s*$");
            if (m.Success) summary[m.Groups[1].Value] = int.Parse(m.Groups[2].Value);
        }
        tests.WaitForExit();
        code = tests.ExitCode;
    }

    // The line CI reads. The runner's summary counts every project; the TRX reports are the fallback (two projects
    // started in the same microsecond once wrote the same TRX file name, and one project's results were lost).
    int passed = 0, failed = 0, skipped = 0;
    if (summary.TryGetValue("total", out _) && summary.TryGetValue("succeeded", out var succeeded) && summary.TryGetValue("failed", out var failedCount))
    {
        passed = succeeded;
        failed = failedCount;
        skipped = summary.TryGetValue("skipped", out var s) ? s : 0;
    }
    else
    {
        foreach (var file in GetFiles($"{results}/**/*.trx"))
        {
            var counters = XDocument.Load(file.FullPath).Descendants().FirstOrDefault(e => e.Name.LocalName == "Counters");
            if (counters == null) continue;
            int Count(string name) => (int?)counters.Attribute(name) ?? 0;
            passed += Count("passed");
            failed += Count("failed") + Count("error") + Count("timeout") + Count("aborted");
            skipped += Count("notExecuted");
        }
    }
    if (passed + failed == 0 && code != 0) failed = 1; // the runner itself failed before reporting
    Console.WriteLine($"{passed} passed, {failed} failed, {skipped} skipped");
    if (code != 0 || failed > 0) throw new CakeException(1, "Tests failed.");
}

// Speed is measured by the Bench target, never asserted by the test suite; screenshots are refreshed by their own target.
Task("Test")
    .IsDependentOn("Build")
    .Does(() => RunTests(" --filter-not-trait \"Category=Bench\" --filter-not-trait \"Category=Screenshots\""));

// The network benchmark of issue 17 (build/bench.sh --network): seeds 800 sites × 3 years on a throwaway cluster and prints
// every figure against its goal. Pass the scale through, e.g. ./build.sh --target=Bench --sites=20 for a quick run.
Task("Bench")
    .Does(() =>
{
    var extra = new[] { "sites", "months", "per-month" }.Where(HasArgument).Select(a => $" --{a}={Argument<string>(a)}");
    var code = StartProcess("nice", new ProcessSettings
    {
        Arguments = "-n 10 build/bench.sh --network" + string.Concat(extra),
        WorkingDirectory = root,
    });
    if (code != 0) throw new CakeException(code, "The benchmark failed.");
});

// Refreshes docs/screenshots: the browser scenario of the Screenshots category alone, writing its images there.
Task("Screenshots")
    .IsDependentOn("Build")
    .Does(() => RunTests(" --filter-trait \"Category=Screenshots\"",
        new Dictionary<string, string> { ["NPS_SCREENSHOTS_DIR"] = $"{root}/docs/screenshots" }));

RunTarget(target);
