using static Microsoft.Playwright.Assertions;

namespace NPS.Quality.Browser.Tests;

/// <summary>Issue 12 in a real Chromium: a workbook imported on the samples page, the template and the exports downloaded from the pages.</summary>
[Collection(BrowserCollection.Name)]
public sealed class when_using_spreadsheets_in_the_pages(BrowserApp app)
{
    /// <summary>A fixture made by LibreOffice (tests/NPS.Quality.Tests/Samples/Fixtures, see its README).</summary>
    private static string Fixture(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "NPS.Quality.Tests", "Samples", "Fixtures", name);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException(name);
    }

    private static async Task<(string Name, byte[] Bytes)> Download(IPage page, ILocator link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        var path = await download.PathAsync();
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task a_quality_lead_imports_a_workbook_and_downloads_the_template_and_the_exports()
    {
        var token = await app.CreateUserAsync("quality_lead", "paris-18");
        var page = await app.SignedInAsync(token);
        await page.GotoAsync("/sites/paris-18/echantillons");

        var (templateName, template) = await Download(page, page.GetByRole(AriaRole.Link, new() { Name = "Télécharger le modèle à remplir (.xlsx)" }));
        templateName.ShouldBe("modele-echantillons-paris-18.xlsx");
        template[..2].ShouldBe("PK"u8.ToArray());

        // A bad row: the sheet, the row and the column letter are shown; nothing is recorded.
        await page.GetByLabel("Fichier CSV ou Excel (.xlsx)", new() { Exact = true }).SetInputFilesAsync(Fixture("lo-ligne-fausse.xlsx"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer" }).ClickAsync();
        var rejected = page.Locator("#lignes-rejetees tbody tr");
        await Expect(rejected).ToHaveCountAsync(1);
        await Expect(rejected).ToContainTextAsync("cellule D3");

        await page.GetByLabel("Fichier CSV ou Excel (.xlsx)", new() { Exact = true }).SetInputFilesAsync(Fixture("lo-dates-en-cellules.xlsx"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Importer" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("5 échantillons enregistrés");

        var (csvName, csv) = await Download(page, page.Locator("#export-echantillons").GetByRole(AriaRole.Link, new() { Name = "CSV" }));
        csvName.ShouldBe("echantillons-paris-18.csv");
        csv[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        System.Text.Encoding.UTF8.GetString(csv).ShouldContain("Accueil très chargé");

        await page.GotoAsync("/sites/paris-18?mois=2017-10");
        var (complianceName, compliance) = await Download(page, page.Locator("#export-conformite").GetByRole(AriaRole.Link, new() { Name = "classeur Excel (.xlsx)" }));
        complianceName.ShouldBe("conformite-paris-18-du-2017-10-01-au-2017-10-31.xlsx");
        compliance[..2].ShouldBe("PK"u8.ToArray());

        await page.GotoAsync("/audits");
        var (actionsName, _) = await Download(page, page.Locator("#export-actions").GetByRole(AriaRole.Link, new() { Name = "CSV" }));
        actionsName.ShouldStartWith("plan-actions-");
    }
}
