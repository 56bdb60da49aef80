using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static Microsoft.Playwright.Assertions;

namespace NPS.Quality.Browser.Tests;

/// <summary>
/// The pages of issue 15 in a real Chromium: my actions, a site's history, administration (users, referentials, sites),
/// the footer's pages, the navigation's current page, and no sideways scrolling at 390 px. Each scenario registers its own
/// site (through the API or the page) so that the other scenarios' sites never change under them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_using_the_new_pages(BrowserApp app)
{
    private static readonly TimeZoneInfo Paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
    private static DateOnly TodayInParis => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, Paris).DateTime);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task a_quality_lead_opens_my_actions_and_sees_the_overdue_one_first_then_sorts_by_due_date()
    {
        var site = await RegisterSiteAsync();
        var leadName = $"Léa Martin {Guid.NewGuid():N}"[..24];
        var lead = await app.CreateUserAsync("quality_lead", site, leadName);
        var auditor = await app.CreateUserAsync("auditor");
        var (auditId, findingId) = await AuditWithFindingAsync(auditor, site);
        await AddActionAsync(auditor, auditId, findingId, "Afficher le temps d'attente à l'accueil", leadName, TodayInParis.AddDays(30));
        await AddActionAsync(auditor, auditId, findingId, "Former l'équipe d'accueil", leadName.ToUpperInvariant(), TodayInParis.AddDays(-10));
        await AddActionAsync(auditor, auditId, findingId, "Revoir le planning", "Quelqu'un d'autre", TodayInParis.AddDays(-20));

        var page = await app.SignedInAsync(lead);
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Navigation principale" })
            .GetByRole(AriaRole.Link, new() { Name = "Mes actions" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mes actions");
        await Expect(page.Locator("nav a[href='/mes-actions']")).ToHaveAttributeAsync("aria-current", "page");

        // Only the lead's two actions (the owner matched whatever its case), the overdue one first, said in words.
        var rows = page.Locator("#mes-actions tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToContainTextAsync("Former l'équipe d'accueil");
        await Expect(rows.Nth(0)).ToContainTextAsync("en retard de 1 semaine");
        await Expect(rows.Nth(1)).ToContainTextAsync("Afficher le temps d'attente");
        await Expect(page.Locator("#resume-actions")).ToContainTextAsync("2 actions en cours, dont 1 en retard.");
        await Expect(page.Locator("#mes-actions")).Not.ToContainTextAsync("Revoir le planning");

        // The due date column is sorted ascending; activating it sorts descending, on the server, and says so.
        var due = page.Locator("#mes-actions th", new() { HasText = "Échéance" });
        await Expect(due).ToHaveAttributeAsync("aria-sort", "ascending");
        await due.GetByRole(AriaRole.Link).ClickAsync();
        await Expect(due).ToHaveAttributeAsync("aria-sort", "descending");
        page.Url.ShouldContain("tri=echeance&ordre=desc");
        await Expect(rows.Nth(0)).ToContainTextAsync("Afficher le temps d'attente");

        // The audit link leads to the finding.
        await rows.Nth(0).GetByRole(AriaRole.Link, new() { Name = "Audit interne" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains($"/audits/{auditId}"), BrowserApp.Committed);
    }

    [Fact]
    public async Task a_site_manager_reads_who_did_what_in_the_site_history_and_filters_it()
    {
        var site = await RegisterSiteAsync();
        var auditorName = $"Paul Auditeur {Guid.NewGuid():N}"[..26];
        var auditor = await app.CreateUserAsync("auditor", null, auditorName);
        var manager = await app.CreateUserAsync("site_manager", site);
        var (auditId, findingId) = await AuditWithFindingAsync(auditor, site);
        await AddActionAsync(auditor, auditId, findingId, "Afficher les horaires", "Léa", TodayInParis.AddDays(5));
        var page = await app.SignedInAsync(manager);

        await page.GotoAsync($"/sites/{site}/historique");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Historique du site");
        var rows = page.Locator("#historique tbody tr");
        // Newest first: the action, then the finding, the start, the plan, the manager's account, the registration.
        await Expect(rows.First).ToContainTextAsync("Action corrective ajoutée : Afficher les horaires (responsable : Léa");
        await Expect(rows.First).ToContainTextAsync(auditorName);
        await Expect(rows.Last).ToContainTextAsync("Site enregistré sur qualiparis-services-sociaux 2017.1");
        await Expect(page.Locator("#historique th[aria-sort]")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Quand"));

        await page.GetByLabel("Type d'événement").SelectOptionAsync("audits");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(rows).ToHaveCountAsync(4);
        (await page.Locator("#historique tbody tr[data-type^='site_']").CountAsync()).ShouldBe(0);

        await page.GetByLabel("Type d'événement").SelectOptionAsync("");
        await page.GetByLabel("Personne").SelectOptionAsync("admin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(rows.First).ToContainTextAsync("Utilisateur");
        await Expect(page.Locator("#historique")).Not.ToContainTextAsync(auditorName);

        // A period before the site existed: nothing, said in words.
        await page.GetByLabel("Personne").SelectOptionAsync("");
        await page.GetByLabel("Du", new() { Exact = true }).FillAsync("2017-01-01");
        await page.GetByLabel("Au (inclus)").FillAsync("2017-01-31");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filtrer" }).ClickAsync();
        await Expect(page.Locator("#historique-vide")).ToHaveTextAsync("Aucun événement ne correspond à ces filtres.");

        // Another site's history stays closed.
        (await page.GotoAsync("/sites/paris-11/historique"))!.Status.ShouldBe(403);
    }

    [Fact]
    public async Task an_administrator_creates_a_user_sees_the_token_once_and_revokes_it_after_confirming()
    {
        var page = await app.SignedInAsync(BrowserApp.AdminToken);
        await page.GetByRole(AriaRole.Link, new() { Name = "Administration" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Utilisateurs" }).ClickAsync();
        await Expect(page.Locator("nav a[href='/administration']")).ToHaveAttributeAsync("aria-current", "true");

        var name = $"Alice Durand {Guid.NewGuid():N}"[..25];
        await page.GetByLabel("Nom et prénom").FillAsync(name);
        await page.GetByLabel("Rôle").SelectOptionAsync("quality_lead");
        await page.GetByLabel("Site", new() { Exact = true }).SelectOptionAsync("paris-14");
        var answer = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Créer l'utilisateur" }).ClickAsync(),
            r => r.Url.Contains("handler=Creer", StringComparison.Ordinal));
        (await answer.HeaderValueAsync("cache-control"))!.ShouldContain("no-store");
        await Expect(page.Locator("#jeton-cree")).ToContainTextAsync("il ne sera plus jamais affiché");
        var token = await page.GetByLabel("Jeton d'accès").InputValueAsync();
        token.ShouldStartWith("npsq_");
        await Expect(page.Locator($"#utilisateurs tr[data-utilisateur='{name}']")).ToContainTextAsync("référent qualité");

        // The token works, and is never shown again.
        var newcomer = await app.SignedInAsync(token);
        await Expect(newcomer.Locator(".who")).ToContainTextAsync(name);
        await page.GotoAsync("/administration/utilisateurs");
        (await page.ContentAsync()).ShouldNotContain(token);

        // A site-bound role without a site: refused in French, nothing created.
        await page.GetByLabel("Nom et prénom").FillAsync(name + " bis");
        await page.GetByLabel("Rôle").SelectOptionAsync("site_manager");
        await page.GetByLabel("Site", new() { Exact = true }).SelectOptionAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Créer l'utilisateur" }).ClickAsync();
        await Expect(page.Locator("#refus-utilisateur")).ToContainTextAsync("Site : un responsable de site est rattaché à un site");
        await Expect(page.Locator($"#utilisateurs tr[data-utilisateur='{name} bis']")).ToHaveCountAsync(0);

        // Revoking asks first, says the consequence, then acts.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Révoquer l'accès de {name}" }).ClickAsync();
        await Expect(page.Locator("#confirmer-revocation")).ToContainTextAsync("définitive");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Révoquer l'accès de {name}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Accès de {name} révoqué");
        await Expect(page.Locator($"#utilisateurs tr[data-utilisateur='{name}']")).ToContainTextAsync("révoqué le");
    }

    [Fact]
    public async Task an_administrator_publishes_a_yaml_with_an_error_sees_its_line_then_publishes_it_fixed_and_compares_versions()
    {
        var page = await app.SignedInAsync(BrowserApp.AdminToken);
        await page.GotoAsync("/administration/referentiels");
        await Expect(page.Locator("#versions tr[data-version='qualiparis-services-sociaux:2017.1']")).ToHaveCountAsync(1);

        var id = $"essai-{Guid.NewGuid():N}"[..14];
        var bad = Yaml(id, "heures");
        var line = bad.Split('\n').ToList().FindIndex(l => l.Contains("unit: heures")) + 1;
        await page.GetByLabel("Fichier YAML du référentiel").SetInputFilesAsync(YamlFile(bad));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await Expect(page.Locator("#rejet-referentiel")).ToContainTextAsync("Rien n'a été publié");
        var error = page.Locator("#erreurs-yaml tbody tr", new() { HasText = "unité inconnue : heures" });
        await Expect(error.Locator("th")).ToHaveTextAsync(line.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator($"#versions tr[data-version='{id}:1']")).ToHaveCountAsync(0);

        await page.GetByLabel("Fichier YAML du référentiel").SetInputFilesAsync(YamlFile(Yaml(id, "minutes")));
        await page.GetByRole(AriaRole.Button, new() { Name = "Publier" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Version 1 de « Référentiel d'essai » publiée (1 engagement, 1 indicateur).");
        await Expect(page.Locator($"#versions tr[data-version='{id}:1']")).ToHaveCountAsync(1);

        await page.GetByLabel("Référentiel", new() { Exact = true }).SelectOptionAsync("qualiparis-services-sociaux");
        await page.GetByLabel("Version de départ").SelectOptionAsync("2017.1");
        await page.GetByLabel("Version d'arrivée").SelectOptionAsync("2018.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Comparer" }).ClickAsync();
        await Expect(page.Locator("#ajouts")).ToContainTextAsync("RDV-02");
    }

    [Fact]
    public async Task an_administrator_registers_a_site_then_moves_it_to_another_version_after_seeing_the_mapping()
    {
        var page = await app.SignedInAsync(BrowserApp.AdminToken);
        await page.GotoAsync("/administration/sites");
        var siteId = $"web-{Guid.NewGuid():N}"[..12];
        await page.GetByLabel("Identifiant").FillAsync(siteId);
        await page.GetByLabel("Nom", new() { Exact = true }).FillAsync($"Site d'essai {siteId}");
        await page.GetByLabel("Arrondissements").FillAsync("12e");
        await page.GetByLabel("Version du référentiel").SelectOptionAsync("qualiparis-services-sociaux|2017.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer le site" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync($"Site « Site d'essai {siteId} » enregistré sur qualiparis-services-sociaux 2017.1.");
        var row = page.Locator($"#sites tr[data-site='{siteId}']");
        await Expect(row).ToContainTextAsync("2017.1");

        await row.GetByRole(AriaRole.Link, new() { Name = $"Changer de version (Site d'essai {siteId})" }).ClickAsync();
        await page.GetByLabel("Nouvelle version").SelectOptionAsync("2018.1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Voir la correspondance des codes" }).ClickAsync();
        // The mapping comes first; nothing has moved yet.
        await Expect(page.Locator("#codes-ajoutes")).ToContainTextAsync("RDV-02");
        await Expect(page.Locator("#correspondance")).ToContainTextAsync("0 code retiré");
        await Expect(row).ToContainTextAsync("2017.1");

        await page.GetByRole(AriaRole.Button, new() { Name = "Confirmer le passage à la version 2018.1" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("suit désormais la version 2018.1");
        await Expect(row).ToContainTextAsync("2018.1");

        await page.GotoAsync($"/sites/{siteId}/historique");
        await Expect(page.Locator("#historique tbody tr").First).ToContainTextAsync("Passage du référentiel 2017.1 à 2018.1");
    }

    [Fact]
    public async Task the_footer_leads_anyone_to_the_accessibility_statement_the_legal_notice_and_the_personal_data_page()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("/connexion");
        var footer = page.GetByRole(AriaRole.Navigation, new() { Name = "Informations sur le service" });

        await footer.GetByRole(AriaRole.Link, new() { Name = "Accessibilité : non conforme" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Déclaration d'accessibilité");
        await Expect(page.Locator("#etat-conformite")).ToContainTextAsync("non conforme");
        await Expect(page.Locator("#ecarts-connus li")).Not.ToHaveCountAsync(0);
        await Expect(footer.GetByRole(AriaRole.Link, new() { Name = "Accessibilité : non conforme" })).ToHaveAttributeAsync("aria-current", "page");

        await footer.GetByRole(AriaRole.Link, new() { Name = "Mentions légales" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Mentions légales");

        await footer.GetByRole(AriaRole.Link, new() { Name = "Données personnelles" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Données personnelles");
        await Expect(page.Locator("#donnees")).ToContainTextAsync("Empreinte (SHA-256) du jeton d'accès");
        await Expect(page.Locator("#donnees")).ToContainTextAsync("Commentaires libres");
    }

    [Fact]
    public async Task on_a_390_px_screen_the_new_pages_never_scroll_sideways()
    {
        var site = await RegisterSiteAsync();
        var leadName = $"Léo Petit {Guid.NewGuid():N}"[..22];
        var lead = await app.CreateUserAsync("quality_lead", site, leadName);
        var auditor = await app.CreateUserAsync("auditor");
        var (auditId, findingId) = await AuditWithFindingAsync(auditor, site);
        await AddActionAsync(auditor, auditId, findingId, "Une action au libellé assez long pour tenir sur plusieurs lignes d'un téléphone", leadName,
            TodayInParis.AddDays(-3));

        var phone = await app.SignedInAsync(lead, width: 390, height: 844);
        foreach (var url in new[] { "/mes-actions", $"/sites/{site}/historique", "/accessibilite", "/mentions-legales", "/donnees-personnelles" })
            await ShouldNotOverflow(phone, url);
        var admin = await app.SignedInAsync(BrowserApp.AdminToken, width: 390, height: 844);
        foreach (var url in new[] { "/administration", "/administration/utilisateurs", "/administration/referentiels?referentiel=qualiparis-services-sociaux&de=2017.1&a=2018.1",
                     $"/administration/sites?deplacer={site}&vers=2018.1" })
            await ShouldNotOverflow(admin, url);
    }

    private static async Task ShouldNotOverflow(IPage page, string url)
    {
        (await page.GotoAsync(url))!.Status.ShouldBe(200, url);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        width.ShouldBeLessThanOrEqualTo(390, url);
        // Every scrolling table is a region the keyboard can reach, with a name.
        foreach (var region in await page.Locator(".table-wrap").AllAsync())
        {
            (await region.GetAttributeAsync("tabindex")).ShouldBe("0", url);
            (await region.GetAttributeAsync("role")).ShouldBe("region", url);
        }
    }

    private static string Yaml(string id, string unit) => $$"""
        id: {{id}}
        version: "1"
        title: "Référentiel d'essai"
        publishedOn: 2026-01-01
        source: "Essai des pages d'administration"
        themes:
          - code: ACCUEIL
            title: "Accueil"
        engagements:
          - code: ESS-01
            theme: ACCUEIL
            title: "Un accueil rapide"
            text: "Nous vous recevons vite."
            indicators:
              - code: ESS-01-ATTENTE
                channel: guichet
                label: "Temps d'attente"
                unit: {{unit}}
                threshold: 20
                target: 0.8
                minimumSamples: 30
                period: month
                methods: [auto_mesure]
        """.Replace("\r\n", "\n");

    private static FilePayload YamlFile(string text) => new() { Name = "essai.yaml", MimeType = "application/yaml", Buffer = Encoding.UTF8.GetBytes(text) };

    /// <summary>A site of its own, registered through the API as an administrator would.</summary>
    private async Task<string> RegisterSiteAsync()
    {
        var id = $"essai-{Guid.NewGuid():N}"[..14];
        await SendAsync(BrowserApp.AdminToken, "/api/sites",
            new { siteId = id, name = $"Site d'essai {id}", arrondissements = new[] { "12e" }, referential = "qualiparis-services-sociaux", version = "2017.1" },
            HttpStatusCode.Created);
        return id;
    }

    /// <summary>An internal audit of the site, started, with a minor NC (which takes corrective actions).</summary>
    private async Task<(string AuditId, string FindingId)> AuditWithFindingAsync(string auditor, string site)
    {
        var planned = await SendAsync(auditor, $"/api/sites/{site}/audits",
            new { kind = "internal", type = "initial", plannedOn = TodayInParis.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), auditors = new[] { "Paul Lefèvre" } },
            HttpStatusCode.Created);
        var auditId = planned.GetProperty("id").GetString()!;
        await SendAsync(auditor, $"/api/audits/{auditId}/start", new { expectedVersion = await VersionAsync(auditor, auditId) }, HttpStatusCode.OK);
        var finding = await SendAsync(auditor, $"/api/audits/{auditId}/findings",
            new { category = "NC_MINEURE", engagement = "ACC-01", statement = "Le temps d'attente n'est pas affiché.", expectedVersion = await VersionAsync(auditor, auditId) },
            HttpStatusCode.Created);
        return (auditId, finding.GetProperty("id").GetString()!);
    }

    private async Task AddActionAsync(string auditor, string auditId, string findingId, string description, string owner, DateOnly dueOn)
        => await SendAsync(auditor, $"/api/audits/{auditId}/findings/{findingId}/actions",
            new { description, owner, dueOn = dueOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), expectedVersion = await VersionAsync(auditor, auditId) },
            HttpStatusCode.Created);

    private async Task<int> VersionAsync(string token, string auditId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/audits/{auditId}");
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Api.SendAsync(request, Ct);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("version").GetInt32();
    }

    private async Task<JsonElement> SendAsync(string token, string url, object body, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await app.Api.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        response.StatusCode.ShouldBe(expected, text);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }
}
