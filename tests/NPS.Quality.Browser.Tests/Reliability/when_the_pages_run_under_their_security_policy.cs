using static Microsoft.Playwright.Assertions;

namespace NPS.Quality.Browser.Tests.Reliability;

/// <summary>
/// The pages under their Content-Security-Policy, in a real Chromium that enforces it: the stylesheet applies, the inline
/// SVG charts show, and the browser reports no violation (no inline script or style anywhere).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class when_the_pages_run_under_their_security_policy(BrowserApp app)
{
    [Fact]
    public async Task the_main_pages_break_no_rule_of_their_policy()
    {
        var violations = new List<string>();
        void Watch(IPage page)
        {
            page.Console += (_, message) =>
            {
                if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) lock (violations) violations.Add(message.Text);
            };
            page.PageError += (_, error) => { lock (violations) violations.Add(error); };
        }

        var signIn = await app.NewPageAsync();
        Watch(signIn);
        var response = await signIn.GotoAsync("/connexion");
        (await response!.HeaderValueAsync("content-security-policy")).ShouldNotBeNull().ShouldContain("default-src 'self'");
        await Expect(signIn.GetByLabel("Jeton d'accès")).ToBeVisibleAsync();
        await Expect(signIn.Locator(".skip")).ToHaveCSSAsync("position", "absolute"); // site.css applied

        var page = await app.SignedInAsync(await app.CreateUserAsync("auditor"));
        Watch(page);
        foreach (var url in new[] { "/", "/sites/paris-11", "/audits" })
        {
            await page.GotoAsync(url);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator(".skip")).ToHaveCSSAsync("position", "absolute");
        }
        await page.GotoAsync("/sites/paris-11");
        await Expect(page.Locator("svg").First).ToBeVisibleAsync(); // the 12-month charts, inline SVG made on the server

        lock (violations) violations.ShouldBeEmpty();
    }
}
