using NPS.Quality.Audits;
using NPS.Quality.Programmes;
using Shouldly;

namespace NPS.Quality.Tests.Programmes;

/// <summary>The IAF MD1 rule as pure functions: sizes, the random quarter, reproducibility from the seed, risk reasons.</summary>
public sealed class when_sampling_sites
{
    [Theory]
    [InlineData(1, 1, 1, 1)]
    [InlineData(4, 2, 2, 2)]
    [InlineData(12, 4, 3, 3)]
    [InlineData(100, 10, 6, 8)]
    [InlineData(800, 29, 17, 23)]
    public void the_size_is_the_rounded_up_root_times_the_stage_factor(int n, int initial, int surveillance, int renewal)
    {
        ProgrammeSampling.Size(AuditType.Initial, n).ShouldBe(initial);
        ProgrammeSampling.Size(AuditType.Surveillance, n).ShouldBe(surveillance);
        ProgrammeSampling.Size(AuditType.Renewal, n).ShouldBe(renewal);
    }

    [Fact]
    public void an_empty_scope_gives_an_empty_sample()
        => ProgrammeSampling.Propose(AuditType.Initial, [], 7).ShouldBeEmpty();

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(12)]
    [InlineData(100)]
    [InlineData(800)]
    public void at_least_a_quarter_of_the_sample_is_drawn_at_random(int n)
    {
        foreach (var stage in Enum.GetValues<AuditType>())
        {
            var sample = ProgrammeSampling.Propose(stage, Sites(n), seed: 20171016);
            sample.Count.ShouldBe(ProgrammeSampling.Size(stage, n));
            var random = sample.Count(s => s.Kind == SelectionKind.Random);
            (random * 4).ShouldBeGreaterThanOrEqualTo(sample.Count, $"{stage}, n = {n}");
            sample.Select(s => s.SiteId).Distinct().Count().ShouldBe(sample.Count);
        }
    }

    [Fact]
    public void the_same_seed_gives_the_same_draw_whatever_the_order_of_the_scope()
    {
        var scope = Sites(100);
        var first = ProgrammeSampling.Propose(AuditType.Initial, scope, seed: 42);
        var again = ProgrammeSampling.Propose(AuditType.Initial, scope.AsEnumerable().Reverse().ToList(), seed: 42);
        again.ShouldBe(first);
        ProgrammeSampling.Draw(scope.Select(s => s.SiteId), 3, 42).ShouldBe(ProgrammeSampling.Draw(scope.Select(s => s.SiteId), 3, 42));
    }

    [Fact]
    public void another_seed_gives_another_draw()
    {
        var ids = Sites(100).Select(s => s.SiteId).ToList();
        var draws = Enumerable.Range(1, 5).Select(seed => string.Join(",", ProgrammeSampling.Draw(ids, 3, seed))).Distinct().Count();
        draws.ShouldBeGreaterThan(1);
    }

    [Fact]
    public void the_rest_is_chosen_on_risk_with_a_reason()
    {
        SiteRisk[] scope =
        [
            new("site-a", 0, 0, 0, 0.05, new DateOnly(2026, 3, 1)),
            new("site-b", 1, 0, 0, null, new DateOnly(2026, 3, 1)),
            new("site-c", 0, 2, 1, -0.12, new DateOnly(2025, 1, 10)),
            new("site-d", 0, 0, 0, null, null),
            new("site-e", 0, 0, 0, 0.02, new DateOnly(2024, 5, 2)),
            new("site-f", 0, 0, 0, 0.10, new DateOnly(2026, 6, 1)),
            new("site-g", 0, 0, 0, 0.10, new DateOnly(2026, 6, 1)),
            new("site-h", 0, 0, 0, 0.10, new DateOnly(2026, 6, 1)),
            new("site-i", 0, 0, 0, 0.10, new DateOnly(2026, 6, 1)),
        ];
        // n = 9, initial: 3 sites, 1 at random, 2 on risk.
        var sample = ProgrammeSampling.Propose(AuditType.Initial, scope, seed: 1);
        sample.Count.ShouldBe(3);
        var random = sample.Single(s => s.Kind == SelectionKind.Random);
        random.Reason.ShouldContain("graine 1");
        var risk = sample.Where(s => s.Kind == SelectionKind.Risk).ToList();
        var expected = ProgrammeSampling.ByRisk(scope.Where(s => s.SiteId != random.SiteId)).Take(2).Select(s => s.SiteId);
        risk.Select(s => s.SiteId).ShouldBe(expected);
        ProgrammeSampling.RiskReason(scope[1]).ShouldBe("risque : 1 NC majeure ouverte, dernier audit le 1er mars 2026");
        ProgrammeSampling.RiskReason(scope[2]).ShouldBe("risque : 2 NC mineures ouvertes, 1 indicateur non conforme, indicateur le plus faible à 12 points sous sa cible, dernier audit le 10 janvier 2025");
        ProgrammeSampling.RiskReason(scope[3]).ShouldBe("risque : jamais audité");
    }

    [Fact]
    public void the_riskiest_come_first_then_the_never_audited_then_the_least_recently_audited()
    {
        SiteRisk[] scope =
        [
            new("recent", 0, 0, 0, null, new DateOnly(2026, 1, 1)),
            new("old", 0, 0, 0, null, new DateOnly(2020, 1, 1)),
            new("never", 0, 0, 0, null, null),
            new("weak", 0, 0, 1, -0.2, new DateOnly(2026, 1, 1)),
            new("minor", 0, 1, 0, null, new DateOnly(2026, 1, 1)),
            new("major", 1, 0, 0, null, new DateOnly(2026, 1, 1)),
        ];
        ProgrammeSampling.ByRisk(scope).Select(s => s.SiteId).ShouldBe(["major", "minor", "weak", "never", "old", "recent"]);
    }

    private static List<SiteRisk> Sites(int n)
        => Enumerable.Range(1, n).Select(i => new SiteRisk($"site-{i:000}", i % 7 == 0 ? 1 : 0, i % 5 == 0 ? 1 : 0, i % 3, null,
            i % 4 == 0 ? null : new DateOnly(2020 + i % 6, 1 + i % 12, 1))).ToList();
}
