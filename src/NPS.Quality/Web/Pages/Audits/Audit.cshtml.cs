using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages.Audits;

/// <summary>
/// One audit. Its site's readers see it; auditors act on it: start, record findings, fill in the deviation sheets (cause,
/// immediate correction, effectiveness check, acknowledgement by the site), add and complete corrective actions, lift
/// findings, conclude, close. Every form sends the API's command with the audit version the page showed, so a concurrent
/// change is refused exactly as on the API. Concluding, closing and lifting go through a confirmation step that states
/// the consequence; the conclusion form offers only what the label rules allow (<see cref="ConclusionRules"/>), with no
/// choice made in advance. A refusal is shown next to the form it answers.
/// </summary>
public sealed class AuditModel(IQuerySession session, ReferentialCatalog catalog, TimeProvider clock) : WebPage(clock)
{
    public AuditView Audit { get; private set; } = null!;
    public Site Site { get; private set; } = null!;
    public IReadOnlyList<Engagement> Engagements { get; private set; } = [];
    public bool CanManage => AccessRules.CanManageAudits(Me);
    public bool CanRequestDossiers => AccessRules.CanGenerateDossiers(Me);

    /// <summary>The dossier shortcut's period: the last complete month before the audit (or before today, for an audit to come).</summary>
    public (DateOnly From, DateOnly To) DossierPeriod
    {
        get
        {
            var before = Audit.PlannedOn < Today ? Audit.PlannedOn : Today;
            var from = new DateOnly(before.Year, before.Month, 1).AddMonths(-1);
            return (from, from.AddMonths(1).AddDays(-1));
        }
    }
    public string? Problem { get; private set; }
    public IReadOnlyList<FieldError> Errors { get; private set; } = [];

    /// <summary>Where the refusal is shown: "start", "finding", "conclude", "close", or "finding:{id}" for a finding's forms.</summary>
    public string? ProblemAt { get; private set; }

    /// <summary>The step waiting for confirmation, if any.</summary>
    public Confirmation? Pending { get; private set; }

    /// <summary>What the auditor is about to do and what it means, with the values to send again on confirmation.</summary>
    public sealed record Confirmation(string Handler, string Title, string Consequence, string Button, IReadOnlyDictionary<string, string?> Fields, string At);

    public async Task<IActionResult> OnGetAsync(string auditId, CancellationToken ct) => await LoadAsync(auditId, false, ct) ?? Page();

    public Task<IActionResult> OnPostStartAsync(string auditId, int version, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, "start", "Audit démarré.", new StartAudit(version) { AuditId = auditId }, ct);

    public Task<IActionResult> OnPostFindingAsync(string auditId, int version, string? category, string? engagement, string? statement,
        string? evidence, string? samples, CancellationToken ct)
        => ActAsync<AuditItemCreated>(auditId, "finding", "Constat enregistré.",
            new RecordFinding(category, engagement, statement, new Evidence(evidence, SampleList(samples)), version) { AuditId = auditId }, ct);

    public Task<IActionResult> OnPostActionAsync(string auditId, string findingId, int version, string? description, string? owner,
        string? dueOn, CancellationToken ct)
        => ActAsync<AuditItemCreated>(auditId, $"finding:{findingId}", "Action corrective ajoutée.",
            new AddCorrectiveAction(description, owner, Day(dueOn), version) { AuditId = auditId, FindingId = findingId }, ct);

    public Task<IActionResult> OnPostCompleteAsync(string auditId, string findingId, string actionId, int version, string? proof, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, $"finding:{findingId}", "Action corrective réalisée.",
            new CompleteCorrectiveAction(proof, version) { AuditId = auditId, FindingId = findingId, ActionId = actionId }, ct);

    public Task<IActionResult> OnPostCauseAsync(string auditId, string findingId, int version, string? analysis, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, $"finding:{findingId}", "Analyse des causes enregistrée.",
            new AnalyseCause(analysis, version) { AuditId = auditId, FindingId = findingId }, ct);

    public Task<IActionResult> OnPostCorrectionAsync(string auditId, string findingId, int version, string? description, string? doneOn, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, $"finding:{findingId}", "Correction immédiate enregistrée.",
            new RecordImmediateCorrection(description, Day(doneOn), version) { AuditId = auditId, FindingId = findingId }, ct);

    public Task<IActionResult> OnPostEffectivenessAsync(string auditId, string findingId, int version, string? checkedOn, string? checkedBy,
        string? result, string? comment, CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, $"finding:{findingId}", "Vérification d'efficacité enregistrée.",
            new CheckEffectiveness(Day(checkedOn), checkedBy, result switch { "effective" => true, "not_effective" => false, _ => null }, comment, version)
                { AuditId = auditId, FindingId = findingId }, ct);

    public Task<IActionResult> OnPostAcknowledgeAsync(string auditId, string findingId, int version, string? name, string? role, string? acknowledgedOn,
        CancellationToken ct)
        => ActAsync<AuditChanged>(auditId, $"finding:{findingId}", "Prise de connaissance du site enregistrée.",
            new AcknowledgeFinding(name, role, Day(acknowledgedOn), version) { AuditId = auditId, FindingId = findingId }, ct);

    public async Task<IActionResult> OnPostLiftAsync(string auditId, string findingId, int version, bool confirmed, CancellationToken ct)
    {
        var at = $"finding:{findingId}";
        if (confirmed) return await ActAsync<AuditChanged>(auditId, at, "Constat levé.", new CloseFinding(version) { AuditId = auditId, FindingId = findingId }, ct);
        if (await LoadAsync(auditId, write: true, ct) is { } refused) return refused;
        if (Loaded.FindFinding(findingId) is not { } f) return NotFound();
        var name = f.Sheet is { } sheet ? $"la non-conformité de la fiche {sheet}" : $"ce {FindingCategories.Labels[f.Category]}";
        var consequence = f.Category == FindingCategory.MajorNc
            ? $"Lever {name} atteste, sur preuve, que la non-conformité majeure est corrigée : elle cesse de bloquer le label. Ce n'est plus modifiable ensuite."
            : $"Lever {name} le marque comme traité : ni action ni fiche ne pourront plus y être ajoutées.";
        Pending = new Confirmation("Lift", $"Lever {name} ?", consequence, "Confirmer la levée",
            new Dictionary<string, string?> { ["version"] = version.ToString(CultureInfo.InvariantCulture), ["findingId"] = findingId }, at);
        return Page();
    }

    public async Task<IActionResult> OnPostConcludeAsync(string auditId, int version, string? conclusion, string? statement, string? liftBy, bool confirmed,
        CancellationToken ct)
    {
        var command = new ConcludeAudit(conclusion, statement, version, Day(liftBy)) { AuditId = auditId };
        if (confirmed) return await ActAsync<AuditChanged>(auditId, "conclude", "Audit conclu.", command, ct);
        if (await LoadAsync(auditId, write: true, ct) is { } refused) return refused;
        // The same pure decision as the handler, before asking for confirmation: a refusal is explained in place at once.
        var decision = ConcludeAuditHandler.Decide(Loaded, command, Who, Now);
        if (decision.Refusal is { } refusal) return ShowRefusal(Outcome<AuditChanged>.Refused(refusal), "conclude");
        var chosen = WireNames.Parse<AuditConclusion>(conclusion)!.Value;
        Pending = new Confirmation("Conclude", $"Conclure : {Conclusions.Labels[chosen]} ?",
            ConclusionRules.Consequence(Loaded, chosen, Today, Day(liftBy)), "Confirmer la conclusion",
            new Dictionary<string, string?>
            {
                ["version"] = version.ToString(CultureInfo.InvariantCulture), ["conclusion"] = conclusion, ["statement"] = statement, ["liftBy"] = liftBy,
            }, "conclude");
        return Page();
    }

    public async Task<IActionResult> OnPostCloseAsync(string auditId, int version, bool confirmed, CancellationToken ct)
    {
        if (confirmed) return await ActAsync<AuditChanged>(auditId, "close", "Audit clôturé.", new CloseAudit(version) { AuditId = auditId }, ct);
        if (await LoadAsync(auditId, write: true, ct) is { } refused) return refused;
        if (AuditRules.CanClose(Loaded) is { } cannot) return ShowRefusal(Outcome<AuditChanged>.Invalid([cannot]), "close");
        Pending = new Confirmation("Close", "Clôturer l'audit ?",
            "La clôture arrête l'audit : ses constats, fiches d'écart et actions ne pourront plus être modifiés. Un nouvel audit sera nécessaire pour tout nouveau constat.",
            "Confirmer la clôture", new Dictionary<string, string?> { ["version"] = version.ToString(CultureInfo.InvariantCulture) }, "close");
        return Page();
    }

    private async Task<IActionResult> ActAsync<T>(string auditId, string at, string done, object command, CancellationToken ct) where T : class
    {
        if (await LoadAsync(auditId, write: true, ct) is { } refused) return refused;
        var outcome = await SendAsync<T>(command);
        if (outcome.Succeeded)
        {
            Notice = done;
            return Redirect($"/audits/{auditId}");
        }
        // Show the audit as it is now (a conflict means it changed).
        await LoadAsync(auditId, write: true, ct);
        return ShowRefusal(outcome, at);
    }

    private IActionResult ShowRefusal<T>(Outcome<T> outcome, string at) where T : class
    {
        Problem = outcome.Status == StatusCodes.Status409Conflict
            ? "L'audit a été modifié entre-temps par quelqu'un d'autre : la page est rechargée, vérifiez puis recommencez."
            : outcome.Sentence;
        Errors = outcome.Errors;
        ProblemAt = at;
        Response.StatusCode = outcome.Status;
        return Page();
    }

    /// <summary>The audit as loaded, for the pure rules the confirmation steps apply.</summary>
    private Audit Loaded { get; set; } = null!;

    private static IReadOnlyList<string>? SampleList(string? text)
        => string.IsNullOrWhiteSpace(text) ? null : text.Split([',', ';', ' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private async Task<IActionResult?> LoadAsync(string auditId, bool write, CancellationToken ct)
    {
        if (write && !CanManage) return Refused();
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return NotFound();
        if (!AccessRules.CanReadAuditsOf(Me, audit.SiteId)) return Refused();
        Loaded = audit;
        var pinned = await catalog.FindAsync(session, audit.Referential, audit.ReferentialVersion, ct);
        Audit = AuditView.From(audit, Today, pinned);
        Engagements = pinned?.Engagements ?? [];
        Site = (await session.LoadAsync<Site>(audit.SiteId, ct))!;
        return null;
    }

    private static DateOnly? Day(string? text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
}
