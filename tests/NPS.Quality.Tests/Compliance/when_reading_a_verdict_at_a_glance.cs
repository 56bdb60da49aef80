using NPS.Quality.Compliance;
using Shouldly;

namespace NPS.Quality.Tests.Compliance;

/// <summary>
/// The cases: 15 of 29 within 20 minutes (51,7 %, interval 34–69 %, target 80 %, minimum 30) is still
/// "données insuffisantes" by the rule, but already reads "tendance : non conforme"; a share a hair above the target
/// needs thousands of samples, which is out of reach and said so.
/// </summary>
public sealed class when_reading_a_verdict_at_a_glance
{
    [Fact]
    public void below_the_minimum_the_verdict_stays_insufficient_but_the_tendency_is_said()
    {
        var s = Statistics.Compute(Enumerable.Range(0, 29).Select(i => i < 15 ? 10m : 35m), 20m, 0.8, 30);
        s.Verdict.ShouldBe(Verdict.InsufficientData);
        s.Share!.Value.ShouldBe(0.5172, 0.0001);
        var tendency = VerdictReading.Tendency(s.Verdict, s.N, s.Share, s.WilsonLow, 0.8);
        tendency.ShouldBe(Verdict.NonCompliant);
        VerdictReading.Words(s.Verdict, tendency).ShouldBe("Données insuffisantes — tendance : non conforme");
    }

    [Theory]
    [InlineData(29, 29, Verdict.Compliant)]   // 29/29: lower bound 88 % ≥ 80 %
    [InlineData(25, 29, Verdict.AtRisk)]      // 86 %, lower bound 69 %
    [InlineData(20, 29, Verdict.NonCompliant)]
    public void the_tendency_follows_the_verdict_rule_on_the_figures_so_far(int within, int n, Verdict expected)
    {
        var (low, _) = Statistics.Wilson(within, n);
        VerdictReading.Tendency(Verdict.InsufficientData, n, (double)within / n, low, 0.8).ShouldBe(expected);
    }

    [Fact]
    public void a_concluded_verdict_or_no_sample_has_no_tendency()
    {
        VerdictReading.Tendency(Verdict.NonCompliant, 40, 0.5, 0.35, 0.8).ShouldBeNull();
        VerdictReading.Tendency(Verdict.InsufficientData, 0, null, null, 0.8).ShouldBeNull();
        VerdictReading.Words(Verdict.InsufficientData, null).ShouldBe("Données insuffisantes");
    }

    [Fact]
    public void a_site_short_of_data_shows_its_worst_sampled_indicator()
    {
        VerdictReading.Tendency(Verdict.InsufficientData, [(Verdict.InsufficientData, 29, 0.517, 0.34, 0.8), (Verdict.Compliant, 60, 0.95, 0.86, 0.8), (Verdict.InsufficientData, 0, null, null, 0.8)])
            .ShouldBe(Verdict.NonCompliant);
        VerdictReading.Tendency(Verdict.InsufficientData, [(Verdict.InsufficientData, 0, null, null, 0.8)]).ShouldBeNull();
        VerdictReading.Tendency(Verdict.AtRisk, [(Verdict.AtRisk, 40, 0.85, 0.7, 0.8)]).ShouldBeNull();
    }

    [Theory]
    [InlineData(0, 30, 30, "—")]
    [InlineData(1, 29, 30, "1 échantillon")]
    [InlineData(12, 40, 30, "12 échantillons")]
    public void samples_still_needed_are_counted_with_their_noun(int needed, int n, int minimum, string expected)
        => VerdictReading.Needed(needed, n, minimum).ShouldBe(expected);

    [Fact]
    public void samples_far_beyond_a_month_are_out_of_reach()
    {
        var s = Statistics.Compute(Enumerable.Range(0, 200).Select(i => i < 161 ? 10m : 35m), 20m, 0.8, 30); // 80,5 %
        s.Verdict.ShouldBe(Verdict.AtRisk);
        s.SamplesNeeded.ShouldBeGreaterThan(400);
        VerdictReading.OutOfReach(s.SamplesNeeded, s.N, 30).ShouldBeTrue();
        VerdictReading.Needed(s.SamplesNeeded, s.N, 30).ShouldStartWith("hors de portée ce mois : ");
        VerdictReading.Needed(s.SamplesNeeded, s.N, 30).ShouldContain("de plus à la même part");
    }

    [Fact]
    public void a_month_bar_takes_that_months_verdict()
    {
        VerdictReading.OfMonth(29, 29, 0.8, 30).ShouldBe(Verdict.InsufficientData);
        VerdictReading.OfMonth(40, 34, 0.8, 30).ShouldBe(Verdict.AtRisk);  // 85 % but the interval reaches below 80 %
        VerdictReading.OfMonth(100, 95, 0.8, 30).ShouldBe(Verdict.Compliant);
        VerdictReading.OfMonth(40, 20, 0.8, 30).ShouldBe(Verdict.NonCompliant);
        VerdictReading.OfMonth(0, 0, 0.8, 30).ShouldBe(Verdict.InsufficientData);
    }
}
