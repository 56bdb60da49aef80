using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Dossiers;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// A site: its compliance for a month as of a date (<see cref="SiteComplianceQuery"/>, the read of <c>GET /api/sites/{siteId}/compliance</c>), the
/// last 12 months of each indicator, open findings and actions, audits, and the site's dossiers
/// (<c>GET /api/sites/{siteId}/dossiers</c>) with, for auditors and administrators, the request form
/// (the <see cref="RequestDossier"/> command of <c>POST /api/sites/{siteId}/dossiers</c>, through the outbox).
/// </summary>
public sealed class SiteModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public SiteView Site { get; private set; } = null!;
    public SiteCompliance? Compliance { get; private set; }
    public string? ComplianceProblem { get; private set; }
    public DateOnly Month { get; private set; }
    public DateOnly? AsOfDay { get; private set; }
    public Dictionary<string, List<MonthShare>> History { get; } = [];
    public IReadOnlyList<AuditSummary> Audits { get; private set; } = [];
    public IReadOnlyList<(Audit Audit, Finding Finding)> OpenFindings { get; private set; } = [];
    public IReadOnlyList<SiteActionView> OpenActions { get; private set; } = [];
    public bool CanWriteSamples => AccessRules.CanWriteSamples(Me, Site.Id);

    /// <summary>The month in progress: its figures are provisional, and the page says so.</summary>
    public DateOnly CurrentMonth => new(Today.Year, Today.Month, 1);
    public bool MonthInProgress => Month == CurrentMonth;

    /// <summary>Technical details (SHA-256, API routes) are for auditors and administrators; the others get one plain sentence.</summary>
    public bool ShowsTechnicalDetails => AccessRules.SeesEverySite(Me);

    /// <summary>The month a page opens on: the last complete one (on the 27th the current month is still short of samples).</summary>
    public static DateOnly LastCompleteMonth(DateOnly today) => new DateOnly(today.Year, today.Month, 1).AddMonths(-1);

    /// <summary>The dossier list: the rule of <c>GET /api/sites/{siteId}/dossiers</c> (auditors, administrators, this site's manager).</summary>
    /// <summary>The "Actualiser" link's <c>maj</c> value: the time in milliseconds, and always past the current one.</summary>
    public static string NextRefresh(string? current, DateTimeOffset now)
    {
        var next = now.ToUnixTimeMilliseconds();
        if (long.TryParse(current, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var previous) && previous >= next)
            next = previous + 1;
        return next.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public bool CanReadDossiers => DossierReads.CanRead(Me, Site.Id);
    public bool CanRequestDossiers => AccessRules.CanGenerateDossiers(Me);
    public IReadOnlyList<DossierView> Dossiers { get; private set; } = [];
    public bool AnyPending => Dossiers.Any(d => d.Status == DossierStatus.Pending.Wire());
    public string? DossierProblem { get; private set; }
    public IReadOnlyList<FieldError> DossierErrors { get; private set; } = [];

    /// <summary>The request form, prefilled from the query (<c>?dossier-audit=…&amp;dossier-du=…&amp;dossier-au=…</c>, the audit page's shortcut).</summary>
    [BindProperty] public DossierForm Demande { get; set; } = new();

    public sealed class DossierForm
    {
        public string? Nature { get; set; } = DossierKind.Internal.Wire();
        public string? Mois { get; set; }
        public string? Du { get; set; }
        public string? Au { get; set; }
        public string? Audit { get; set; }
        public string? Situation { get; set; }
    }

    public Task<IActionResult> OnGetAsync(string siteId, string? mois, string? au,
        [FromQuery(Name = "dossier-audit")] string? dossierAudit, [FromQuery(Name = "dossier-du")] string? dossierFrom,
        [FromQuery(Name = "dossier-au")] string? dossierTo, CancellationToken ct)
    {
        if (dossierAudit is not null || dossierFrom is not null || dossierTo is not null)
            Demande = new DossierForm { Audit = dossierAudit, Du = dossierFrom, Au = dossierTo };
        return LoadAsync(siteId, mois, au, ct);
    }

    /// <summary>Asks for a dossier with the API's command: the request event and the render message commit together (outbox).</summary>
    public async Task<IActionResult> OnPostDossierAsync(string siteId, CancellationToken ct)
    {
        if (!AccessRules.CanReadSite(Me, siteId) || !AccessRules.CanGenerateDossiers(Me)) return Refused();
        var (from, to) = Period(Demande);
        var outcome = await SendAsync<DossierAccepted>(
            new RequestDossier(Demande.Nature, from, to, Demande.Audit, SituationInstant(Demande.Situation)) { SiteId = siteId });
        if (!outcome.Succeeded)
        {
            if (outcome.Status == StatusCodes.Status404NotFound) return NotFound();
            DossierProblem = outcome.Sentence;
            DossierErrors = outcome.Errors;
            var page = await LoadAsync(siteId, null, null, ct);
            Response.StatusCode = outcome.Status;
            return page;
        }
        Notice = "Dossier demandé : il est en préparation. Actualisez la page dans quelques secondes pour le télécharger.";
        return Redirect($"/sites/{siteId}#dossiers");
    }

    /// <summary>"Du … au …" when given (even partly, so that the endpoint names what is missing), else the chosen month.</summary>
    private static (string? From, string? To) Period(DossierForm f)
    {
        if (!string.IsNullOrWhiteSpace(f.Du) || !string.IsNullOrWhiteSpace(f.Au)) return (f.Du?.Trim(), f.Au?.Trim());
        if (DateOnly.TryParseExact(f.Mois?.Trim(), "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m))
            return (m.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), m.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return (f.Mois, f.Mois);
    }

    /// <summary>"Situation au" a day: the end of that Paris day; today or empty: now (the endpoint's default).</summary>
    private string? SituationInstant(string? day)
    {
        if (string.IsNullOrWhiteSpace(day)) return null;
        if (!DateOnly.TryParseExact(day.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return day;
        if (d == Today) return null;
        return EndOf(d)?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);
    }

    private static DateTimeOffset? EndOf(DateOnly day) => ParisTime.FromLocal(day.AddDays(1).ToDateTime(TimeOnly.MinValue)).Instant?.AddTicks(-1);

    /// <summary>The French name of a request field, for the error list.</summary>
    public static string FieldLabel(string field) => field switch
    {
        "kind" => "Nature",
        "from" => "Du",
        "to" => "Au",
        "auditId" => "Audit",
        "asOf" => "Situation au",
        _ => field,
    };

    /// <summary>« en préparation », « prêt », « échec : raison ».</summary>
    public static string StatusWords(DossierView d) => WireNames.Parse<DossierStatus>(d.Status) switch
    {
        DossierStatuses.Pending => "en préparation",
        DossierStatuses.Ready => "prêt",
        _ => $"échec : {d.FailureReason ?? "raison inconnue"}",
    };

    public static string StatusClass(string status) => WireNames.Parse<DossierStatus>(status) switch
    {
        DossierStatuses.Ready => "good",
        DossierStatuses.Failed => "bad",
        _ => "neutral",
    };

    private async Task<IActionResult> LoadAsync(string siteId, string? mois, string? au, CancellationToken ct)
    {
        if (!AccessRules.CanReadSite(Me, siteId)) return Refused();
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return NotFound();

        var audits = await AuditReads.OfSiteAsync(session, siteId, ct);
        Site = SiteView.From(site, LabelStatus.Of(audits, Now));
        Audits = audits.Select(a => AuditSummary.From(a, Today)).ToList();
        var live = audits.Where(a => a.State != AuditState.Closed).ToList();
        OpenFindings = live.SelectMany(a => a.Findings.Where(f => f.IsOpen).Select(f => (a, f))).OrderBy(x => x.f.RecordedAt).ToList();
        OpenActions = ActionReads.Open(live, Today, overdueOnly: false);

        Month = DateOnly.TryParseExact(mois, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var m)
            ? m : LastCompleteMonth(Today);
        AsOfDay = DateOnly.TryParseExact(au, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d < Today ? d : null;
        var asOf = AsOfDay is { } day ? EndOf(day) : null;
        var asOfText = asOf?.ToString("yyyy-MM-ddTHH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture);

        var answer = await SiteComplianceQuery.ForAsync(session, catalog, Site.Id, Month.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Month.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), asOfText, null, Now, ct);
        Compliance = answer.Value;
        if (!answer.Succeeded) ComplianceProblem = answer.Sentence;

        // The chart: what the report of each of the last 12 months says, as of the same instant, in one query.
        foreach (var month in await SiteComplianceHistory.MonthsAsync(session, catalog, site, Month, 12, asOf ?? Now, null, ct) ?? [])
        {
            if (!History.TryGetValue(month.Indicator, out var list)) History[month.Indicator] = list = [];
            list.Add(new MonthShare(month.Month, month.Share, month.N));
        }

        if (CanReadDossiers && (await DossierReads.OfSiteAsync(session, Me, siteId, ct)).Value is { } dossiers)
            Dossiers = dossiers;
        Demande.Mois ??= Month.AddMonths(MonthInProgress ? -1 : 0).ToString("yyyy-MM", CultureInfo.InvariantCulture);
        return Page();
    }

    public static string VerdictClass(Verdict v) => v switch
    {
        Verdict.Compliant => "good",
        Verdict.AtRisk => "warn",
        Verdict.NonCompliant => "bad",
        _ => "neutral",
    };
}
