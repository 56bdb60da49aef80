using NPS.Quality.Referentials;
using PublicHoliday;

namespace NPS.Quality.Samples;

/// <summary>
/// A delay in the indicator's unit. Pinned rules:
/// <list type="bullet">
/// <item><b>minutes / seconds</b>: the time between the two instants (so a daylight-saving change in between counts
/// the real elapsed time), kept to 4 decimals.</item>
/// <item><b>working days</b>: the Paris dates of start and end; the days counted are those strictly after the start
/// date up to and including the end date that are working days (not Saturday, Sunday or a French public holiday,
/// as <see cref="FrancePublicHoliday"/> lists them). Same day = 0; Friday → Monday = 1; a request on Friday
/// answered on the next Tuesday after Easter Monday = 1.</item>
/// <item><b>calendar days</b>: the number of Paris dates between the two (same day = 0, next day = 1).</item>
/// </list>
/// </summary>
public static class DelayCalculator
{
    private static readonly FrancePublicHoliday Holidays = new();

    public static decimal Delay(DelayUnit unit, DateTimeOffset start, DateTimeOffset end) => unit switch
    {
        DelayUnit.Minutes => Math.Round((decimal)(end - start).Ticks / TimeSpan.TicksPerMinute, 4),
        DelayUnit.Seconds => Math.Round((decimal)(end - start).Ticks / TimeSpan.TicksPerSecond, 4),
        DelayUnit.WorkingDays => WorkingDays(ParisTime.DateOf(start), ParisTime.DateOf(end)),
        DelayUnit.CalendarDays => ParisTime.DateOf(end).DayNumber - ParisTime.DateOf(start).DayNumber,
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public static bool IsWorkingDay(DateOnly day) => Holidays.IsWorkingDay(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>Working days in (from, to]: strictly after <paramref name="from"/>, up to and including <paramref name="to"/>.</summary>
    public static int WorkingDays(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1))
            if (IsWorkingDay(day)) count++;
        return count;
    }
}
