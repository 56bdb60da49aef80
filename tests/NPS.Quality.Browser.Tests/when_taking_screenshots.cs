using System.Globalization;
using System.Net;
using System.Text;
using static Microsoft.Playwright.Assertions;

namespace NPS.Quality.Browser.Tests;

/// <summary>
/// The main pages with data in them, on a laptop and on a phone, for docs/screenshots. Not part of the normal test run:
/// <c>./build.sh --target=Screenshots</c> runs this category alone and writes the images to <c>NPS_SCREENSHOTS_DIR</c>
/// (docs/screenshots); without that variable they go to a temporary folder. Uses paris-8-17 and paris-14 only, so that
/// the other scenarios keep their sites to themselves.
/// </summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", Category)]
public sealed class when_taking_screenshots(BrowserApp app)
{
    public const string Category = "Screenshots";

    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Fact]
    public async Task the_main_pages_render_with_data_on_a_laptop_and_a_phone()
    {
        var folder = Environment.GetEnvironmentVariable("NPS_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Path.GetTempPath(), $"nps-screenshots-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);
        var thisMonth = new DateOnly(today.Year, today.Month, 1);

        var lead = await app.CreateUserAsync("quality_lead", "paris-8-17", "Nadia Benali");
        await ImportAsync(lead, "paris-8-17", History(thisMonth, today));

        // An AFNOR audit planned in three weeks for paris-14, through the API as an auditor would script it.
        var auditor = await app.CreateUserAsync("auditor", name: "Paul Lefèvre");
        using (var plan = new HttpRequestMessage(HttpMethod.Post, "/api/sites/paris-14/audits")
               {
                   Content = new StringContent(
                       $$"""{ "kind": "afnor", "type": "initial", "plannedOn": "{{today.AddDays(21):yyyy-MM-dd}}", "auditors": ["Claire Dubois (AFNOR)"] }""",
                       Encoding.UTF8, "application/json"),
               })
        {
            plan.Headers.Authorization = new("Bearer", auditor);
            (await app.Api.SendAsync(plan, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }

        // A ready internal dossier of last month for paris-8-17, so that the site page shows its dossier list.
        using (var ask = new HttpRequestMessage(HttpMethod.Post, "/api/sites/paris-8-17/dossiers")
               {
                   Content = new StringContent(
                       $$"""{ "kind": "internal", "from": "{{thisMonth.AddMonths(-1):yyyy-MM-dd}}", "to": "{{thisMonth.AddDays(-1):yyyy-MM-dd}}" }""",
                       Encoding.UTF8, "application/json"),
               })
        {
            ask.Headers.Authorization = new("Bearer", auditor);
            using var accepted = await app.Api.SendAsync(ask, TestContext.Current.CancellationToken);
            accepted.StatusCode.ShouldBe(HttpStatusCode.Accepted);
            await WaitUntilReadyAsync(auditor, accepted.Headers.Location!.OriginalString);
        }

        var signIn = await app.NewPageAsync();
        await signIn.GotoAsync("/connexion");
        await Expect(signIn.GetByLabel("Jeton d'accès")).ToBeVisibleAsync();
        await Shot(signIn, folder, "connexion.png");

        var page = await app.SignedInAsync(auditor);
        await Expect(page.Locator("#site-le-plus-faible")).ToBeVisibleAsync();
        await Shot(page, folder, "sites.png");

        await page.GotoAsync($"/sites/paris-8-17?mois={thisMonth.AddMonths(-1):yyyy-MM}");
        await Expect(page.Locator("#table-conformite")).ToBeVisibleAsync();
        await Expect(page.Locator("#table-dossiers [data-etat]")).ToHaveTextAsync("prêt");
        await Shot(page, folder, "site.png");

        var leadPage = await app.SignedInAsync(lead);
        await leadPage.GotoAsync("/sites/paris-8-17/echantillons");
        await leadPage.GetByLabel("Fichier CSV ou Excel (.xlsx)", new() { Exact = true }).SetInputFilesAsync(new FilePayload
        {
            Name = "releves.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("identifiant;indicateur;debut;fin;methode\n" +
                $"X-1;ACC-01-ATTENTE;{today.AddDays(-1):dd/MM/yyyy} 09:00;{today.AddDays(-1):dd/MM/yyyy} 09:12;file_attente\n" +
                $"X-2;ACC-01-ATTNTE;{today.AddDays(-1):dd/MM/yyyy} 10:00;{today.AddDays(-1):dd/MM/yyyy} 10:05;file_attente\n" +
                $"X-3;TEL-01-DECROCHE;{today.AddDays(-1):dd/MM/yyyy} 10:00;{today.AddDays(-1):dd/MM/yyyy} 09:59;appel_mystere\n"),
        });
        await leadPage.GetByRole(AriaRole.Button, new() { Name = "Importer" }).ClickAsync();
        await Expect(leadPage.Locator("#lignes-rejetees")).ToBeVisibleAsync();
        await Shot(leadPage, folder, "echantillons.png");

        var phone = await app.SignedInAsync(auditor, width: 390, height: 844);
        await Shot(phone, folder, "sites-telephone.png");
        await phone.GotoAsync($"/sites/paris-8-17?mois={thisMonth.AddMonths(-1):yyyy-MM}");
        await Expect(phone.Locator("#table-conformite")).ToBeVisibleAsync();
        await Shot(phone, folder, "site-telephone.png", fullPage: false);

        File.Exists(Path.Combine(folder, "site.png")).ShouldBeTrue();
    }

    private async Task WaitUntilReadyAsync(string token, string location)
    {
        // The service's own signal: the dossier's status, polled until it is ready (no deadline on the machine's speed).
        while (true)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, location);
            get.Headers.Authorization = new("Bearer", token);
            using var response = await app.Api.SendAsync(get, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            if (body.Contains("\"status\":\"ready\"")) return;
            body.ShouldContain("\"status\":\"pending\"", customMessage: app.Log);
            await Task.Delay(250, TestContext.Current.CancellationToken); // the polling pace, not a deadline
        }
    }

    private static async Task Shot(IPage page, string folder, string name, bool fullPage = true)
        => await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name), FullPage = fullPage });

    /// <summary>
    /// Twelve months of samples and this month so far: waiting at the desk (40 a month, 70 to 95 % within 20 minutes,
    /// 60 % this month), phone pick-up (60 a month) and appointment delays (25 a month).
    /// </summary>
    private static string History(DateOnly thisMonth, DateOnly today)
    {
        var csv = new StringBuilder("identifiant;indicateur;debut;fin;methode;commentaire\n");
        var random = new Random(17);
        for (var m = -12; m <= 0; m++)
        {
            var month = thisMonth.AddMonths(m);
            var days = m == 0 ? Math.Max(0, today.Day - 1) : DateTime.DaysInMonth(month.Year, month.Month);
            if (days == 0) continue;
            var share = m == 0 ? 0.6 : 0.7 + 0.25 * Math.Abs(Math.Sin(m));
            for (var i = 0; i < 40; i++)
            {
                var day = month.AddDays(i % days);
                var minutes = i < 40 * share ? 5 + random.Next(14) : 22 + random.Next(30);
                csv.Append(CultureInfo.InvariantCulture, $"ACC-{month:yyyy-MM}-{i};ACC-01-ATTENTE;{day:dd/MM/yyyy} 09:00;{day:dd/MM/yyyy} 09:{minutes:00};file_attente;\n");
            }
            for (var i = 0; i < 60; i++)
            {
                var day = month.AddDays(i % days);
                var seconds = i < 60 * (share + 0.05) ? 5 + random.Next(24) : 35 + random.Next(20);
                csv.Append(CultureInfo.InvariantCulture, $"TEL-{month:yyyy-MM}-{i};TEL-01-DECROCHE;{day:dd/MM/yyyy} 10:00:00;{day:dd/MM/yyyy} 10:00:{seconds:00};appel_mystere;\n");
            }
            for (var i = 0; i < 25 && m < 0; i++)
            {
                var day = month.AddDays(i % Math.Min(days, 14));
                csv.Append(CultureInfo.InvariantCulture, $"RDV-{month:yyyy-MM}-{i};RDV-01-DELAI;{day:dd/MM/yyyy};{day.AddDays(i < 22 ? 7 : 20):dd/MM/yyyy};auto_mesure;\n");
            }
        }
        return csv.ToString();
    }

    private async Task ImportAsync(string token, string siteId, string csv)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{siteId}/samples/import")
        {
            Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
        };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Api.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
