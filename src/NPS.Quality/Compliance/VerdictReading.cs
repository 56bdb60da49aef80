namespace NPS.Quality.Compliance;

/// <summary>
/// How a verdict reads at a glance, pure. The verdict rule (<see cref="Statistics.VerdictFor"/>) is untouched: below the
/// minimum sample count it stays "Données insuffisantes", but the figures already lean one way and the page says so
/// ("Données insuffisantes — tendance : non conforme"); and the samples still needed are phrased as out of reach when
/// the share sits so close to the target that no realistic month would conclude.
/// </summary>
public static class VerdictReading
{
    /// <summary>What the figures show when there are too few of them to conclude; null when the verdict stands on its own or there is no sample.</summary>
    public static Verdict? Tendency(Verdict verdict, int n, double? share, double? wilsonLow, double target)
        => verdict != Verdict.InsufficientData || n <= 0 || share is not { } p ? null
            : wilsonLow >= target ? Verdict.Compliant
            : p >= target ? Verdict.AtRisk
            : Verdict.NonCompliant;

    public static Verdict? Tendency(IndicatorCompliance i) => Tendency(i.Verdict, i.N, i.Share, i.WilsonLow, i.Target);

    /// <summary>"Non conforme", or "Données insuffisantes — tendance : non conforme".</summary>
    public static string Words(Verdict verdict, Verdict? tendency)
        => tendency is { } t ? $"{Statistics.Label(verdict)} — tendance : {Statistics.Label(t).ToLowerInvariant()}" : Statistics.Label(verdict);

    public static string Words(IndicatorCompliance i) => Words(i.Verdict, Tendency(i));

    /// <summary>
    /// A site (or group) short of data: the worst of what its sampled indicators show (their tendency, or their verdict when
    /// they concluded); null when the verdict stands on its own or nothing is sampled yet.
    /// </summary>
    public static Verdict? Tendency(Verdict verdict, IEnumerable<(Verdict Verdict, int N, double? Share, double? WilsonLow, double Target)> indicators)
    {
        if (verdict != Verdict.InsufficientData) return null;
        var shown = indicators.Where(i => i.N > 0).Select(i => Tendency(i.Verdict, i.N, i.Share, i.WilsonLow, i.Target) ?? i.Verdict).ToList();
        return shown.Count == 0 ? null : Statistics.Worst(shown);
    }

    /// <summary>
    /// Samples still needed are within reach when they at most double what the month needs anyway (the larger of the
    /// minimum and the samples already taken); beyond, the share is too close to the target to conclude this month.
    /// </summary>
    public static bool OutOfReach(int samplesNeeded, int n, int minimumSamples) => samplesNeeded > 2 * Math.Max(Math.Max(n, minimumSamples), 1);

    /// <summary>"—", "1 échantillon", "12 échantillons", or "hors de portée ce mois : 4 162 échantillons de plus à la même part".</summary>
    public static string Needed(int samplesNeeded, int n, int minimumSamples)
        => samplesNeeded <= 0 ? "—"
            : OutOfReach(samplesNeeded, n, minimumSamples)
                ? $"hors de portée ce mois : {Fr.Count(samplesNeeded, "échantillon")} de plus à la même part (part trop proche de l'objectif pour conclure)"
                : Fr.Count(samplesNeeded, "échantillon");

    /// <summary>The verdict of one month's bar of a chart: the same rule on that month's counts.</summary>
    public static Verdict OfMonth(int n, int withinThreshold, double target, int minimumSamples)
    {
        if (n <= 0) return Verdict.InsufficientData;
        var (low, _) = Statistics.Wilson(withinThreshold, n);
        return Statistics.VerdictFor(n, (double)withinThreshold / n, low, target, minimumSamples);
    }
}
