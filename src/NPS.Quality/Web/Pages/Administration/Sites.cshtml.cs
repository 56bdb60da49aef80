using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages.Administration;

/// <summary>
/// Sites, for administrators: the list (sortable), registering a site (<see cref="RegisterSite"/>), and moving a site to
/// another published version of its referential (<see cref="ChangeSiteReferential"/>) in two steps: the mapping of the
/// codes is shown first, the move is sent only on confirmation, with the site's version seen then (stale → 409).
/// </summary>
public sealed class SitesModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public static readonly string[] SortKeys = ["id", "nom", "referentiel", "enregistre"];

    public IReadOnlyList<Site> Sites { get; private set; } = [];
    public IReadOnlyList<ReferentialSummary> Versions { get; private set; } = [];
    public ColumnSort Sort { get; private set; } = new("id", false);
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? ProblemOf { get; private set; }

    /// <summary>The site being moved, its possible target versions and, once one is chosen, the mapping to confirm.</summary>
    public Site? Moving { get; private set; }
    public IReadOnlyList<ReferentialSummary> Targets { get; private set; } = [];
    public MovePreview? Preview { get; private set; }

    public sealed record MovePreview(string Target, int ExpectedVersion, IReadOnlyList<(string Code, string Title)> Kept,
        IReadOnlyList<(string From, string To, string Title)> Renamed, IReadOnlyList<(string Code, string Title)> Added,
        IReadOnlyList<(string Code, string Title)> Removed);

    [BindProperty] public SiteForm Form { get; set; } = new();

    public sealed class SiteForm
    {
        public string? Identifiant { get; set; }
        public string? Nom { get; set; }
        public string? Arrondissements { get; set; }
        public string? Version { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string? deplacer, string? vers, CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        await LoadAsync(ct);
        if (deplacer is null) return Page();
        return await LoadMoveAsync(deplacer, vers, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostEnregistrerAsync(CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        var (referential, version) = SplitVersion(Form.Version);
        var arrondissements = (Form.Arrondissements ?? "").Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var outcome = await SendAsync<SiteView>(new RegisterSite(Form.Identifiant?.Trim(), Form.Nom, arrondissements, referential, version));
        if (!outcome.Succeeded)
        {
            Show(outcome, (sentence, errors) => (Problem, Errors) = (sentence, errors));
            ProblemOf = "enregistrer";
            await LoadAsync(ct);
            return Page();
        }
        var site = outcome.Value!;
        Notice = $"Site « {site.Name} » enregistré sur {site.Referential} {site.ReferentialVersion}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDeplacerAsync(string? siteId, string? referential, string? version, int? expectedVersion,
        CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        if (string.IsNullOrWhiteSpace(siteId)) return NotFound();
        var outcome = await SendAsync<SiteView>(new ChangeSiteReferential(referential, version, expectedVersion) { SiteId = siteId });
        if (!outcome.Succeeded)
        {
            Show(outcome, (sentence, errors) => (Problem, Errors) = (sentence, errors));
            ProblemOf = "deplacer";
            await LoadAsync(ct);
            await LoadMoveAsync(siteId, version, ct);
            return Page();
        }
        var site = outcome.Value!;
        Notice = $"« {site.Name} » suit désormais la version {site.ReferentialVersion} de {site.Referential}.";
        return RedirectToPage();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sort = ColumnSort.Of(Request, SortKeys, "id");
        Versions = await ReferentialReads.SummariesAsync(session, ct);
        Sites = Sort.Apply(await session.Query<Site>().OrderBy(s => s.Id).ToListAsync(ct), new Dictionary<string, Func<Site, IComparable?>>
        {
            ["id"] = s => s.Id,
            ["nom"] = s => s.Name,
            ["referentiel"] = s => $"{s.Referential} {s.ReferentialVersion}",
            ["enregistre"] = s => s.RegisteredAt,
        });
    }

    /// <summary>
    /// The move form of a site; with a target version, the mapping to confirm. After a 409 the preview is built afresh, so
    /// the confirmation carries the site's new version.
    /// </summary>
    private async Task<bool> LoadMoveAsync(string siteId, string? target, CancellationToken ct)
    {
        Moving = Sites.FirstOrDefault(s => s.Id == siteId);
        if (Moving is null) return false;
        var site = Moving;
        Targets = Versions.Where(v => v.Id == site.Referential && v.Version != site.ReferentialVersion).ToList();
        if (string.IsNullOrWhiteSpace(target) || Targets.All(t => t.Version != target)) return true;

        var from = await catalog.FindAsync(session, site.Referential, site.ReferentialVersion, ct);
        var to = await catalog.FindAsync(session, site.Referential, target, ct);
        var mapping = await catalog.MappingAsync(session, site.Referential, site.ReferentialVersion, target, ct);
        if (from is null || to is null || mapping is null) return true;
        string Title(ReferentialDefinition d, string code) => d.FindEngagement(code)?.Title ?? d.FindIndicator(code)?.Label ?? "";
        Preview = new MovePreview(target, site.Version,
            mapping.CarriedOver.Where(p => p.Key == p.Value).Select(p => (p.Key, Title(to, p.Value))).OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
            mapping.CarriedOver.Where(p => p.Key != p.Value).Select(p => (p.Key, p.Value, Title(to, p.Value))).OrderBy(p => p.Key, StringComparer.Ordinal).ToList(),
            mapping.Added.Select(c => (c, Title(to, c))).ToList(),
            mapping.Removed.Select(c => (c, Title(from, c))).ToList());
        return true;
    }

    public static (string? Referential, string? Version) SplitVersion(string? value)
    {
        var parts = (value ?? "").Split('|', 2);
        return parts.Length == 2 ? (parts[0], parts[1]) : (null, null);
    }

    public static string FieldLabel(string field) => field switch
    {
        "siteId" => "Identifiant",
        "name" => "Nom",
        "arrondissements" => "Arrondissements",
        "referential" => "Référentiel",
        "version" => "Version",
        "expectedVersion" => "Version du site",
        _ => field,
    };
}
