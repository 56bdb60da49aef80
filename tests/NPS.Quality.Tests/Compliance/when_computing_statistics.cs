using NPS.Quality.Compliance;
using Shouldly;

namespace NPS.Quality.Tests.Compliance;

public sealed class when_computing_statistics
{
    [Theory]
    [InlineData(45, 50, 0.786, 0.957)]
    [InlineData(27, 30, 0.744, 0.965)]
    [InlineData(95, 100, 0.888, 0.978)]
    [InlineData(30, 30, 0.886, 1.000)]
    public void the_wilson_interval_matches_the_check_values(int k, int n, double low, double high)
    {
        var (l, h) = Statistics.Wilson(k, n);
        Math.Round(l, 3).ShouldBe(low);
        Math.Round(h, 3).ShouldBe(high);
    }

    [Fact]
    public void counts_alone_give_the_share_bound_and_verdict_that_the_delays_give()
    {
        // The group view reads grouped counts (n, within the threshold) instead of every delay: same figures, same verdicts.
        var random = new Random(17);
        for (var run = 0; run < 2_000; run++)
        {
            var n = random.Next(0, 400);
            var delays = Enumerable.Range(0, n).Select(_ => (decimal)random.Next(0, 40)).ToList();
            var threshold = random.Next(5, 35);
            var target = new[] { 0.5, 0.8, 0.9, 0.95 }[random.Next(4)];
            var minimum = random.Next(0, 60);
            var full = Statistics.Compute(delays, threshold, target, minimum);
            var (share, low, verdict) = Statistics.FromCounts(n, delays.Count(d => d <= threshold), target, minimum);
            (share, low, verdict).ShouldBe((full.Share, full.WilsonLow, full.Verdict), $"n={n}, threshold={threshold}, target={target}, minimum={minimum}");
        }
    }

    [Fact]
    public void percentiles_interpolate_between_closest_ranks()
    {
        decimal[] values = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        Statistics.Percentile(values, 0.5).ShouldBe(5.5m);
        Statistics.Percentile(values, 0.9).ShouldBe(9.1m);
        Statistics.Percentile(values, 1).ShouldBe(10m);
        Statistics.Percentile([7m], 0.9).ShouldBe(7m);
        Statistics.Percentile([1m, 2m, 3m], 0.5).ShouldBe(2m);
    }

    [Fact]
    public void the_sample_size_formula_gives_the_reference_values()
    {
        Statistics.SampleSizeFor(0.5, 0.05).ShouldBe(385);
        Statistics.SampleSizeFor(0.9, 0.05).ShouldBe(139);
    }

    [Theory]
    [InlineData(45, 50, 0.8, 30, Verdict.AtRisk)]       // p = 0.9 ≥ 0.8 but lower bound 0.786 < 0.8
    [InlineData(95, 100, 0.8, 30, Verdict.Compliant)]   // lower bound 0.888 ≥ 0.8
    [InlineData(30, 30, 0.8, 30, Verdict.Compliant)]
    [InlineData(20, 30, 0.8, 30, Verdict.NonCompliant)] // p = 0.667 < 0.8
    [InlineData(29, 29, 0.8, 30, Verdict.InsufficientData)]
    [InlineData(45, 50, 0.9, 50, Verdict.AtRisk)]       // p exactly on the target
    public void the_verdict_follows_the_rules(int k, int n, double target, int minimum, Verdict expected)
    {
        var delays = Enumerable.Range(0, n).Select(i => i < k ? 5m : 50m);
        Statistics.Compute(delays, 20m, target, minimum).Verdict.ShouldBe(expected);
    }

    [Fact]
    public void the_figures_of_an_indicator()
    {
        var stats = Statistics.Compute([12m, 25m, 3m, 18m, 20m], 20m, 0.8, 3);
        stats.N.ShouldBe(5);
        stats.WithinThreshold.ShouldBe(4); // the threshold itself is within
        stats.Share.ShouldBe(0.8);
        stats.Median.ShouldBe(18m);
        stats.P90.ShouldBe(23m);
        stats.Max.ShouldBe(25m);
        stats.Verdict.ShouldBe(Verdict.AtRisk);
    }

    [Fact]
    public void samples_needed_to_conclude()
    {
        var none = Statistics.Compute([], 20m, 0.8, 30);
        none.Verdict.ShouldBe(Verdict.InsufficientData);
        none.SamplesNeeded.ShouldBe(30); // p = 0.5 is below the target: the minimum is what is missing

        // 45/50 at target 0.8: the lower bound (0.786) lags; at p = 0.9 it reaches 0.8 from n = 62, so 12 more.
        var atRisk = Statistics.Compute(Enumerable.Range(0, 50).Select(i => i < 45 ? 5m : 50m), 20m, 0.8, 30);
        atRisk.Verdict.ShouldBe(Verdict.AtRisk);
        atRisk.SamplesNeeded.ShouldBe(Statistics.SizeToClear(0.9, 0.8) - 50);
        Statistics.SizeToClear(0.9, 0.8).ShouldBe(62);
        Statistics.SizeToClear(0.85, 0.8).ShouldBe(246);

        // 20/25 at the minimum 30: the minimum is missing first.
        var few = Statistics.Compute(Enumerable.Range(0, 25).Select(i => i < 20 ? 5m : 50m), 20m, 0.9, 30);
        few.Verdict.ShouldBe(Verdict.InsufficientData);
        few.SamplesNeeded.ShouldBe(5);

        Statistics.Compute(Enumerable.Range(0, 100).Select(_ => 5m), 20m, 0.8, 30).SamplesNeeded.ShouldBe(0);
    }

    [Fact]
    public void the_worst_verdict_wins()
    {
        Statistics.Worst([Verdict.Compliant, Verdict.AtRisk]).ShouldBe(Verdict.AtRisk);
        Statistics.Worst([Verdict.AtRisk, Verdict.InsufficientData, Verdict.Compliant]).ShouldBe(Verdict.InsufficientData);
        Statistics.Worst([Verdict.InsufficientData, Verdict.NonCompliant]).ShouldBe(Verdict.NonCompliant);
    }
}
