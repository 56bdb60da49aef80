using NPS.Quality.Shared;

namespace NPS.Quality.Audits;

/// <summary>
/// Which conclusions the label rules allow, pure ("Conclusions and the label" in the domain notes). The same rule answers
/// the API (400 naming <c>conclusion</c>), the audit page (only the allowed choices are offered) and the dossier's closing
/// statement (<see cref="LabelStatement"/>):
/// <list type="bullet">
/// <item>a major NC open: unfavourable, or favourable subject to the lifting of the major NCs by a deadline;</item>
/// <item>a minor NC open (no major): favourable with reservations, or unfavourable;</item>
/// <item>no NC open: favourable, favourable with reservations, or unfavourable.</item>
/// </list>
/// </summary>
public static class ConclusionRules
{
    /// <summary>The usual delay to lift a major NC when the auditor states none.</summary>
    public const int DefaultLiftMonths = 3;

    /// <summary>The longest delay an auditor may give to lift a major NC.</summary>
    public const int MaxLiftMonths = 6;

    public static IReadOnlyList<Finding> OpenMajor(Audit audit) => audit.Findings.Where(f => f.IsOpen && f.Category == FindingCategory.MajorNc).ToList();

    public static IReadOnlyList<Finding> OpenMinor(Audit audit) => audit.Findings.Where(f => f.IsOpen && f.Category == FindingCategory.MinorNc).ToList();

    public static IReadOnlyList<AuditConclusion> Allowed(Audit audit)
    {
        if (OpenMajor(audit).Count > 0) return [AuditConclusion.FavorableSubjectToMajorNcLifting, AuditConclusion.Unfavorable];
        if (OpenMinor(audit).Count > 0) return [AuditConclusion.FavorableWithReservations, AuditConclusion.Unfavorable];
        return [AuditConclusion.Favorable, AuditConclusion.FavorableWithReservations, AuditConclusion.Unfavorable];
    }

    /// <summary>Null when <paramref name="conclusion"/> is allowed; otherwise the refusal naming <c>conclusion</c> and the allowed choices.</summary>
    public static FieldError? Check(Audit audit, AuditConclusion conclusion)
    {
        var allowed = Allowed(audit);
        if (allowed.Contains(conclusion)) return null;
        var major = OpenMajor(audit);
        var why = major.Count > 0
            ? $"{Quantity(major.Count, "une NC majeure est ouverte", "{0} NC majeures sont ouvertes")} (fiche{(major.Count > 1 ? "s" : "")} n° {Sheets(major)})"
            : OpenMinor(audit) is { Count: > 0 } minor
                ? $"{Quantity(minor.Count, "une NC mineure est ouverte", "{0} NC mineures sont ouvertes")} (fiche{(minor.Count > 1 ? "s" : "")} n° {Sheets(minor)})"
                : "aucune non-conformité n'est ouverte";
        return new FieldError("conclusion",
            $"« {Conclusions.Labels[conclusion]} » est impossible : {why} ; avis possibles : {string.Join(" ou ", allowed.Select(c => $"« {Conclusions.Labels[c]} »"))}",
            Value: conclusion.Wire());
    }

    /// <summary>The deadline to lift the major NCs: the one stated, else <see cref="DefaultLiftMonths"/> after the conclusion.</summary>
    public static DateOnly LiftDeadline(DateOnly concludedOn, DateOnly? stated) => stated ?? concludedOn.AddMonths(DefaultLiftMonths);

    /// <summary>A stated deadline must fall after the conclusion and within <see cref="MaxLiftMonths"/>.</summary>
    public static FieldError? CheckDeadline(DateOnly concludedOn, DateOnly? stated)
    {
        if (stated is not { } d) return null;
        if (d <= concludedOn) return new FieldError("liftBy", $"le délai de levée doit être postérieur à la conclusion ({Fr.Date(concludedOn)})", Value: d.ToString("yyyy-MM-dd"));
        if (d > concludedOn.AddMonths(MaxLiftMonths))
            return new FieldError("liftBy", $"le délai de levée ne peut dépasser {MaxLiftMonths} mois après la conclusion ({Fr.Date(concludedOn.AddMonths(MaxLiftMonths))})",
                Value: d.ToString("yyyy-MM-dd"));
        return null;
    }

    /// <summary>What concluding so means for the label: the sentence shown before the auditor confirms.</summary>
    public static string Consequence(Audit audit, AuditConclusion conclusion, DateOnly concludedOn, DateOnly? liftBy)
    {
        var major = OpenMajor(audit);
        var minor = OpenMinor(audit);
        return conclusion switch
        {
            AuditConclusion.FavorableSubjectToMajorNcLifting =>
                $"Le label ne sera pas accordé tant que {MajorPhrase(major)} ne {(major.Count > 1 ? "seront" : "sera")} pas levée{(major.Count > 1 ? "s" : "")} sur preuve, " +
                $"au plus tard le {Fr.Date(LiftDeadline(concludedOn, liftBy))}. Passé ce délai, l'avis devient défavorable.",
            AuditConclusion.Unfavorable =>
                "Le label ne sera pas accordé" + (major.Count > 0 ? $" ; {MajorPhrase(major)} devr{(major.Count > 1 ? "ont" : "a")} être levée{(major.Count > 1 ? "s" : "")} sur preuve avant un nouvel audit." : "."),
            AuditConclusion.FavorableWithReservations =>
                "Le label pourra être accordé" + (minor.Count > 0
                    ? $" ; {Quantity(minor.Count, "la NC mineure", "les {0} NC mineures")} (fiche{(minor.Count > 1 ? "s" : "")} n° {Sheets(minor)}) " +
                      $"{(minor.Count > 1 ? "appellent" : "appelle")} un plan d'actions correctives suivi jusqu'à sa réalisation."
                    : " ; les réserves sont à suivre jusqu'au prochain audit."),
            _ => "Le label pourra être accordé : aucune non-conformité n'est ouverte.",
        };
    }

    /// <summary>
    /// The closing statement's sentence on the label, as the audit stood at <paramref name="asOf"/>: never favourable
    /// while a major NC is open, and then the sheets to lift and the deadline, in plain words.
    /// </summary>
    public static string LabelStatement(Audit audit, DateOnly asOf)
    {
        var major = OpenMajor(audit);
        if (audit.Conclusion is not { } conclusion || audit.ConcludedAt is not { } at)
            return major.Count > 0
                ? $"L'audit n'est pas conclu. Le label ne peut pas être accordé tant que {MajorPhrase(major)} {(major.Count > 1 ? "ne sont" : "n'est")} pas levée{(major.Count > 1 ? "s" : "")} sur preuve."
                : "L'audit n'est pas conclu à la date d'arrêt des données : aucun avis n'est encore rendu.";
        var concludedOn = AuditCalendar.DateOf(at);
        var label = Cap(Conclusions.Labels[conclusion]);
        return conclusion switch
        {
            AuditConclusion.FavorableSubjectToMajorNcLifting when major.Count > 0 =>
                $"{label}. Le label n'est pas accordé tant que {MajorPhrase(major)} {(major.Count > 1 ? "ne sont" : "n'est")} pas levée{(major.Count > 1 ? "s" : "")} sur preuve. " +
                $"Délai de levée : au plus tard le {Fr.Date(LiftDeadline(concludedOn, audit.LiftBy))}.",
            AuditConclusion.FavorableSubjectToMajorNcLifting =>
                $"{label}. Les non-conformités majeures ont été levées sur preuve : la réserve est levée.",
            AuditConclusion.Unfavorable =>
                $"{label} : le label n'est pas accordé." + (major.Count > 0 ? $" {Cap(MajorPhrase(major))} doi{(major.Count > 1 ? "vent" : "t")} être levée{(major.Count > 1 ? "s" : "")} sur preuve avant un nouvel audit." : ""),
            AuditConclusion.FavorableWithReservations => OpenMinor(audit) is { Count: > 0 } minor
                ? $"{label} : le label peut être accordé ; les réserves portent sur {Quantity(minor.Count, "la non-conformité mineure", "les {0} non-conformités mineures")} " +
                  $"de{(minor.Count > 1 ? "s fiches" : " la fiche")} n° {Sheets(minor)}, suivie{(minor.Count > 1 ? "s" : "")} par le plan d'actions correctives."
                : $"{label} : le label peut être accordé.",
            _ => $"{label} : le label peut être accordé.",
        };
    }

    /// <summary>"la non-conformité majeure de la fiche n° FE-01" / "les non-conformités majeures des fiches n° FE-01 et FE-03".</summary>
    private static string MajorPhrase(IReadOnlyList<Finding> major) => major.Count == 1
        ? $"la non-conformité majeure de la fiche d'écart n° {Sheets(major)}"
        : $"les non-conformités majeures des fiches d'écart n° {Sheets(major)}";

    /// <summary>"FE-01", "FE-01 et FE-03", "FE-01, FE-02 et FE-04".</summary>
    public static string Sheets(IEnumerable<Finding> findings)
    {
        var numbers = findings.Select(f => f.Sheet ?? f.Engagement).ToList();
        return numbers.Count <= 1 ? string.Join("", numbers) : string.Join(", ", numbers.Take(numbers.Count - 1)) + " et " + numbers[^1];
    }

    private static string Quantity(int n, string one, string many) => n <= 1 ? one : string.Format(Fr.Culture, many, n);

    private static string Cap(string s) => s.Length == 0 ? s : char.ToUpper(s[0], Fr.Culture) + s[1..];
}
