using System.Text;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;

namespace NPS.Quality.Web.Pages.Administration;

/// <summary>
/// Referentials, for administrators: the published versions (sortable), the differences between two versions of one
/// referential (<see cref="ReferentialReads.DiffAsync"/>, as the API's diff), and publishing a YAML file by upload
/// (<see cref="PublishReferential"/>, as <c>POST /api/referentials</c>), its errors shown with their line.
/// </summary>
public sealed class ReferentielsModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public const int MaxBytes = 1024 * 1024;
    public static readonly string[] SortKeys = ["referentiel", "version", "titre", "publie", "engagements", "indicateurs"];

    public IReadOnlyList<ReferentialSummary> Versions { get; private set; } = [];
    public ColumnSort Sort { get; private set; } = new("referentiel", false);
    public ReferentialDiffResult? Diff { get; private set; }
    public string? DiffProblem { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? UploadedName { get; private set; }

    [BindProperty(SupportsGet = true, Name = "referentiel")] public string? DiffReferential { get; set; }
    [BindProperty(SupportsGet = true, Name = "de")] public string? DiffFrom { get; set; }
    [BindProperty(SupportsGet = true, Name = "a")] public string? DiffTo { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        await LoadAsync(ct);
        if (!string.IsNullOrWhiteSpace(DiffReferential) && !string.IsNullOrWhiteSpace(DiffFrom) && !string.IsNullOrWhiteSpace(DiffTo))
        {
            if (DiffFrom == DiffTo) DiffProblem = "Choisissez deux versions différentes.";
            else
            {
                var (diff, missing) = await ReferentialReads.DiffAsync(session, catalog, DiffReferential, DiffFrom, DiffTo, ct);
                Diff = diff;
                if (diff is null) DiffProblem = $"Version non publiée : {DiffReferential} {missing}.";
            }
        }
        return Page();
    }

    public async Task<IActionResult> OnPostPublierAsync(IFormFile? fichier, CancellationToken ct)
    {
        if (!AccessRules.CanAdminister(Me)) return Refused();
        await LoadAsync(ct);
        if (fichier is null || fichier.Length == 0)
            return Rejected(Outcome<ReferentialSummary>.Refused(Problems.Invalid("fichier", "choisissez un fichier YAML non vide")));
        if (fichier.Length > MaxBytes)
            return Rejected(Outcome<ReferentialSummary>.Refused(Problems.Invalid("fichier", "un référentiel ne dépasse pas 1 Mo")));
        UploadedName = Path.GetFileName(fichier.FileName);
        string yaml;
        using (var reader = new StreamReader(fichier.OpenReadStream(), Encoding.UTF8))
            yaml = await reader.ReadToEndAsync(ct);
        var outcome = await SendAsync<ReferentialSummary>(new PublishReferential(yaml, UploadedName));
        if (!outcome.Succeeded) return Rejected(outcome);
        var published = outcome.Value!;
        Notice = outcome.Status == StatusCodes.Status201Created
            ? $"Version {published.Version} de « {published.Title} » publiée ({Count(published.Engagements, "engagement")}, {Count(published.Indicators, "indicateur")})."
            : $"La version {published.Version} de « {published.Title} » était déjà publiée avec ce contenu exact : rien n'a changé.";
        return RedirectToPage();
    }

    private IActionResult Rejected(Outcome<ReferentialSummary> refused)
    {
        Show(refused, (sentence, errors) => (Problem, Errors) = (sentence, errors));
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Sort = ColumnSort.Of(Request, SortKeys, "referentiel");
        var all = await ReferentialReads.SummariesAsync(session, ct);
        Versions = Sort is { Key: "referentiel", Descending: false }
            ? all
            : Sort.Apply(all, new Dictionary<string, Func<ReferentialSummary, IComparable?>>
            {
                ["referentiel"] = r => r.Id,
                ["version"] = r => r.Version,
                ["titre"] = r => r.Title,
                ["publie"] = r => r.PublishedOn,
                ["engagements"] = r => r.Engagements,
                ["indicateurs"] = r => r.Indicators,
            });
    }

    public static string Count(int n, string noun) => n <= 1 ? $"{n} {noun}" : $"{Fr.Number(n)} {noun}s";

    /// <summary>The French name of a field of the diff.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "code" => "code",
        "theme" => "thème",
        "title" => "intitulé",
        "text" => "texte",
        "channel" => "canal",
        "label" => "libellé",
        "unit" => "unité",
        "threshold" => "seuil",
        "target" => "cible",
        "minimumSamples" => "échantillons minimum",
        "period" => "période",
        "methods" => "méthodes",
        _ => field,
    };

    public static string KindLabel(string kind) => kind == "engagement" ? "Engagement" : "Indicateur";
}
