namespace NPS.Quality.Compliance;

public enum Verdict
{
    Compliant,
    AtRisk,
    InsufficientData,
    NonCompliant,
}

/// <summary>The figures of one (site, indicator, period).</summary>
public sealed record IndicatorStatistics(
    int N,
    int WithinThreshold,
    double? Share,
    double? WilsonLow,
    double? WilsonHigh,
    decimal? Median,
    decimal? P90,
    decimal? Max,
    Verdict Verdict,
    int SamplesNeeded);

/// <summary>
/// "Statistics for a verdict" (domain.md), as pure functions.
/// <list type="bullet">
/// <item>Wilson score interval at 95 % (z = 1.96).</item>
/// <item>Percentiles by linear interpolation between closest ranks (the "R-7" method, as Excel's PERCENTILE.INC and
/// PostgreSQL's percentile_cont): rank h = (n − 1)·q, value = x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). The median is q = 0.5.</item>
/// <item>Verdict: insufficient data when n is below the minimum; compliant when the lower Wilson bound reaches the
/// target; at risk when the share reaches the target but the lower bound does not; non compliant when the share is
/// below the target.</item>
/// <item>Samples needed: 0 once concluded (compliant or non compliant). Otherwise, if the share reaches the target,
/// how many more samples at the same share bring the lower Wilson bound up to the target (the Wilson form of
/// n = z²p(1−p)/E² with E = p − target, which <see cref="SampleSizeFor"/> gives); never less than what the minimum
/// still requires. Below the target (or with no sample), only the minimum is counted.</item>
/// <item>Worst first: non compliant, insufficient data, at risk, compliant (a site with too few samples cannot
/// claim the label either).</item>
/// </list>
/// </summary>
public static class Statistics
{
    public const double Z = 1.96;

    public static (double Low, double High) Wilson(int k, int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        var p = (double)k / n;
        var z2 = Z * Z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2.0 * n)) / denominator;
        var half = Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }

    /// <summary>Percentile q in [0, 1] of values sorted ascending (R-7 linear interpolation).</summary>
    public static decimal Percentile(IReadOnlyList<decimal> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("no value", nameof(sorted));
        var h = (sorted.Count - 1) * q;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        var fraction = (decimal)(h - lower);
        return Math.Round(sorted[lower] + fraction * (sorted[upper] - sorted[lower]), 4);
    }

    /// <summary>n = z²p(1−p)/E², rounded up: 385 for ±5 points at p = 0.5, 139 at p = 0.9.</summary>
    public static int SampleSizeFor(double p, double margin)
        => (int)Math.Ceiling(Math.Round(Z * Z * p * (1 - p) / (margin * margin), 6));

    public static Verdict VerdictFor(int n, double share, double wilsonLow, double target, int minimumSamples)
        => n < minimumSamples || n == 0 ? Verdict.InsufficientData
            : wilsonLow >= target ? Verdict.Compliant
            : share >= target ? Verdict.AtRisk
            : Verdict.NonCompliant;

    public static int SamplesNeeded(Verdict verdict, int n, double? share, double target, int minimumSamples)
    {
        if (verdict is Verdict.Compliant or Verdict.NonCompliant) return 0;
        var byMinimum = Math.Max(0, minimumSamples - n);
        if (share is not { } p || p < target) return byMinimum;
        return Math.Max(byMinimum, Math.Max(0, SizeToClear(p, target) - n));
    }

    /// <summary>
    /// The smallest n at which a share p keeps the lower Wilson bound at or above the target (p on the target never
    /// does: then the ±1 point size, z²p(1−p)/0.01²).
    /// </summary>
    public static int SizeToClear(double p, double target)
    {
        const int ceiling = 1_000_000;
        if (p <= target || LowerBound(p, ceiling) < target) return SampleSizeFor(p, 0.01);
        int lo = 1, hi = ceiling;
        while (lo < hi)
        {
            var mid = lo + (hi - lo) / 2;
            if (LowerBound(p, mid) >= target) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    private static double LowerBound(double p, int n)
    {
        var z2 = Z * Z;
        var denominator = 1 + z2 / n;
        return (p + z2 / (2.0 * n) - Z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n))) / denominator;
    }

    /// <summary>
    /// The figures that need only the counts — n, within the threshold (k), share, Wilson bounds, verdict — exactly as
    /// <see cref="Compute"/> gives them for delays with the same counts (same rounding, same verdict). What a view of many
    /// sites shows, read as grouped counts instead of every delay.
    /// </summary>
    public static (double? Share, double? WilsonLow, Verdict Verdict) FromCounts(int n, int k, double target, int minimumSamples)
    {
        if (n == 0) return (null, null, Verdict.InsufficientData);
        var share = (double)k / n;
        var (low, _) = Wilson(k, n);
        return (Math.Round(share, 4), Math.Round(low, 4), VerdictFor(n, share, low, target, minimumSamples));
    }

    /// <summary>All the figures for one indicator; <paramref name="delays"/> need not be sorted.</summary>
    public static IndicatorStatistics Compute(IEnumerable<decimal> delays, decimal threshold, double target, int minimumSamples)
    {
        var sorted = delays.ToList();
        sorted.Sort();
        var n = sorted.Count;
        if (n == 0)
            return new(0, 0, null, null, null, null, null, null, Verdict.InsufficientData,
                SamplesNeeded(Verdict.InsufficientData, 0, null, target, minimumSamples));

        var k = 0;
        foreach (var d in sorted) if (d <= threshold) k++;
        var share = (double)k / n;
        var (low, high) = Wilson(k, n);
        var verdict = VerdictFor(n, share, low, target, minimumSamples);
        return new(n, k, Math.Round(share, 4), Math.Round(low, 4), Math.Round(high, 4),
            Percentile(sorted, 0.5), Percentile(sorted, 0.9), sorted[^1], verdict,
            SamplesNeeded(verdict, n, share, target, minimumSamples));
    }

    public static int Severity(Verdict v) => v switch
    {
        Verdict.Compliant => 0,
        Verdict.AtRisk => 1,
        Verdict.InsufficientData => 2,
        Verdict.NonCompliant => 3,
        _ => 0,
    };

    public static Verdict Worst(IEnumerable<Verdict> verdicts)
        => verdicts.Aggregate(Verdict.Compliant, (a, b) => Severity(b) > Severity(a) ? b : a);

    public static string Label(Verdict v) => v switch
    {
        Verdict.Compliant => "Conforme",
        Verdict.AtRisk => "À surveiller",
        Verdict.InsufficientData => "Données insuffisantes",
        Verdict.NonCompliant => "Non conforme",
        _ => "",
    };
}
