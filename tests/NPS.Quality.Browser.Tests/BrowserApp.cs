using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.Playwright;
using Npgsql;

namespace NPS.Quality.Browser.Tests;

/// <summary>
/// The real service on a real loopback port, as a child process started from its build output, on a database of its
/// own (the HTTP tests wipe theirs), and Debian's Chromium driven by Playwright. Once per test collection.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string AdminToken = "npsq_browser-tests-admin-token";

    private static readonly string[] ChromiumFlags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=fr-FR"];

    private Process? _service;
    private readonly StringBuilder _log = new();
    private string _serverConnection = "";
    private string _database = "";
    private IPlaywright? _playwright;
    private int _users;

    public string BaseUrl { get; private set; } = "";
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api { get; private set; } = null!;
    public static string RepoRoot { get; } = FindRepoRoot();

    public async ValueTask InitializeAsync()
    {
        _serverConnection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
            ?? throw new InvalidOperationException("ConnectionStrings__Marten is not set: run the tests with ./build.sh --target=Test.");
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y --no-install-recommends chromium (./build.sh --target=Test does it as root).");

        _database = $"nps_browser_{Guid.NewGuid():N}"[..24];
        await using (var connection = new NpgsqlConnection(_serverConnection))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {_database}", connection);
            await create.ExecuteNonQueryAsync();
        }

        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        StartService(new NpgsqlConnectionStringBuilder(_serverConnection) { Database = _database }.ConnectionString);
        Api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        await WaitUntilHealthyAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    private void StartService(string connection)
    {
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name; // bin/<Configuration>/net10.0
        var project = Path.Combine(RepoRoot, "src", "NPS.Quality");
        var dll = Path.Combine(project, "bin", configuration, "net10.0", "NPS.Quality.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} is missing: build the solution first.");

        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(BaseUrl);
        start.Environment["ConnectionStrings__Marten"] = connection;
        start.Environment["NPS_QUALITY_BOOTSTRAP_TOKEN"] = AdminToken;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        _service = Process.Start(start)!;
        _service.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _service.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _service.BeginOutputReadLine();
        _service.BeginErrorReadLine();
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_service!.HasExited) throw new InvalidOperationException($"The service stopped at start-up:\n{Log}");
            try
            {
                // Healthy, and the first start's reference data (sites, admin) is in.
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/sites");
                request.Headers.Authorization = new("Bearer", AdminToken);
                using var response = await Api.SendAsync(request);
                if (response.StatusCode == HttpStatusCode.OK && (await response.Content.ReadAsStringAsync()).Contains("paris-18")) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The service did not answer within 90 s:\n{Log}");
    }

    public string Log { get { lock (_log) return _log.ToString(); } }

    /// <summary>A user made through the API, as an administrator would; its token, shown once.</summary>
    public async Task<string> CreateUserAsync(string role, string? siteId = null, string? name = null)
    {
        name ??= $"{role}-{siteId ?? "tous"}-{Interlocked.Increment(ref _users)}-{Guid.NewGuid():N}"[..40];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { name, role, siteId }) };
        request.Headers.Authorization = new("Bearer", AdminToken);
        using var response = await Api.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<NewUser>())!.Token;
    }

    public async Task<(string Id, string Token)> CreateUserWithIdAsync(string role, string? siteId = null)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..30];
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/users") { Content = JsonContent.Create(new { name, role, siteId }) };
        request.Headers.Authorization = new("Bearer", AdminToken);
        using var response = await Api.SendAsync(request);
        var user = (await response.Content.ReadFromJsonAsync<NewUser>())!;
        return (user.Id, user.Token);
    }

    public async Task RevokeAsync(string userId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/users/{userId}/revoke");
        request.Headers.Authorization = new("Bearer", AdminToken);
        using var response = await Api.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private sealed record NewUser(string Id, string Token);

    /// <summary>A fresh browser context (its own cookies), in French, laptop-sized unless told otherwise.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "fr-FR",
            TimezoneId = "Europe/Paris",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in through the sign-in form, as a person would.</summary>
    public async Task<IPage> SignedInAsync(string token, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Jeton d'accès").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        // The first overview after start-up pays the service's cold start (Marten code generation), slow on 2 loaded cores.
        await page.WaitForURLAsync($"{BaseUrl}/", new() { Timeout = 60_000 });
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        Api?.Dispose();
        if (_service is { HasExited: false })
        {
            _service.Kill(entireProcessTree: true);
            await _service.WaitForExitAsync();
        }
        _service?.Dispose();
        if (_database.Length > 0)
        {
            await using var connection = new NpgsqlConnection(_serverConnection);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {_database} with (force)", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NPS.Quality.sln"))) return dir.FullName;
        throw new InvalidOperationException("NPS.Quality.sln not found above the test binaries.");
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserApp>
{
    public const string Name = "browser";
}
