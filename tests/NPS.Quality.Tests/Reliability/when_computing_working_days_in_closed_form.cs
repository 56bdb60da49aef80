using CsCheck;
using NPS.Quality.Samples;
using Shouldly;

namespace NPS.Quality.Tests.Reliability;

/// <summary>
/// The closed form (whole weeks × 5 plus the remainder, minus the weekday holidays in range) gives exactly what walking
/// the days one by one gave: strictly after the start date, up to and including the end date.
/// </summary>
public sealed class when_computing_working_days_in_closed_form
{
    // The rule as it was written before: one day at a time.
    private static int DayByDay(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
            if (DelayCalculator.IsWorkingDay(day)) count++;
        return count;
    }

    private static readonly Gen<(DateOnly From, DateOnly To)> Ranges =
        from start in Gen.Int[new DateOnly(1995, 1, 1).DayNumber, new DateOnly(2105, 12, 31).DayNumber]
        from span in Gen.Frequency((6, Gen.Int[0, 40]), (3, Gen.Int[0, 400]), (1, Gen.Int[-10, 3_000]))
        select (DateOnly.FromDayNumber(start), DateOnly.FromDayNumber(start + span));

    [Fact]
    public void it_equals_the_day_by_day_count_on_random_ranges()
        => Ranges.Sample(r => DelayCalculator.WorkingDays(r.From, r.To).ShouldBe(DayByDay(r.From, r.To), $"{r.From:yyyy-MM-dd} → {r.To:yyyy-MM-dd}"),
            iter: 2_000);

    [Fact]
    public void it_equals_the_day_by_day_count_around_every_holiday_of_a_decade()
    {
        for (var day = new DateOnly(2015, 12, 20); day <= new DateOnly(2026, 1, 10); day = day.AddDays(1))
            for (var span = 0; span <= 9; span++)
                DelayCalculator.WorkingDays(day, day.AddDays(span)).ShouldBe(DayByDay(day, day.AddDays(span)));
    }

    [Fact]
    public void eight_millennia_cost_no_walk()
        // 0001-01-02 → 9999-12-30 took ~2 s of CPU day by day; the closed form only lists the holidays of each year.
        => DelayCalculator.WorkingDays(new DateOnly(1, 1, 2), new DateOnly(9999, 12, 30)).ShouldBeGreaterThan(2_500_000);

    [Fact]
    public void an_end_before_the_start_counts_nothing()
        => DelayCalculator.WorkingDays(new DateOnly(2018, 3, 19), new DateOnly(2018, 3, 12)).ShouldBe(0);
}
