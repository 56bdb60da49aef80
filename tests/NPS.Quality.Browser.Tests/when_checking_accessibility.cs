using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;

namespace NPS.Quality.Browser.Tests;

/// <summary>
/// axe-core (WCAG 2.0 and 2.1, levels A and AA) on every page of the page access matrix, signed in as each role, on a
/// laptop (1280 px) and a phone (390 px): any serious or critical violation fails, with its rule, page and element.
/// The pages are read from <c>tests/NPS.Quality.Tests/Access/PageMatrix.cs</c> itself, so that a new page is checked as
/// soon as it has its row. Uses paris-8-17 (its own audit), as the other scenarios keep their sites to themselves.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class when_checking_accessibility(BrowserApp app)
{
    private const string Site = "paris-8-17";
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
    private static readonly int[] Widths = [1280, 390];

    /// <summary>The GET pages of the matrix that answer HTML (not the PDF, the downloads or sign-out), on this scenario's site.</summary>
    private static IReadOnlyList<string> PagesOfTheMatrix()
    {
        var source = File.ReadAllText(Path.Combine(BrowserApp.RepoRoot, "tests", "NPS.Quality.Tests", "Access", "PageMatrix.cs"));
        return MatrixRow().Matches(source).Select(m => m.Groups["url"].Value)
            .Where(url => !url.StartsWith("/exports", StringComparison.Ordinal) && !url.EndsWith("/pdf", StringComparison.Ordinal)
                          && !url.StartsWith("/deconnexion", StringComparison.Ordinal))
            .Select(url => url.Replace("paris-11", Site, StringComparison.Ordinal))
            .Distinct().ToList();
    }

    [GeneratedRegex(@"new\(""GET"", ""[^""]+"", null, ""(?<url>[^""]+)""")]
    private static partial Regex MatrixRow();

    [Fact]
    public async Task every_page_has_no_serious_or_critical_violation_for_any_role_on_a_laptop_or_a_phone()
    {
        var pages = PagesOfTheMatrix();
        pages.ShouldContain("/");
        pages.ShouldContain($"/sites/{Site}/echantillons");

        var auditor = await app.CreateUserAsync("auditor");
        var audit = await PlanAuditAsync(auditor);
        var roles = new Dictionary<string, string>
        {
            ["admin"] = await app.CreateUserAsync("admin"),
            ["auditor"] = auditor,
            ["quality_lead"] = await app.CreateUserAsync("quality_lead", Site),
            ["site_manager"] = await app.CreateUserAsync("site_manager", Site),
        };

        var found = new List<string>();
        foreach (var width in Widths)
        {
            // Signed out: the sign-in page.
            var anonymous = await app.NewPageAsync(width);
            await CheckAsync(anonymous, "/connexion", $"anonyme, {width} px", found);
            await anonymous.Context.CloseAsync();

            foreach (var (role, token) in roles)
            {
                var page = await app.SignedInAsync(token, width);
                foreach (var url in pages)
                    await CheckAsync(page, url.Replace("{audit}", audit, StringComparison.Ordinal), $"{role}, {width} px", found);
                await page.Context.CloseAsync();
            }
        }
        found.ShouldBeEmpty(string.Join("\n", found));
    }

    private static async Task CheckAsync(IPage page, string url, string who, List<string> found)
    {
        var response = await page.GotoAsync(url);
        response.ShouldNotBeNull();
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = [.. Tags] } });
        foreach (var violation in result.Violations.Where(v => v.Impact is "serious" or "critical"))
            found.Add($"{url} ({who}, {response.Status}) : {violation.Id} [{violation.Impact}] {violation.Help} — " +
                      string.Join(" | ", violation.Nodes.Take(3).Select(n => n.Html)));
    }

    private async Task<string> PlanAuditAsync(string auditor)
    {
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris")).DateTime);
        using var plan = new HttpRequestMessage(HttpMethod.Post, $"/api/sites/{Site}/audits")
        {
            Content = new StringContent(
                $$"""{ "kind": "internal", "type": "initial", "plannedOn": "{{today.AddDays(40).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}}", "auditors": ["A. Martin"] }""",
                Encoding.UTF8, "application/json"),
        };
        plan.Headers.Authorization = new("Bearer", auditor);
        using var response = await app.Api.SendAsync(plan, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var location = response.Headers.Location!.OriginalString;
        return location[(location.LastIndexOf('/') + 1)..];
    }
}
