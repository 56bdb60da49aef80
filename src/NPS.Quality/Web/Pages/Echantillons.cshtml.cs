using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Shared;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// The samples of a site. Its readers page through them, newest first, filtered by indicator, period, method, state,
/// within or beyond the threshold, or a piece of the id (the read of <c>GET /api/sites/{siteId}/samples</c> with the
/// page's further filters); each sample says where it stands against its indicator's threshold. Its quality lead also
/// records one, imports a file and voids a sample with a reason, each form sending the endpoint's command.
/// </summary>
public sealed class EchantillonsModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public const int PageSize = 50;

    /// <summary>The filters, as the query string carries them (<c>?indicateur=&amp;du=&amp;au=&amp;methode=&amp;etat=&amp;delai=&amp;id=&amp;page=</c>).</summary>
    public sealed class SampleQuery
    {
        public string? Indicateur { get; set; }
        public string? Du { get; set; }
        public string? Au { get; set; }
        public string? Methode { get; set; }
        /// <summary>"comptes" (not voided) or "annules".</summary>
        public string? Etat { get; set; }
        /// <summary>"dans" (within the threshold) or "hors" (beyond).</summary>
        public string? Delai { get; set; }
        public string? Id { get; set; }
        /// <summary>Read from the query by <see cref="WebPage.QueryPage"/>: "page" is also a route value of Razor Pages.</summary>
        [Microsoft.AspNetCore.Mvc.ModelBinding.BindNever] public int? Page { get; set; }

        public bool Any => new[] { Indicateur, Du, Au, Methode, Etat, Delai, Id }.Any(v => !string.IsNullOrWhiteSpace(v));

        public Dictionary<string, string?> Values(int? page = null) => new()
        {
            ["indicateur"] = Indicateur, ["du"] = Du, ["au"] = Au, ["methode"] = Methode, ["etat"] = Etat, ["delai"] = Delai, ["id"] = Id,
            ["page"] = page is > 1 ? page.Value.ToString(CultureInfo.InvariantCulture) : null,
        };
    }

    [BindProperty(SupportsGet = true, Name = "")] public SampleQuery Query { get; set; } = new();

    /// <summary>The page of samples asked (<c>?page=</c>).</summary>
    private int AskedPage => QueryPage();
    public IReadOnlyList<FieldError> QueryErrors { get; private set; } = [];

    /// <summary>The page's URL with these filters (and page), for links and for coming back after a void.</summary>
    public string Link(int? page = null)
        => Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString($"/sites/{Site.Id}/echantillons",
            Query.Values(page).Where(p => !string.IsNullOrWhiteSpace(p.Value)));

    public int PageCount => Samples is null ? 1 : Math.Max(1, (Samples.Total + Samples.PageSize - 1) / Samples.PageSize);

    /// <summary>The referential's indicators by code: each sample's threshold.</summary>
    public IReadOnlyDictionary<string, Indicator> IndicatorsByCode => Indicators.ToDictionary(i => i.Code);

    /// <summary>
    /// Where a sample stands, in words and a badge colour: voided ("annulé": it no longer counts), within its indicator's
    /// threshold ("dans le délai"), beyond it ("hors délai": it counts, against the site), or unknown when the indicator is
    /// not in the site's referential. Never a green tick for a wait beyond the threshold.
    /// </summary>
    public static (string Class, string Words) Standing(decimal delay, string unit, decimal? threshold, bool voided)
        => voided ? ("neutral", "annulé : ne compte plus")
            : threshold is not { } t ? ("neutral", "compté (seuil inconnu)")
            : delay <= t ? ("good", $"dans le délai (≤ {Fr.Delay(t, unit)})")
            : ("bad", $"hors délai (> {Fr.Delay(t, unit)})");

    public Site Site { get; private set; } = null!;
    public IReadOnlyList<Indicator> Indicators { get; private set; } = [];
    public SamplePage? Samples { get; private set; }
    public bool CanWrite => AccessRules.CanWriteSamples(Me, Site.Id);

    /// <summary>What a rejected form gets back: the French sentence and, for a file, every bad line.</summary>
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];
    public string? ProblemOf { get; private set; }

    [BindProperty] public SampleForm Form { get; set; } = new();

    public sealed class SampleForm
    {
        public string? Identifiant { get; set; }
        public string? Indicateur { get; set; }
        public string? Debut { get; set; }
        public string? Fin { get; set; }
        public string? Methode { get; set; }
        public string? Commentaire { get; set; }
    }

    public async Task<IActionResult> OnGetAsync(string siteId, CancellationToken ct)
    {
        if (await LoadAsync(siteId, write: false, ct) is { } refused) return refused;
        if (QueryErrors.Count > 0) Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    public async Task<IActionResult> OnPostUnAsync(string siteId, CancellationToken ct)
    {
        if (await LoadAsync(siteId, write: true, ct) is { } refused) return refused;
        var command = new RecordSample(Form.Identifiant, Form.Indicateur, Instant(Form.Debut), Instant(Form.Fin),
            string.IsNullOrWhiteSpace(Form.Methode) ? null : Form.Methode, Form.Commentaire);
        var outcome = await SendAsync<RecordedSampleView>(command with { SiteId = siteId });
        if (!outcome.Succeeded) return Rejected(outcome, "un");
        var recorded = outcome.Value;
        Notice = recorded?.Duplicate == true
            ? $"L'échantillon {recorded.SampleId} était déjà enregistré à l'identique : rien n'a changé."
            : $"Échantillon {recorded?.SampleId} enregistré (délai : {Fr.Delay(recorded?.Delay, recorded?.Unit)}).";
        return RedirectToPage(new { siteId });
    }

    public async Task<IActionResult> OnPostImportAsync(string siteId, IFormFile? fichier, CancellationToken ct)
    {
        if (await LoadAsync(siteId, write: true, ct) is { } refused) return refused;
        if (fichier is null || fichier.Length == 0)
            return Rejected(Outcome<RecordingResult>.Refused(Problems.Invalid("fichier", "choisissez un fichier CSV ou .xlsx non vide")), "import");
        if (fichier.Length > SampleCsv.MaxBytes)
            return Rejected(Outcome<RecordingResult>.Refused(Problems.Invalid("fichier", "le fichier dépasse 20 Mo : découpez-le")), "import");

        await using var stream = fichier.OpenReadStream();
        var outcome = await Bus.ImportAsync(siteId, stream, SampleFiles.TypeOfUpload(fichier.FileName, fichier.ContentType), ct);
        if (!outcome.Succeeded) return Rejected(outcome, "import");
        var result = outcome.Value;
        Notice = $"Fichier « {Path.GetFileName(fichier.FileName)} » importé : " + ImportWords(result!.Accepted, result.Duplicates);
        return RedirectToPage(new { siteId });
    }

    /// <summary>"3 échantillons enregistrés.", "1 échantillon enregistré, 2 déjà présents à l'identique." — agreed, never "(s)".</summary>
    public static string ImportWords(int accepted, int duplicates)
        => $"{Fr.Count(accepted, "échantillon enregistré", "échantillons enregistrés")}" +
           (duplicates > 0 ? $", {Fr.Count(duplicates, "déjà présent", "déjà présents")} à l'identique." : ".");

    public async Task<IActionResult> OnPostAnnulerAsync(string siteId, string? sampleId, string? motif, string? retour, CancellationToken ct)
    {
        if (await LoadAsync(siteId, write: true, ct) is { } refused) return refused;
        var outcome = await SendAsync<VoidedSampleView>(new VoidSample(motif) { SiteId = siteId, SampleId = sampleId ?? "" });
        if (!outcome.Succeeded) return Rejected(outcome, "annuler");
        Notice = $"Échantillon {sampleId} annulé : il ne compte plus à partir de maintenant (motif : {motif?.Trim()}).";
        // Back to the same filters and page: only a query string of this very page is followed.
        return retour is { Length: > 1 } q && q[0] == '?' && !q.Any(char.IsControl)
            ? Redirect($"/sites/{Uri.EscapeDataString(siteId)}/echantillons{q}")
            : RedirectToPage(new { siteId });
    }

    /// <summary>Rights first (as the API's policies), then the site; null when the page may go on.</summary>
    private async Task<IActionResult?> LoadAsync(string siteId, bool write, CancellationToken ct)
    {
        if (!(write ? AccessRules.CanWriteSamples(Me, siteId) : AccessRules.CanReadSite(Me, siteId))) return Refused();
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return NotFound();
        Site = site;
        var period = site.ReferentialAt(Now);
        var referential = await catalog.FindAsync(session, period.Referential, period.Version, ct);
        Indicators = referential?.Engagements.SelectMany(e => e.Indicators).ToList() ?? [];
        var thresholds = Indicators.GroupBy(i => i.Code).ToDictionary(g => g.Key, g => g.First().Threshold);
        var more = new SampleFilter
        {
            Method = Blank(Query.Methode),
            Voided = Query.Etat switch { "annules" => true, "comptes" => false, _ => null },
            WithinThreshold = Query.Delai switch { "dans" => true, "hors" => false, _ => null },
            IdContains = Blank(Query.Id),
            Thresholds = thresholds,
        };
        var answer = await SamplePages.PageAsync(session, siteId, Blank(Query.Indicateur), Blank(Query.Du), Blank(Query.Au),
            AskedPage, PageSize, more, ct);
        Query.Page = AskedPage;
        Samples = answer.Value;
        QueryErrors = answer.Succeeded ? [] : answer.Errors;
        return null;
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The French name of a filter field named by the shared read.</summary>
    public static string FilterLabel(string field) => field switch { "from" => "Du", "to" => "Au", "page" => "Page", _ => field };

    private IActionResult Rejected<T>(Outcome<T> refused, string form) where T : class
    {
        Show(refused, (sentence, errors) => (Problem, Errors) = (sentence, errors));
        ProblemOf = form;
        return Page();
    }

    /// <summary>A <c>datetime-local</c> value is a Paris wall-clock time: sent on with its offset, as the API expects.</summary>
    private static string? Instant(string? local)
    {
        if (string.IsNullOrWhiteSpace(local)) return local;
        if (!DateTime.TryParseExact(local, ["yyyy-MM-ddTHH:mm", "yyyy-MM-ddTHH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var wall))
            return local;
        var (instant, _) = ParisTime.FromLocal(wall);
        return instant?.ToString("yyyy-MM-ddTHH:mm:sszzz", CultureInfo.InvariantCulture) ?? local;
    }

    /// <summary>A delay with its unit agreed ("1 jour ouvré", "35 min").</summary>
    public static string Delay(decimal? delay, string? unit) => Fr.Delay(delay, unit);
}
