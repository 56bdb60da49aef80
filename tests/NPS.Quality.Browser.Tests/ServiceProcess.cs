using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace NPS.Quality.Browser.Tests;

/// <summary>
/// The real service as a child process started from its build output, on a loopback port and a database of its own
/// (created on the test cluster, dropped at the end). It can be killed (SIGKILL) and started again on the same data.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string AdminToken = "npsq_browser-tests-admin-token";

    private readonly string _serverConnection;
    private readonly string _database;
    private readonly bool _ownsDatabase;
    private readonly StringBuilder _log = new();
    private Process? _service;

    public string BaseUrl { get; }
    public HttpClient Api { get; }

    private ServiceProcess(string serverConnection, string database, int port, bool ownsDatabase = true)
    {
        _serverConnection = serverConnection;
        _database = database;
        _ownsDatabase = ownsDatabase;
        BaseUrl = $"http://127.0.0.1:{port}";
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
    }

    /// <summary>Makes the database; the service itself starts with <see cref="StartAsync"/>.</summary>
    public static async Task<ServiceProcess> CreateAsync(string prefix = "nps_browser")
    {
        var server = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("ConnectionStrings__Marten is not set: run the tests with ./build.sh --target=Test.");
        var database = $"{prefix}_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {database}", connection);
            await create.ExecuteNonQueryAsync();
        }
        return new ServiceProcess(server, database, FreePort());
    }

    /// <summary>
    /// Another node of the same service: its own process and port, on this one's database (which it never drops). Start it
    /// with <see cref="StartAsync"/>; dispose it before this one.
    /// </summary>
    public ServiceProcess AnotherNode() => new(_serverConnection, _database, FreePort(), ownsDatabase: false);

    /// <summary>The connection string of the service's database, for tests that look at what it stored.</summary>
    public string DatabaseConnection => new NpgsqlConnectionStringBuilder(_serverConnection) { Database = _database }.ConnectionString;

    public string Log { get { lock (_log) return _log.ToString(); } }

    private static readonly System.Text.Json.JsonSerializerOptions Json = new(System.Text.Json.JsonSerializerDefaults.Web);

    private sealed record AcceptedDossier(string DossierId);

    private sealed record DossierStatus(string Status);

    /// <summary>A request to the service's API as the bootstrap administrator.</summary>
    public async Task<HttpResponseMessage> AsAdminAsync(HttpMethod method, string url, object? body = null, CancellationToken ct = default)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", AdminToken);
        return await Api.SendAsync(request, ct);
    }

    /// <summary>Requests a dossier of October 2017 for the site (202 expected); its id.</summary>
    public async Task<string> RequestDossierAsync(string siteId, string kind, CancellationToken ct)
    {
        using var requested = await AsAdminAsync(HttpMethod.Post, $"/api/sites/{siteId}/dossiers", new { kind, from = "2017-10-01", to = "2017-10-31" }, ct);
        requested.StatusCode.ShouldBe(HttpStatusCode.Accepted, await requested.Content.ReadAsStringAsync(ct));
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<AcceptedDossier>(requested.Content, Json, ct))!.DossierId;
    }

    /// <summary>A dossier's status ("pending", "ready", "failed") as this node answers it.</summary>
    public async Task<string> DossierStatusAsync(string dossierId, CancellationToken ct)
    {
        using var response = await AsAdminAsync(HttpMethod.Get, $"/api/dossiers/{dossierId}", null, ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(ct));
        return (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<DossierStatus>(response.Content, Json, ct))!.Status;
    }

    /// <summary>Starts the service and waits for its own signal: healthy, with the first start's sites and admin in.</summary>
    public async Task StartAsync(IDictionary<string, string>? settings = null)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var project = Path.Combine(BrowserApp.RepoRoot, "src", "NPS.Quality");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "NPS.Quality.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first.");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ConnectionStrings__Marten"] = DatabaseConnection;
        start.Environment["NPS_QUALITY_BOOTSTRAP_TOKEN"] = AdminToken;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        _service = Process.Start(start)!;
        _service.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _service.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _service.BeginOutputReadLine();
        _service.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    private async Task WaitUntilReadyAsync()
    {
        // No budget on the machine's speed: wait for the service's answer as long as the process lives
        // (the 10-minute net only keeps a wedged run from hanging CI forever).
        var giveUp = DateTime.UtcNow.AddMinutes(10);
        while (DateTime.UtcNow < giveUp)
        {
            if (_service!.HasExited) throw new InvalidOperationException($"The service stopped at start-up:\n{Log}");
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sites");
                request.Headers.Authorization = new("Bearer", AdminToken);
                using var response = await Api.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("paris-18")) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The service never answered:\n{Log}");
    }

    /// <summary>kill -9: no shutdown, no flush, nothing handed over.</summary>
    public async Task KillAsync()
    {
        if (_service is not { HasExited: false }) return;
        _service.Kill(entireProcessTree: true); // SIGKILL on Linux
        await _service.WaitForExitAsync();
        _service.Dispose();
        _service = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Api.Dispose();
        if (!_ownsDatabase) return;
        await using var connection = new NpgsqlConnection(_serverConnection);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {_database} with (force)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
