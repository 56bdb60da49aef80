using System.Globalization;
using System.Text.Json.Serialization;
using Humanizer;
using NPS.Quality.Shared;

namespace NPS.Quality.Audits;

// ---- Vocabulary: the API's codes (wire names, unchanged) and their French labels ("Audit vocabulary" in the domain notes). ----

public enum AuditKind
{
    [JsonStringEnumMemberName("internal")] Internal,
    [JsonStringEnumMemberName("afnor")] Afnor,
}

public enum AuditType
{
    [JsonStringEnumMemberName("initial")] Initial,
    [JsonStringEnumMemberName("surveillance")] Surveillance,
    [JsonStringEnumMemberName("renewal")] Renewal,
}

public enum AuditState
{
    [JsonStringEnumMemberName("planned")] Planned,
    [JsonStringEnumMemberName("started")] Started,
    [JsonStringEnumMemberName("concluded")] Concluded,
    [JsonStringEnumMemberName("closed")] Closed,
}

public enum AuditConclusion
{
    [JsonStringEnumMemberName("favorable")] Favorable,
    [JsonStringEnumMemberName("favorable_with_reservations")] FavorableWithReservations,
    [JsonStringEnumMemberName("unfavorable")] Unfavorable,
    /// <summary>With a major NC open: favourable once every major NC is lifted on proof, by a stated deadline; no label until then.</summary>
    [JsonStringEnumMemberName("favorable_subject_to_major_nc_lifting")] FavorableSubjectToMajorNcLifting,
}

public enum FindingCategory
{
    [JsonStringEnumMemberName("PF")] StrongPoint,
    [JsonStringEnumMemberName("PP")] ImprovementTrack,
    [JsonStringEnumMemberName("PS")] SensitivePoint,
    [JsonStringEnumMemberName("PV")] VigilancePoint,
    [JsonStringEnumMemberName("NC_MINEURE")] MinorNc,
    [JsonStringEnumMemberName("NC_MAJEURE")] MajorNc,
    [JsonStringEnumMemberName("CONFORMITE")] Conformity,
}

public enum FindingStatus
{
    [JsonStringEnumMemberName("open")] Open,
    [JsonStringEnumMemberName("closed")] Closed,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
}

public enum FindingRevisionKind
{
    [JsonStringEnumMemberName("recorded")] Recorded,
    [JsonStringEnumMemberName("reworded")] Reworded,
    [JsonStringEnumMemberName("withdrawn")] Withdrawn,
    [JsonStringEnumMemberName("closed")] Closed,
}

public static class AuditKinds
{
    public static readonly IReadOnlyDictionary<AuditKind, string> Labels = new Dictionary<AuditKind, string>
    {
        [AuditKind.Internal] = "audit interne",
        [AuditKind.Afnor] = "audit externe AFNOR",
    };
}

public static class AuditTypes
{
    public static readonly IReadOnlyDictionary<AuditType, string> Labels = new Dictionary<AuditType, string>
    {
        [AuditType.Initial] = "initial",
        [AuditType.Surveillance] = "surveillance",
        [AuditType.Renewal] = "renouvellement",
    };
}

public static class AuditStates
{
    public static readonly IReadOnlyDictionary<AuditState, string> Labels = new Dictionary<AuditState, string>
    {
        [AuditState.Planned] = "planifié",
        [AuditState.Started] = "en cours",
        [AuditState.Concluded] = "conclu",
        [AuditState.Closed] = "clôturé",
    };
}

public static class Conclusions
{
    public static readonly IReadOnlyDictionary<AuditConclusion, string> Labels = new Dictionary<AuditConclusion, string>
    {
        [AuditConclusion.Favorable] = "avis favorable",
        [AuditConclusion.FavorableWithReservations] = "avis favorable avec réserves",
        [AuditConclusion.Unfavorable] = "avis défavorable",
        [AuditConclusion.FavorableSubjectToMajorNcLifting] = "avis favorable sous réserve de la levée des NC majeures",
    };
}

public static class FindingCategories
{
    public static readonly IReadOnlyDictionary<FindingCategory, string> Labels = new Dictionary<FindingCategory, string>
    {
        [FindingCategory.StrongPoint] = "point fort",
        [FindingCategory.ImprovementTrack] = "piste de progrès",
        [FindingCategory.SensitivePoint] = "point sensible",
        [FindingCategory.VigilancePoint] = "point de vigilance",
        [FindingCategory.MinorNc] = "non-conformité mineure",
        [FindingCategory.MajorNc] = "non-conformité majeure",
        [FindingCategory.Conformity] = "constat de conformité",
    };

    public static bool IsNc(FindingCategory category) => category is FindingCategory.MinorNc or FindingCategory.MajorNc;

    /// <summary>Corrective actions are for NCs, and optionally for points sensibles and points de vigilance.</summary>
    public static bool TakesActions(FindingCategory category)
        => IsNc(category) || category is FindingCategory.SensitivePoint or FindingCategory.VigilancePoint;
}

public static class FindingStatuses
{
    public static readonly IReadOnlyDictionary<FindingStatus, string> Labels = new Dictionary<FindingStatus, string>
    {
        [FindingStatus.Open] = "ouvert",
        [FindingStatus.Closed] = "levé",
        [FindingStatus.Withdrawn] = "retiré",
    };
}

public static class FindingRevisions
{
    public static readonly IReadOnlyDictionary<FindingRevisionKind, string> Labels = new Dictionary<FindingRevisionKind, string>
    {
        [FindingRevisionKind.Recorded] = "constat enregistré",
        [FindingRevisionKind.Reworded] = "constat reformulé",
        [FindingRevisionKind.Withdrawn] = "constat retiré",
        [FindingRevisionKind.Closed] = "constat levé",
    };
}

/// <summary>Configuration section "Audits": the default delay of a corrective action, in months, by finding category.</summary>
public sealed class AuditOptions
{
    public const string Section = "Audits";

    public Dictionary<string, int> DefaultDueMonths { get; set; } = new();
}

// ---- The state rules, pure: each answers nothing (allowed) or the French refusal naming its field. ----

public static class AuditRules
{
    private static string StateLabel(Audit a) => AuditStates.Labels[a.State];

    public static FieldError? CanStart(Audit audit) => audit.State == AuditState.Planned
        ? null
        : new FieldError("audit", $"seul un audit planifié peut être démarré (cet audit est {StateLabel(audit)})", Value: audit.State.Wire());

    public static FieldError? CanRecordFinding(Audit audit) => audit.State == AuditState.Started
        ? null
        : new FieldError("audit", $"les constats s'enregistrent sur un audit en cours (cet audit est {StateLabel(audit)})", Value: audit.State.Wire());

    public static FieldError? CanConclude(Audit audit, AuditConclusion conclusion)
    {
        if (audit.State != AuditState.Started)
            return new FieldError("audit", $"seul un audit en cours peut être conclu (cet audit est {StateLabel(audit)})", Value: audit.State.Wire());
        return ConclusionRules.Check(audit, conclusion);
    }

    /// <summary>
    /// Closing (the procès-verbal de clôture) needs a concluded audit whose NCs are all lifted or withdrawn and whose
    /// corrective actions are all done.
    /// </summary>
    public static FieldError? CanClose(Audit audit)
    {
        if (audit.State != AuditState.Concluded)
            return new FieldError("audit", $"seul un audit conclu peut être clôturé (cet audit est {StateLabel(audit)})", Value: audit.State.Wire());
        var openNcs = audit.Findings.Count(f => f.IsOpen && FindingCategories.IsNc(f.Category));
        if (openNcs > 0)
            return new FieldError("findings", $"clôture impossible : {openNcs} non-conformité(s) encore ouverte(s)");
        var openActions = audit.Findings.Where(f => f.Status != FindingStatus.Withdrawn).SelectMany(f => f.Actions).Count(a => a.IsOpen);
        if (openActions > 0)
            return new FieldError("actions", $"clôture impossible : {openActions} action(s) corrective(s) encore ouverte(s)");
        return null;
    }

    /// <summary>Rewording, withdrawing, acting on or lifting a finding: the audit is not closed and the finding is open.</summary>
    public static FieldError? CanChangeFinding(Audit audit, Finding finding)
    {
        if (audit.State is not (AuditState.Started or AuditState.Concluded))
            return new FieldError("audit", $"les constats ne se modifient que sur un audit en cours ou conclu (cet audit est {StateLabel(audit)})", Value: audit.State.Wire());
        if (!finding.IsOpen)
            return new FieldError("findingId", $"ce constat est {FindingStatuses.Labels[finding.Status]} : il ne peut plus être modifié", Value: finding.Id);
        return null;
    }

    public static FieldError? CanAddAction(Audit audit, Finding finding)
    {
        if (CanChangeFinding(audit, finding) is { } refusal) return refusal;
        return FindingCategories.TakesActions(finding.Category)
            ? null
            : new FieldError("findingId",
                $"les actions correctives concernent les NC, points sensibles et points de vigilance, pas un {FindingCategories.Labels[finding.Category]}",
                Value: finding.Category.Wire());
    }

    public static FieldError? CanCompleteAction(Audit audit, Finding finding, CorrectiveAction action)
    {
        if (CanChangeFinding(audit, finding) is { } refusal) return refusal;
        return action.IsOpen ? null : new FieldError("actionId", "cette action corrective est déjà réalisée", Value: action.Id);
    }

    /// <summary>
    /// Lifting a finding: no action may be open; an NC needs a corrective action plan (at least one action), and a major
    /// NC is lifted only with proof on every action.
    /// </summary>
    public static FieldError? CanCloseFinding(Audit audit, Finding finding)
    {
        if (CanChangeFinding(audit, finding) is { } refusal) return refusal;
        var open = finding.Actions.Count(a => a.IsOpen);
        if (open > 0)
            return new FieldError("actions", $"le constat ne peut être levé tant qu'une action corrective est ouverte ({open} ouverte{(open > 1 ? "s" : "")})");
        if (FindingCategories.IsNc(finding.Category) && finding.Actions.Count == 0)
            return new FieldError("actions", "une non-conformité ne se lève qu'avec un plan d'actions correctives (aucune action enregistrée)");
        if (finding.Category == FindingCategory.MajorNc && finding.Actions.Any(a => string.IsNullOrWhiteSpace(a.Proof)))
            return new FieldError("proof", "une NC majeure ne se lève qu'avec une preuve de correction sur chaque action");
        if (finding.LastCheck is { Effective: false } failed)
            return new FieldError("effectiveness",
                $"la dernière vérification d'efficacité ({Fr.Date(failed.CheckedOn)}, {failed.CheckedBy}) a conclu à une action non efficace : " +
                "la non-conformité reste ouverte ; une nouvelle action corrective, puis une vérification efficace, sont nécessaires");
        return null;
    }

    /// <summary>Cause analysis, immediate correction, acknowledgement: facts of a deviation sheet, so of an open NC of an audit not closed.</summary>
    public static FieldError? CanDocumentSheet(Audit audit, Finding finding)
    {
        if (CanChangeFinding(audit, finding) is { } refusal) return refusal;
        return FindingCategories.IsNc(finding.Category)
            ? null
            : new FieldError("findingId", $"les fiches d'écart concernent les non-conformités, pas un {FindingCategories.Labels[finding.Category]}",
                Value: finding.Category.Wire());
    }

    /// <summary>
    /// The effectiveness of the corrective actions is checked once one is done; after a check that found them not effective,
    /// the next check needs a new action done after it.
    /// </summary>
    public static FieldError? CanCheckEffectiveness(Audit audit, Finding finding)
    {
        if (CanDocumentSheet(audit, finding) is { } refusal) return refusal;
        var done = finding.Actions.Where(a => a.CompletedAt is not null).ToList();
        if (done.Count == 0)
            return new FieldError("actions", "l'efficacité se vérifie une fois une action corrective réalisée (aucune ne l'est)");
        if (finding.LastCheck is { Effective: false } failed && done.All(a => a.CompletedAt <= failed.At))
            return new FieldError("actions", "la dernière vérification a conclu à une action non efficace : réalisez d'abord une nouvelle action corrective");
        return null;
    }

    /// <summary>
    /// The default due date of a corrective action: the configured delay of its category, counted from the audit's
    /// conclusion if it is concluded, else from the finding's date. Null when the category has no default.
    /// </summary>
    public static DateOnly? DefaultDueOn(Audit audit, Finding finding, AuditOptions options)
    {
        if (!options.DefaultDueMonths.TryGetValue(finding.Category.Wire(), out var months)) return null;
        var from = AuditCalendar.DateOf(audit.ConcludedAt ?? finding.RecordedAt);
        return from.AddMonths(months);
    }
}

/// <summary>Calendar dates are Paris dates; delays are phrased in French with Humanizer.</summary>
public static class AuditCalendar
{
    public static DateOnly DateOf(DateTimeOffset instant) => Shared.ParisTime.DateOf(instant);

    public static bool IsOverdue(CorrectiveAction action, DateOnly today) => action.IsOpen && action.DueOn < today;

    /// <summary>"échéance dans 3 semaines", "échéance aujourd'hui", "en retard de 2 jours", "réalisée le 5 mars 2018".</summary>
    public static string DuePhrase(CorrectiveAction action, DateOnly today)
    {
        if (action.CompletedAt is { } done) return $"réalisée le {Fr.Date(DateOf(done))}";
        var days = action.DueOn.DayNumber - today.DayNumber;
        if (days == 0) return "échéance aujourd'hui";
        var (from, to) = days > 0 ? (today, action.DueOn) : (action.DueOn, today);
        var phrase = Fr.Distance(from, to).Humanize(culture: Fr.Culture, maxUnit: Humanizer.TimeUnit.Month, minUnit: Humanizer.TimeUnit.Day);
        return days > 0 ? $"échéance dans {phrase}" : $"en retard de {phrase}";
    }
}
