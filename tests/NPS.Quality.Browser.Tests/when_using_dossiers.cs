using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace NPS.Quality.Browser.Tests;

/// <summary>
/// Audit dossiers on the web pages: requested from the site page (or the audit page's shortcut), ready on reload,
/// downloaded through the page route with the cookie; the same reading rule as the API. Uses paris-11, whose other
/// scenario only reads its compliance table (dossiers change nothing there).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_using_dossiers(BrowserApp app)
{
    private const string Site = "paris-11";
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static DateOnly TodayInParis => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);

    [Fact]
    public async Task an_auditor_requests_the_dossier_of_an_audit_sees_it_become_ready_and_downloads_the_genuine_pdf()
    {
        var token = await app.CreateUserAsync("auditor");
        var auditId = await PlanAuditAsync(token, TodayInParis.AddDays(10));
        var page = await app.SignedInAsync(token);

        // The audit page's shortcut opens the site's request form with the audit and the last complete month before it.
        await page.GotoAsync($"/audits/{auditId}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Demander le dossier de cet audit" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/sites/{Site}?"), BrowserApp.Committed);
        var lastMonth = new DateOnly(TodayInParis.Year, TodayInParis.Month, 1).AddMonths(-1);
        await Expect(page.Locator("#dossier-audit option:checked")).ToHaveAttributeAsync("value", auditId);
        await Expect(page.GetByLabel("Du (facultatif)")).ToHaveValueAsync(lastMonth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await Expect(page.GetByLabel("Au (facultatif)")).ToHaveValueAsync(
            lastMonth.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

        // An inverted period is refused with the endpoint's French message, on the field's French name; nothing is requested.
        var (from, to) = (await page.Locator("#dossier-du").InputValueAsync(), await page.Locator("#dossier-au").InputValueAsync());
        await page.Locator("#dossier-du").FillAsync(to);
        await page.Locator("#dossier-au").FillAsync(from);
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander le dossier" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Au : la fin de la période précède son début");
        var row = page.Locator($"#table-dossiers tbody tr[data-audit='{auditId}']");
        await Expect(row).ToHaveCountAsync(0);

        await page.Locator("#dossier-du").FillAsync(from);
        await page.Locator("#dossier-au").FillAsync(to);
        await page.Locator("#dossier-nature").SelectOptionAsync("afnor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Demander le dossier" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).First).ToContainTextAsync("Dossier demandé");
        await Expect(row).ToHaveCountAsync(1);
        await Expect(row).ToContainTextAsync("Dossier AFNOR");
        var dossierId = (await row.GetAttributeAsync("data-dossier"))!;

        // No script: the page is reloaded with its "Actualiser" link until the row says the dossier is no longer pending
        // (the page's own signal; no deadline on the machine's speed).
        while (await row.GetAttributeAsync("data-statut") == "pending")
        {
            await Expect(row.Locator("[data-etat]")).ToHaveTextAsync("en préparation");
            await page.GetByRole(AriaRole.Link, new() { Name = "Actualiser" }).ClickAsync();
            await page.WaitForLoadStateAsync(LoadState.Load);
        }
        (await row.GetAttributeAsync("data-statut")).ShouldBe("ready", app.Log);
        await Expect(row.Locator("[data-etat]")).ToHaveTextAsync("prêt");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Actualiser" })).ToHaveCountAsync(0);
        var shownSha = (await row.Locator("[data-sha256]").TextContentAsync())!.TrimEnd('…');
        shownSha.Length.ShouldBe(16);

        var download = await page.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Télécharger" }).ClickAsync());
        download.SuggestedFilename.ShouldBe($"dossier-afnor-{Site}-{TodayInParis:yyyy-MM-dd}.pdf");
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken);
        Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        sha.ShouldStartWith(shownSha.ToLowerInvariant());

        var stored = await GetDossierAsync(token, dossierId);
        stored.GetProperty("sha256").GetString()!.ToLowerInvariant().ShouldBe(sha);
        stored.GetProperty("bytes").GetInt64().ShouldBe(bytes.LongLength);
        stored.GetProperty("auditId").GetString().ShouldBe(auditId);
        (await row.Locator("[data-pages]").TextContentAsync()).ShouldBe(stored.GetProperty("pages").GetInt32().ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task a_quality_lead_sees_neither_the_dossiers_nor_the_request_form_and_cannot_download()
    {
        var auditor = await app.CreateUserAsync("auditor");
        var dossierId = await RequestReadyDossierAsync(auditor);

        var page = await app.SignedInAsync(await app.CreateUserAsync("quality_lead", Site));
        await page.GotoAsync($"/sites/{Site}");
        await Expect(page.Locator("#table-conformite")).ToBeVisibleAsync();
        await Expect(page.Locator("#dossiers")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Demander le dossier" })).ToHaveCountAsync(0);
        await Expect(page.Locator("a[href^='/dossiers/']")).ToHaveCountAsync(0);
        (await page.GotoAsync($"/dossiers/{dossierId}/pdf"))!.Status.ShouldBe(403);
    }

    [Fact]
    public async Task the_site_manager_downloads_the_dossiers_of_its_own_site_only()
    {
        var auditor = await app.CreateUserAsync("auditor");
        var dossierId = await RequestReadyDossierAsync(auditor);

        // The manager of the site: the list and the download link, no request form.
        var own = await app.SignedInAsync(await app.CreateUserAsync("site_manager", Site));
        await own.GotoAsync($"/sites/{Site}");
        var row = own.Locator($"#table-dossiers tr[data-dossier='{dossierId}']");
        await Expect(row.Locator("[data-etat]")).ToHaveTextAsync("prêt");
        await Expect(own.GetByRole(AriaRole.Button, new() { Name = "Demander le dossier" })).ToHaveCountAsync(0);
        var download = await own.RunAndWaitForDownloadAsync(() => row.GetByRole(AriaRole.Link, new() { Name = "Télécharger" }).ClickAsync());
        download.SuggestedFilename.ShouldStartWith($"dossier-interne-{Site}-");

        // The manager of another site: 403, the French page, nothing of the dossier.
        var other = await app.SignedInAsync(await app.CreateUserAsync("site_manager", "paris-14"));
        var response = await other.GotoAsync($"/dossiers/{dossierId}/pdf");
        response!.Status.ShouldBe(403);
        await Expect(other.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Accès refusé");
        (await other.GotoAsync("/dossiers/dossier-inconnu/pdf"))!.Status.ShouldBe(404);
    }

    private async Task<string> PlanAuditAsync(string token, DateOnly plannedOn)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{Site}/audits")
        {
            Content = new StringContent(
                $$"""{ "kind": "internal", "type": "surveillance", "plannedOn": "{{plannedOn:yyyy-MM-dd}}", "auditors": ["Paul Lefèvre"] }""",
                Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Api.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    /// <summary>An internal dossier of last month, requested through the API, once ready.</summary>
    private async Task<string> RequestReadyDossierAsync(string auditorToken, string? auditId = null)
    {
        var month = new DateOnly(TodayInParis.Year, TodayInParis.Month, 1).AddMonths(-1);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{Site}/dossiers")
        {
            Content = JsonContent.Create(new { kind = "internal", from = month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), auditId }),
        };
        request.Headers.Authorization = new("Bearer", auditorToken);
        using var response = await app.Api.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("dossierId").GetString()!;
        // The service's own signal: the dossier's status, polled until it leaves "pending" (no deadline on the machine's speed).
        while (true)
        {
            var status = (await GetDossierAsync(auditorToken, id)).GetProperty("status").GetString();
            if (status == "ready") return id;
            status.ShouldBe("pending", app.Log);
            await Task.Delay(250, TestContext.Current.CancellationToken); // the polling pace, not a deadline
        }
    }

    private async Task<JsonElement> GetDossierAsync(string token, string dossierId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/dossiers/{dossierId}");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Api.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
