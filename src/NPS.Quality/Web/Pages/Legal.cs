using Microsoft.AspNetCore.Mvc.RazorPages;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// Who publishes and runs the service, for the footer's pages (accessibility statement, legal notice, personal data).
/// Read from the <c>Legal</c> section of the configuration; what the operator has not filled in says so.
/// </summary>
public sealed record LegalInfo(string Publisher, string PublicationDirector, string Host, string Contact, string StatementDate)
{
    public const string Missing = "à compléter par l'exploitant du service";

    public static LegalInfo From(IConfiguration configuration)
    {
        string Read(string key, string fallback) => string.IsNullOrWhiteSpace(configuration[$"Legal:{key}"]) ? fallback : configuration[$"Legal:{key}"]!;
        return new(
            Read("Publisher", "Ville de Paris — mission qualité du Nouveau Paris Solidaire"),
            Read("PublicationDirector", Missing),
            Read("Host", Missing),
            Read("Contact", Missing),
            Read("StatementDate", "27 novembre 2026"));
    }
}

/// <summary>The accessibility statement (RGAA model), open to anyone.</summary>
public sealed class AccessibiliteModel(IConfiguration configuration) : PageModel
{
    public LegalInfo Legal { get; } = LegalInfo.From(configuration);

    public void OnGet() { }
}

/// <summary>The legal notice, open to anyone.</summary>
public sealed class MentionsLegalesModel(IConfiguration configuration) : PageModel
{
    public LegalInfo Legal { get; } = LegalInfo.From(configuration);

    public void OnGet() { }
}

/// <summary>What personal data the service keeps, why and for how long; open to anyone.</summary>
public sealed class DonneesPersonnellesModel(IConfiguration configuration) : PageModel
{
    public LegalInfo Legal { get; } = LegalInfo.From(configuration);

    public void OnGet() { }
}
