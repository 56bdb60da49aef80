using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace NPS.Quality.Browser.Tests;

/// <summary>
/// The real service on a real loopback port, as a child process started from its build output, on a database of its
/// own (the HTTP tests wipe theirs), and Debian's Chromium driven by Playwright. Once per test collection.
/// </summary>
public sealed class BrowserApp : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string AdminToken = ServiceProcess.AdminToken;

    private static readonly string[] ChromiumFlags =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--lang=fr-FR"];

    private ServiceProcess _app = null!;
    private IPlaywright? _playwright;
    private int _users;

    public string BaseUrl => _app.BaseUrl;
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Api => _app.Api;
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>
    /// How long a wait on a page's own signal (a heading, a status word, a URL) may last before the test gives up. Not a
    /// budget on the machine's speed: each wait ends as soon as its signal appears; this only stops a broken run from
    /// hanging CI. Playwright's defaults (30 s for actions, 5 s for assertions) were hit on a loaded two-core machine.
    /// </summary>
    public const float SignalTimeout = 180_000;

    public async ValueTask InitializeAsync()
    {
        Assertions.SetDefaultExpectTimeout(SignalTimeout);
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: apt-get install -y --no-install-recommends chromium (./build.sh --target=Test does it as root).");

        _app = await ServiceProcess.CreateAsync();
        await _app.StartAsync();

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumFlags,
        });
    }

    public string Log => _app.Log;

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
        context.SetDefaultTimeout(SignalTimeout);
        context.SetDefaultNavigationTimeout(SignalTimeout);
        return await context.NewPageAsync();
    }

    /// <summary>Waiting for a URL until its navigation is committed; the page's content is then awaited by its own signal.</summary>
    public static readonly PageWaitForURLOptions Committed = new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Signs in through the sign-in form, as a person would.</summary>
    public async Task<IPage> SignedInAsync(string token, int width = 1280, int height = 900)
    {
        var page = await NewPageAsync(width, height);
        await page.GotoAsync("/connexion");
        await page.GetByLabel("Jeton d'accès").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        // The overview's own signals: its URL, then its heading (the first one pays the service's cold start). The URL is
        // awaited until committed only: awaiting its "load" as well once hung for 180 s in CI on a page already at "/"
        // (Playwright's log: network idle, never load), after a POST answered by a redirect.
        await page.WaitForURLAsync($"{BaseUrl}/", Committed);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (_app is not null) await _app.DisposeAsync();
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
