using System.Text.Json.Serialization;
using NPS.Quality.Audits;
using NPS.Quality.Shared;

namespace NPS.Quality.Programmes;

/// <summary>How a site entered the sample: drawn at random (with the recorded seed) or chosen on risk.</summary>
public enum SelectionKind
{
    [JsonStringEnumMemberName("random")] Random,
    [JsonStringEnumMemberName("risk")] Risk,
    [JsonStringEnumMemberName("swap")] Swap,
}

/// <summary>What is known of a site's risk when the programme is drawn (read from audits and compliance).</summary>
/// <param name="WorstMargin">The indicator furthest below (or least above) its target over the last twelve months: share − target; null without data.</param>
public sealed record SiteRisk(string SiteId, int OpenMajorNcs, int OpenMinorNcs, int NonConformingIndicators, double? WorstMargin, DateOnly? LastAudited);

/// <summary>A site of the sample and, in French, why it is there.</summary>
public sealed record SampledSite(string SiteId, SelectionKind Kind, string Reason);

/// <summary>
/// The multi-site sampling rule (IAF MD1, "Audit programme" in the domain notes), as pure functions: √n sites at
/// initial certification, 0.6·√n at surveillance, 0.8·√n at renewal (rounded up), at least a quarter of them drawn at
/// random with a recorded seed, the rest chosen on risk.
/// </summary>
public static class ProgrammeSampling
{
    public static double Factor(AuditType stage) => stage switch
    {
        AuditType.Initial => 1.0,
        AuditType.Surveillance => 0.6,
        AuditType.Renewal => 0.8,
        _ => throw new ArgumentOutOfRangeException(nameof(stage)),
    };

    /// <summary>How many sites of <paramref name="n"/> are audited: ⌈factor·√n⌉, never more than n.</summary>
    public static int Size(AuditType stage, int n)
    {
        if (n <= 0) return 0;
        // Decimal product: 0.6 × 10 must be 6, not 6.000000000000001 rounded up to 7.
        // (√ of a perfect square is exact in double; the decimal conversions keep 15 significant digits.)
        var size = (int)Math.Ceiling((decimal)Factor(stage) * (decimal)Math.Sqrt(n));
        return Math.Clamp(size, 1, n);
    }

    /// <summary>How many of the sample are drawn at random: at least a quarter, rounded up.</summary>
    public static int RandomCount(int size) => size <= 0 ? 0 : (int)Math.Ceiling(size / 4m);

    /// <summary>
    /// <paramref name="count"/> sites drawn from the scope with the seed: the scope is sorted first (ordinal), so the
    /// draw depends only on the sites in scope and the seed. <see cref="Random(int)"/> with a seed is the stable,
    /// documented legacy generator: the same seed gives the same draw on every run and machine.
    /// </summary>
    public static IReadOnlyList<string> Draw(IEnumerable<string> scope, int count, int seed)
    {
        var pool = scope.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var random = new Random(seed);
        count = Math.Min(count, pool.Length);
        // Partial Fisher–Yates: the first `count` places are the draw, in the order drawn.
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, pool.Length);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }
        return pool[..count];
    }

    /// <summary>The riskiest first: open major NCs, open minor NCs, non-conforming indicators, widest gap below target, never or least recently audited.</summary>
    public static IEnumerable<SiteRisk> ByRisk(IEnumerable<SiteRisk> sites) => sites
        .OrderByDescending(s => s.OpenMajorNcs)
        .ThenByDescending(s => s.OpenMinorNcs)
        .ThenByDescending(s => s.NonConformingIndicators)
        .ThenBy(s => s.WorstMargin ?? 0)
        .ThenBy(s => s.LastAudited ?? DateOnly.MinValue)
        .ThenBy(s => s.SiteId, StringComparer.Ordinal);

    /// <summary>The proposed sample: first the random draw from the whole scope, then the riskiest of the other sites.</summary>
    public static IReadOnlyList<SampledSite> Propose(AuditType stage, IReadOnlyList<SiteRisk> scope, int seed)
    {
        var size = Size(stage, scope.Count);
        var randomCount = RandomCount(size);
        var drawn = Draw(scope.Select(s => s.SiteId), randomCount, seed);
        var sample = drawn.Select((id, i) => new SampledSite(id, SelectionKind.Random,
            $"tirage aléatoire {i + 1} sur {drawn.Count} (graine {seed}, parmi {scope.Count} sites)")).ToList();
        var taken = drawn.ToHashSet(StringComparer.Ordinal);
        sample.AddRange(ByRisk(scope.Where(s => !taken.Contains(s.SiteId))).Take(size - sample.Count)
            .Select(s => new SampledSite(s.SiteId, SelectionKind.Risk, RiskReason(s))));
        return sample;
    }

    /// <summary>"risque : 1 NC majeure ouverte, 2 indicateurs non conformes, jamais audité".</summary>
    public static string RiskReason(SiteRisk s)
    {
        var parts = new List<string>();
        if (s.OpenMajorNcs > 0) parts.Add(s.OpenMajorNcs == 1 ? "1 NC majeure ouverte" : $"{s.OpenMajorNcs} NC majeures ouvertes");
        if (s.OpenMinorNcs > 0) parts.Add(s.OpenMinorNcs == 1 ? "1 NC mineure ouverte" : $"{s.OpenMinorNcs} NC mineures ouvertes");
        if (s.NonConformingIndicators > 0)
            parts.Add(s.NonConformingIndicators == 1 ? "1 indicateur non conforme" : $"{s.NonConformingIndicators} indicateurs non conformes");
        if (s.WorstMargin is < 0 and var margin) parts.Add($"indicateur le plus faible à {Fr.Number((decimal)Math.Round(-margin * 100, 1))} points sous sa cible");
        parts.Add(s.LastAudited is { } last ? $"dernier audit le {Fr.Date(last)}" : "jamais audité");
        return "risque : " + string.Join(", ", parts);
    }
}
