using System.Globalization;
using System.Net;
using System.Text;
using static Microsoft.Playwright.Assertions;

namespace NPS.Quality.Browser.Tests;

/// <summary>The scenarios, each with its own users and its own site, in a real Chromium.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_using_the_web_pages(BrowserApp app)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static DateOnly TodayInParis => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);

    /// <summary>Last month: complete, in the past, so its samples are accepted.</summary>
    private static DateOnly LastMonth => new DateOnly(TodayInParis.Year, TodayInParis.Month, 1).AddMonths(-1);

    private static string Csv(DateOnly month, params string[] rows)
        => "identifiant;indicateur;debut;fin;methode;commentaire\n" + string.Join("\n", rows.Select(r => string.Format(CultureInfo.InvariantCulture, r, month))) + "\n";

    private static FilePayload File(string name, string content)
        => new() { Name = name, MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(content) };

    [Fact]
    public async Task a_quality_lead_sees_a_bad_csv_rejected_by_line_then_fixes_it_and_the_compliance_table_changes()
    {
        var token = await app.CreateUserAsync("quality_lead", "paris-11");
        var page = await app.SignedInAsync(token);
        var month = LastMonth;
        var siteUrl = $"/sites/paris-11?mois={month:yyyy-MM}";

        await page.GotoAsync(siteUrl);
        var waiting = page.Locator("#table-conformite tr[data-indicateur='ACC-01-ATTENTE']");
        await Expect(waiting.Locator("[data-n]")).ToHaveTextAsync("0");

        await page.GetByRole(AriaRole.Link, new() { Name = "Saisir ou importer des échantillons" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Échantillons de délai");

        // Line 3 (the header is line 1) has an end that is not a date: nothing is recorded, the line is named.
        string[] good = ["WEB-{0:yyyy-MM}-1;ACC-01-ATTENTE;05/{0:MM/yyyy} 09:05;05/{0:MM/yyyy} 09:17;file_attente;", "WEB-{0:yyyy-MM}-3;ACC-01-ATTENTE;06/{0:MM/yyyy} 10:00;06/{0:MM/yyyy} 10:45;file_attente;trop long"];
        var bad = Csv(month, good[0], "WEB-{0:yyyy-MM}-2;ACC-01-ATTENTE;05/{0:MM/yyyy} 14:00;hier soir;file_attente;", good[1]);
        await page.GetByLabel("Fichier CSV ou Excel (.xlsx)", new() { Exact = true }).SetInputFilesAsync(File("octobre.csv", bad));
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer" }).ClickAsync();
        await Expect(page.Locator("#rejet-import")).ToContainTextAsync("ligne 3");
        var rejected = page.Locator("#lignes-rejetees tbody tr");
        await Expect(rejected).ToHaveCountAsync(1);
        await Expect(rejected.Locator("th")).ToHaveTextAsync("3");
        await Expect(rejected).ToContainTextAsync("hier soir");
        await Expect(rejected).ToContainTextAsync("date illisible");

        var fixedFile = Csv(month, good[0], "WEB-{0:yyyy-MM}-2;ACC-01-ATTENTE;05/{0:MM/yyyy} 14:00;05/{0:MM/yyyy} 14:10;file_attente;", good[1]);
        await page.GetByLabel("Fichier CSV ou Excel (.xlsx)", new() { Exact = true }).SetInputFilesAsync(File("octobre.csv", fixedFile));
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("3 échantillons enregistrés");
        await Expect(page.Locator("#echantillons tbody tr")).ToHaveCountAsync(3);

        await page.GotoAsync(siteUrl);
        await Expect(waiting.Locator("[data-n]")).ToHaveTextAsync("3");
        await Expect(waiting).ToContainTextAsync("66,7"); // 2 of 3 within 20 minutes
    }

    [Fact]
    public async Task a_site_manager_of_another_site_is_not_offered_the_first_one_and_its_url_is_refused()
    {
        var token = await app.CreateUserAsync("site_manager", "paris-14");
        var page = await app.SignedInAsync(token);

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Service social du 14e arrondissement" })).ToBeVisibleAsync();
        await Expect(page.Locator("a[href^='/sites/paris-11']")).ToHaveCountAsync(0);
        (await page.ContentAsync()).ShouldNotContain("11e arrondissement");

        var response = await page.GotoAsync("/sites/paris-11");
        response!.Status.ShouldBe(403);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Accès refusé");
        (await page.ContentAsync()).ShouldNotContain("11e arrondissement");

        (await page.GotoAsync("/sites/paris-11/echantillons"))!.Status.ShouldBe(403);
        // Its own site's samples: readable, but no form (only the quality lead writes).
        (await page.GotoAsync("/sites/paris-14/echantillons"))!.Status.ShouldBe(200);
        await Expect(page.GetByLabel("Fichier CSV ou Excel (.xlsx)", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task an_auditor_concluding_with_a_major_nc_open_is_offered_only_the_allowed_conclusions_and_confirms()
    {
        var token = await app.CreateUserAsync("auditor");
        var page = await app.SignedInAsync(token);

        await page.GetByRole(AriaRole.Link, new() { Name = "Audits", Exact = true }).ClickAsync();
        await page.GetByLabel("Site").SelectOptionAsync("paris-18");
        await page.GetByLabel("Type d'audit").SelectOptionAsync("internal");
        await page.GetByLabel("Cycle").SelectOptionAsync("initial");
        await page.GetByLabel("Date prévue").FillAsync(TodayInParis.AddDays(21).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Planifier" }).ClickAsync();
        await Expect(page.Locator("#etat-audit")).ToHaveTextAsync("planifié");

        await page.GotoAsync("/");
        await Expect(page.Locator("tr", new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Service social du 18e arrondissement" }) }))
            .ToContainTextAsync("audit interne dans 3 semaines");
        await page.GoBackAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Démarrer l'audit" }).ClickAsync();
        await Expect(page.Locator("#etat-audit")).ToHaveTextAsync("en cours");

        await page.GetByLabel("Catégorie").SelectOptionAsync("NC_MAJEURE");
        await page.GetByLabel("Engagement").SelectOptionAsync("ACC-01");
        await page.GetByLabel("Constat", new() { Exact = true }).FillAsync("Aucun relevé du temps d'attente depuis trois mois.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le constat" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Constat enregistré.");
        await Expect(page.Locator("article.finding")).ToContainTextAsync("non-conformité majeure");

        // With the major NC open, the label rules allow only two opinions: both are offered, none is chosen in advance.
        var choices = page.Locator("#avis-possibles input[type=radio]");
        await Expect(choices).ToHaveCountAsync(2);
        await Expect(page.GetByLabel("avis favorable sous réserve de la levée des NC majeures")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("avis défavorable")).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("avis favorable", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("avis favorable avec réserves")).ToHaveCountAsync(0);

        // Choosing, then a confirmation step that states what it means for the label; nothing is recorded before it.
        await page.GetByLabel("avis favorable sous réserve de la levée des NC majeures").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Conclure…" }).ClickAsync();
        var confirmation = page.GetByRole(AriaRole.Alertdialog);
        await Expect(confirmation).ToContainTextAsync("Le label ne sera pas accordé tant que la non-conformité majeure de la fiche d'écart n° FE-01");
        await Expect(confirmation).ToContainTextAsync("au plus tard le");
        await Expect(page.Locator("#etat-audit")).ToHaveTextAsync("en cours");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer la conclusion" }).ClickAsync();
        await Expect(page.Locator("#etat-audit")).ToHaveTextAsync("conclu");
        await Expect(page.Locator("#avis-audit")).ToHaveTextAsync("avis favorable sous réserve de la levée des NC majeures");

        await page.GotoAsync("/sites/paris-18");
        await Expect(page.Locator("#statut-label")).ToHaveTextAsync("bloqué (NC majeure ouverte)");
        await Expect(page.Locator("#constats")).ToContainTextAsync("Aucun relevé du temps d'attente");
    }

    [Fact]
    public async Task the_session_cookie_never_opens_the_api_and_ends_with_a_revocation()
    {
        var (id, token) = await app.CreateUserWithIdAsync("site_manager", "paris-8-17");
        var page = await app.SignedInAsync(token);

        var cookies = await page.Context.CookiesAsync();
        var session = cookies.Single(c => c.Name == "nps_session");
        session.HttpOnly.ShouldBeTrue();
        session.SameSite.ShouldBe(SameSiteAttribute.Strict);

        var api = await page.Context.APIRequest.GetAsync("/api/sites");
        api.Status.ShouldBe((int)HttpStatusCode.Unauthorized);

        // The session ends within the user cache's few seconds: the page's own signal is the sign-in form it leads to.
        await app.RevokeAsync(id);
        do await page.GotoAsync("/");
        while (!page.Url.StartsWith($"{app.BaseUrl}/connexion", StringComparison.Ordinal));
        await Expect(page.GetByLabel("Jeton d'accès")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task a_page_without_a_session_leads_to_the_sign_in_form_and_back()
    {
        var token = await app.CreateUserAsync("auditor");
        var page = await app.NewPageAsync();
        await page.GotoAsync("/sites/paris-14");
        page.Url.ShouldStartWith($"{app.BaseUrl}/connexion");

        await page.GetByLabel("Jeton d'accès").FillAsync("npsq_pas-un-vrai-jeton");
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Jeton inconnu ou révoqué");

        await page.GetByLabel("Jeton d'accès").FillAsync(token);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se connecter" }).ClickAsync();
        await page.WaitForURLAsync($"{app.BaseUrl}/sites/paris-14", BrowserApp.Committed);
        await page.GetByRole(AriaRole.Button, new() { Name = "Se déconnecter" }).ClickAsync();
        await page.WaitForURLAsync($"{app.BaseUrl}/connexion", BrowserApp.Committed);
    }

    /// <summary>Samples through the batch API, as a quality lead's script would send them: Paris wall-clock times with their offset.</summary>
    private async Task RecordAsync(string token, string siteId, IEnumerable<(string Id, string Indicator, DateTime Start, int Minutes)> samples)
    {
        string Instant(DateTime local) => new DateTimeOffset(local, Paris.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture);
        var body = samples.Select(s => new { sampleId = s.Id, indicator = s.Indicator, start = Instant(s.Start), end = Instant(s.Start.AddMinutes(s.Minutes)), method = "file_attente" }).ToArray();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{siteId}/samples/batch") { Content = System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Api.SendAsync(request, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task a_lead_finds_a_three_month_old_sample_by_id_and_voids_it()
    {
        var lead = await app.CreateUserAsync("quality_lead", "paris-8-17");
        var tag = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var old = new DateOnly(TodayInParis.Year, TodayInParis.Month, 1).AddMonths(-3);
        // Sixty newer samples push the old one far past the first page; the old one waited 35 minutes against 20.
        var newer = Enumerable.Range(0, 60).Select(i => ($"REC-{tag}-{i:00}", "ACC-01-ATTENTE", old.AddMonths(1).AddDays(i % 25).ToDateTime(new TimeOnly(9, 0)).AddMinutes(i), 10));
        await RecordAsync(lead, "paris-8-17", newer.Append(($"VIEUX-{tag}", "ACC-01-ATTENTE", old.AddDays(4).ToDateTime(new TimeOnly(10, 0)), 35)));

        var page = await app.SignedInAsync(lead);
        await page.GotoAsync("/sites/paris-8-17/echantillons");
        await Expect(page.Locator($"#echantillons tr[data-echantillon='VIEUX-{tag}']")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Pages des échantillons" })).ToBeVisibleAsync();

        await page.GetByLabel("Identifiant (ou une partie)").FillAsync($"vieux-{tag}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Afficher" }).ClickAsync();
        var row = page.Locator($"#echantillons tr[data-echantillon='VIEUX-{tag}']");
        await Expect(page.Locator("#echantillons tbody tr")).ToHaveCountAsync(1);
        // Its standing against its threshold: beyond it, never a green "valide".
        await Expect(row.Locator("[data-statut]")).ToContainTextAsync("hors délai (> 20\u00a0min)");
        await Expect(row.Locator("[data-statut] .badge.good")).ToHaveCountAsync(0);

        await row.GetByText("Annuler…").ClickAsync();
        await row.GetByLabel("Motif de l'annulation").FillAsync("doublon d'une saisie papier");
        await row.GetByRole(AriaRole.Button, new() { Name = "Annuler l'échantillon" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Échantillon VIEUX-{tag} annulé");
        // Back on the same search, the sample is there, voided, with its reason.
        page.Url.ShouldContain($"id=vieux-{tag}");
        await Expect(row).ToHaveClassAsync("voided");
        await Expect(row).ToContainTextAsync("doublon d'une saisie papier");

        // The filters find it again among the voided ones, beyond the threshold, in its month.
        await page.GotoAsync($"/sites/paris-8-17/echantillons?etat=annules&delai=hors&du={old:yyyy-MM-dd}&au={old.AddMonths(1).AddDays(-1):yyyy-MM-dd}");
        await Expect(row).ToBeVisibleAsync();
        await page.GotoAsync($"/sites/paris-8-17/echantillons?etat=comptes&delai=hors&id={tag}");
        await Expect(page.Locator("#aucun-echantillon")).ToHaveTextAsync("Aucun échantillon ne correspond à ces filtres.");
    }

    [Fact]
    public async Task a_manager_on_a_phone_reads_the_verdict_of_every_indicator_without_scrolling_sideways()
    {
        // 15 of 29 waits within 20 minutes last month: one short of the minimum, the figures already say "non conforme".
        var lead = await app.CreateUserAsync("quality_lead", "paris-14");
        var tag = Guid.NewGuid().ToString("N")[..6];
        await RecordAsync(lead, "paris-14", Enumerable.Range(0, 29).Select(i =>
            ($"TEL-{tag}-{i:00}", "ACC-01-ATTENTE", LastMonth.AddDays(i % 20).ToDateTime(new TimeOnly(9, 30)).AddMinutes(i), i < 15 ? 12 : 35)));

        var manager = await app.CreateUserAsync("site_manager", "paris-14");
        var page = await app.SignedInAsync(manager, width: 390, height: 844);
        await NoSidewaysScrollAsync(page);
        await VerdictsInViewAsync(page, page.Locator("table.sites [data-verdict]"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Service social du 14e arrondissement" }).ClickAsync();
        // The page opens on the last complete month, and says so.
        await Expect(page.Locator("#mois-complet")).ToContainTextAsync("dernier mois complet");
        (await page.Locator("#mois").InputValueAsync()).ShouldBe(LastMonth.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        var verdicts = page.Locator("#table-conformite tr[data-indicateur] [data-verdict]");
        (await verdicts.CountAsync()).ShouldBeGreaterThan(3);
        await NoSidewaysScrollAsync(page);
        await VerdictsInViewAsync(page, verdicts);
        await Expect(page.Locator("#table-conformite tr[data-indicateur='ACC-01-ATTENTE'] [data-verdict]"))
            .ToHaveTextAsync("Données insuffisantes — tendance : non conforme");
        await Expect(page.Locator("#table-conformite tr[data-indicateur='ACC-01-ATTENTE'] [data-manquants]")).ToHaveTextAsync("1 échantillon");
        await Expect(page.Locator("#table-conformite tr[data-indicateur='ACC-01-ATTENTE'] [data-p90]")).ToContainTextAsync("min");
        // No technical detail for a site manager.
        (await page.ContentAsync()).ShouldNotContain("/api/");

        await page.GotoAsync("/sites/paris-14/echantillons");
        await NoSidewaysScrollAsync(page);
        await VerdictsInViewAsync(page, page.Locator("#echantillons [data-statut]").First);
    }

    /// <summary>The document is no wider than the screen: nothing to scroll sideways.</summary>
    private static async Task NoSidewaysScrollAsync(IPage page)
    {
        var (scroll, viewport) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
        scroll.ShouldBeLessThanOrEqualTo(viewport, $"{page.Url} is {scroll} px wide on a {viewport} px screen");
    }

    /// <summary>Every element lies within the screen's width once scrolled to vertically.</summary>
    private static async Task VerdictsInViewAsync(IPage page, ILocator elements)
    {
        var width = await page.EvaluateAsync<int>("window.innerWidth");
        var count = await elements.CountAsync();
        count.ShouldBeGreaterThan(0);
        for (var i = 0; i < count; i++)
        {
            var element = elements.Nth(i);
            await element.ScrollIntoViewIfNeededAsync();
            var box = (await element.BoundingBoxAsync()).ShouldNotBeNull();
            box.X.ShouldBeGreaterThanOrEqualTo(0);
            (box.X + box.Width).ShouldBeLessThanOrEqualTo(width, $"{await element.InnerTextAsync()} leaves the screen on {page.Url}");
        }
    }
}
