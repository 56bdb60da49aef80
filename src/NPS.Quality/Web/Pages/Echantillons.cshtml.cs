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
/// The samples of a site. Its readers see the recent samples; its quality lead also records one, imports a CSV file
/// and voids a sample with a reason. Each form calls the very code of the matching endpoint.
/// </summary>
public sealed class EchantillonsModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public const int Recent = 20;

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
        => await LoadAsync(siteId, write: false, ct) ?? Page();

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
            : $"Échantillon {recorded?.SampleId} enregistré (délai : {Fr.Number(recorded?.Delay)} {Unit(recorded?.Unit)}).";
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
        Notice = $"Fichier « {Path.GetFileName(fichier.FileName)} » importé : {Fr.Number(result!.Accepted)} échantillon(s) enregistré(s)" +
                 (result.Duplicates > 0 ? $", {Fr.Number(result.Duplicates)} déjà présent(s) à l'identique." : ".");
        return RedirectToPage(new { siteId });
    }

    public async Task<IActionResult> OnPostAnnulerAsync(string siteId, string? sampleId, string? motif, CancellationToken ct)
    {
        if (await LoadAsync(siteId, write: true, ct) is { } refused) return refused;
        var outcome = await SendAsync<VoidedSampleView>(new VoidSample(motif) { SiteId = siteId, SampleId = sampleId ?? "" });
        if (!outcome.Succeeded) return Rejected(outcome, "annuler");
        Notice = $"Échantillon {sampleId} annulé : il ne compte plus à partir de maintenant (motif : {motif?.Trim()}).";
        return RedirectToPage(new { siteId });
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
        Samples = (await SamplePages.PageAsync(session, siteId, null, null, null, 1, Recent, ct)).Value;
        return null;
    }

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

    public static string Unit(string? unit) => unit switch
    {
        "minutes" => "min",
        "seconds" => "s",
        "working_days" => "jours ouvrés",
        "calendar_days" => "jours calendaires",
        _ => unit ?? "",
    };
}
