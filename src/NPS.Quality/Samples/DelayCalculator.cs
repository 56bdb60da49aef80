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

    /// <summary>
    /// The longest delay a sample may measure, per unit; past it the sample is refused as a typing error:
    /// <list type="bullet">
    /// <item><b>minutes, seconds</b> (desk wait, phone pick-up): 24 hours. These are measured within one opening day;
    /// a desk wait of three weeks is a wrong date, not a wait.</item>
    /// <item><b>working days, calendar days</b> (appointment delay, answer to a letter or an e-mail): 366 days between the
    /// two Paris dates. The referential's thresholds are days or a few weeks; an answer a year late is still worth
    /// recording (it counts against the site), more is a wrong year.</item>
    /// </list>
    /// </summary>
    public static readonly TimeSpan MaxTimeSpan = TimeSpan.FromHours(24);
    public const int MaxDaySpan = 366;

    /// <summary>French reason when the span between the two instants is too long for the unit, or null.</summary>
    public static string? CheckSpan(DelayUnit unit, DateTimeOffset start, DateTimeOffset end)
    {
        if (unit.IsDayBased())
            return ParisTime.DateOf(end).DayNumber - ParisTime.DateOf(start).DayNumber > MaxDaySpan
                ? $"plus de {MaxDaySpan} jours entre le début et la fin pour un indicateur en {unit.Code()} : erreur de saisie ?"
                : null;
        return end - start > MaxTimeSpan
            ? $"plus de 24 heures entre le début et la fin pour un indicateur en {unit.Code()} (mesuré dans la journée) : erreur de saisie ?"
            : null;
    }

    public static decimal Delay(DelayUnit unit, DateTimeOffset start, DateTimeOffset end) => unit switch
    {
        DelayUnit.Minutes => Math.Round((decimal)(end - start).Ticks / TimeSpan.TicksPerMinute, 4),
        DelayUnit.Seconds => Math.Round((decimal)(end - start).Ticks / TimeSpan.TicksPerSecond, 4),
        DelayUnit.WorkingDays => WorkingDays(ParisTime.DateOf(start), ParisTime.DateOf(end)),
        DelayUnit.CalendarDays => ParisTime.DateOf(end).DayNumber - ParisTime.DateOf(start).DayNumber,
        _ => throw new ArgumentOutOfRangeException(nameof(unit)),
    };

    public static bool IsWorkingDay(DateOnly day) => Holidays.IsWorkingDay(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>
    /// Working days in (from, to]: strictly after <paramref name="from"/>, up to and including <paramref name="to"/>.
    /// Closed form, without walking the days: the weekdays in the range (whole weeks × 5, plus the remainder) minus the
    /// public holidays of the years in range that fall on a weekday. Pinned against the day-by-day count.
    /// </summary>
    public static int WorkingDays(DateOnly from, DateOnly to)
    {
        if (to <= from) return 0;
        var count = WeekdaysUpTo(to) - WeekdaysUpTo(from);
        for (var year = from.Year; year <= to.Year; year++)
            foreach (var holiday in WeekdayHolidays(year))
                if (holiday > from && holiday <= to) count--;
        return count;
    }

    // DayNumber 0 (0001-01-01) is a Monday: day n is a weekday when n % 7 < 5.
    private static int WeekdaysUpTo(DateOnly day)
    {
        var days = day.DayNumber + 1;
        return days / 7 * 5 + Math.Min(days % 7, 5);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, DateOnly[]> HolidaysByYear = new();

    private static DateOnly[] WeekdayHolidays(int year) => HolidaysByYear.GetOrAdd(year, y => Holidays.PublicHolidays(y)
        .Select(DateOnly.FromDateTime)
        .Where(d => d.DayOfWeek is not DayOfWeek.Saturday and not DayOfWeek.Sunday)
        .Distinct()
        .ToArray());
}
