using NPS.Quality.Referentials;
using NPS.Quality.Samples;
using Shouldly;

namespace NPS.Quality.Tests.Samples;

public sealed class when_computing_delays
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
    private static DateTimeOffset I(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2018-03-12", "2018-03-12", 0)] // same day
    [InlineData("2018-03-12", "2018-03-13", 1)] // Monday → Tuesday
    [InlineData("2018-03-16", "2018-03-19", 1)] // Friday → Monday: the weekend does not count
    [InlineData("2018-03-17", "2018-03-18", 0)] // Saturday → Sunday
    [InlineData("2018-03-30", "2018-04-02", 0)] // Good Friday is worked in Paris; Easter Monday is not
    [InlineData("2018-03-30", "2018-04-03", 1)] // …so Friday → Tuesday after Easter is 1
    [InlineData("2018-05-09", "2018-05-11", 1)] // Ascension Thursday 2018-05-10 skipped
    [InlineData("2018-05-18", "2018-05-22", 1)] // Whit Monday 2018-05-21 skipped
    [InlineData("2018-05-14", "2018-05-28", 9)] // two weeks around Whit Monday
    [InlineData("2018-03-23", "2018-03-26", 1)] // across the spring daylight-saving weekend
    [InlineData("2017-10-27", "2017-10-30", 1)] // across the autumn daylight-saving weekend
    [InlineData("2018-04-30", "2018-05-09", 5)] // 1 May and 8 May are holidays
    public void working_days_count_the_worked_days_after_the_start_up_to_the_end(string from, string to, int expected)
        => DelayCalculator.WorkingDays(D(from), D(to)).ShouldBe(expected);

    [Fact]
    public void the_holidays_of_2018_are_not_working_days()
    {
        foreach (var day in new[] { "2018-01-01", "2018-04-02", "2018-05-01", "2018-05-08", "2018-05-10", "2018-05-21", "2018-07-14", "2018-08-15", "2018-11-01", "2018-11-11", "2018-12-25" })
            DelayCalculator.IsWorkingDay(D(day)).ShouldBeFalse(day);
        DelayCalculator.IsWorkingDay(D("2018-03-30")).ShouldBeTrue(); // Good Friday
    }

    [Fact]
    public void working_days_use_the_paris_date_of_each_instant()
    {
        // 23:30 UTC on Friday is already Saturday in Paris; answered Monday 9:00 Paris → 1 working day (Monday).
        DelayCalculator.Delay(DelayUnit.WorkingDays, I("2018-03-16T23:30:00Z"), I("2018-03-19T09:00:00+01:00")).ShouldBe(1m);
        DelayCalculator.Delay(DelayUnit.WorkingDays, I("2018-03-23T17:00:00+01:00"), I("2018-03-26T09:00:00+02:00")).ShouldBe(1m);
    }

    [Theory]
    [InlineData("02/10/17 09:05", "2017-10-02T09:05:00+02:00")]
    [InlineData("2/10/17 9:05", "2017-10-02T09:05:00+02:00")]
    [InlineData("31/12/99 23:59:30", "2099-12-31T23:59:30+01:00")]
    public void a_two_digit_year_as_libreoffice_writes_it_is_read_in_this_century(string written, string expected)
        => ParisTime.Read(written, allowLocal: true).Instant!.Value.Value.ShouldBe(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void a_two_digit_year_date_alone_is_midnight_in_paris()
        => ParisTime.Read("02/10/17", allowLocal: true).Instant!.Value.ShouldBe(
            new ReadInstant(new DateTimeOffset(2017, 10, 2, 0, 0, 0, TimeSpan.FromHours(2)), false));

    [Fact]
    public void minutes_are_elapsed_time_across_a_daylight_saving_change()
    {
        var springStart = ParisTime.Read("25/03/2018 01:30", allowLocal: true).Instant!.Value.Value;
        var springEnd = ParisTime.Read("25/03/2018 03:30", allowLocal: true).Instant!.Value.Value;
        DelayCalculator.Delay(DelayUnit.Minutes, springStart, springEnd).ShouldBe(60m);

        var autumnStart = ParisTime.Read("29/10/2017 01:30", allowLocal: true).Instant!.Value.Value;
        var autumnEnd = ParisTime.Read("29/10/2017 03:30", allowLocal: true).Instant!.Value.Value;
        DelayCalculator.Delay(DelayUnit.Minutes, autumnStart, autumnEnd).ShouldBe(180m);
    }

    [Fact]
    public void seconds_and_calendar_days()
    {
        DelayCalculator.Delay(DelayUnit.Seconds, I("2017-10-02T09:00:00+02:00"), I("2017-10-02T09:00:42.5+02:00")).ShouldBe(42.5m);
        DelayCalculator.Delay(DelayUnit.CalendarDays, I("2018-03-24T10:00:00+01:00"), I("2018-03-26T08:00:00+02:00")).ShouldBe(2m);
        DelayCalculator.Delay(DelayUnit.CalendarDays, I("2018-03-24T10:00:00+01:00"), I("2018-03-24T18:00:00+01:00")).ShouldBe(0m);
    }

    [Fact]
    public void a_time_in_the_spring_gap_does_not_exist()
    {
        var (instant, error) = ParisTime.Read("25/03/2018 02:30", allowLocal: true);
        instant.ShouldBeNull();
        error.ShouldNotBeNull().ShouldContain("n'existe pas");
    }

    [Fact]
    public void a_repeated_autumn_time_is_its_first_occurrence_in_summer_time()
        => ParisTime.Read("29/10/2017 02:30", allowLocal: true).Instant!.Value.Value.ShouldBe(I("2017-10-29T02:30:00+02:00"));

    [Fact]
    public void dates_read_in_each_accepted_format()
    {
        ParisTime.Read("02/10/2017 09:15", true).Instant!.Value.ShouldBe(new ReadInstant(I("2017-10-02T09:15:00+02:00"), true));
        ParisTime.Read("15/01/2018 09:15", true).Instant!.Value.Value.ShouldBe(I("2018-01-15T09:15:00+01:00"));
        ParisTime.Read("02/10/2017", true).Instant!.Value.ShouldBe(new ReadInstant(I("2017-10-02T00:00:00+02:00"), false));
        ParisTime.Read("2017-10-02T07:15:00Z", false).Instant!.Value.Value.ShouldBe(I("2017-10-02T09:15:00+02:00"));
        ParisTime.Read("2017-10-02T09:15:00", true).Error.ShouldNotBeNull().ShouldContain("décalage");
        ParisTime.Read("02/10/2017 09:15", false).Error.ShouldNotBeNull();
        ParisTime.Read("31/02/2017", true).Error.ShouldNotBeNull().ShouldContain("date impossible : le 31/02/2017 n'existe pas");
        ParisTime.DateOf(I("2017-10-01T22:30:00Z")).ShouldBe(new DateOnly(2017, 10, 2));
    }

    [Fact]
    public void paris_conversions_agree_with_the_time_zone_rules_every_quarter_hour_of_three_years()
    {
        // The conversions keep each day's offset once looked up: they must still say what the rules say, on the days the
        // clocks change above all (2017–2019 hold six of them).
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        for (var local = new DateTime(2017, 1, 1); local < new DateTime(2020, 1, 1); local = local.AddMinutes(15))
        {
            var (instant, error) = ParisTime.FromLocal(local);
            if (zone.IsInvalidTime(local)) error.ShouldNotBeNull();
            else instant.ShouldBe(new DateTimeOffset(local, zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local)),
                $"local {local:O}");

            var utc = new DateTimeOffset(local.Ticks, TimeSpan.Zero);
            ParisTime.DateOf(utc).ShouldBe(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime), $"utc {utc:O}");
        }
    }

    [Theory]
    [InlineData("31/11/2017 09:00", "date impossible : le 31/11/2017 n'existe pas")]
    [InlineData("29/02/2017 09:00", "date impossible : le 29/02/2017 n'existe pas")]
    [InlineData("02/13/2017 09:00", "il n'y a pas de mois 13")]
    [InlineData("02/10/2017 24:00", "heure impossible : 24:00")]
    [InlineData("02/10/2017 09:60", "heure impossible : 09:60")]
    [InlineData("02/1O/2017 09:00", "date illisible")]
    [InlineData("25/03/2018 02:30", "n'existe pas à Paris")]
    public void a_spreadsheet_date_that_names_no_instant_says_why(string written, string reason)
        => ParisTime.Read(written, allowLocal: true).Error.ShouldNotBeNull().ShouldContain(reason);

    [Fact]
    public void a_leap_day_and_the_last_minute_of_a_year_are_read()
    {
        ParisTime.Read("29/02/2016 09:00", true).Instant!.Value.Value.ShouldBe(I("2016-02-29T09:00:00+01:00"));
        ParisTime.Read("31/12/2017 23:59", true).Instant!.Value.Value.ShouldBe(I("2017-12-31T23:59:00+01:00"));
    }
}
