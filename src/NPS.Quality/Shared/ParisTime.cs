using System.Globalization;
using System.Text.RegularExpressions;

namespace NPS.Quality.Shared;

/// <summary>A date read from a request: the instant, and whether the text carried a time of day.</summary>
public readonly record struct ReadInstant(DateTimeOffset Value, bool HasTime);

/// <summary>
/// Dates as the sites write them, read in Europe/Paris. Rules (pinned by tests):
/// <list type="bullet">
/// <item>ISO 8601 with an offset (<c>2017-10-02T09:15:00+02:00</c>, <c>…Z</c>) is an instant, taken as is;
/// ISO 8601 without an offset is refused (an instant needs its offset).</item>
/// <item><c>dd/MM/yyyy HH:mm</c> (or <c>HH:mm:ss</c>) is a Paris wall-clock time. A time in the spring-forward gap
/// (e.g. 25/03/2018 02:30) does not exist and is refused; a time repeated in the autumn fall-back
/// (e.g. 29/10/2017 02:30) is taken as its <b>first</b> occurrence, still in summer time (UTC+2).</item>
/// <item><c>dd/MM/yyyy</c> is midnight in Paris, and is only accepted for day-based indicators.</item>
/// </list>
/// </summary>
public static partial class ParisTime
{
    // No silent fallback to UTC: without the time-zone database every Paris date would be wrong, so the start fails.
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    // Two-digit years too: LibreOffice's French CSV writes a typed date as "02/10/17 09:05". They are read in 2000–2099
    // (samples are bounded to 2000–2100 anyway), never by the culture's two-digit-year window.
    private static readonly string[] LocalFormats = ["dd/MM/yyyy HH:mm", "dd/MM/yyyy HH:mm:ss", "d/M/yyyy H:mm", "d/M/yyyy H:mm:ss",
        "dd/MM/yy HH:mm", "dd/MM/yy HH:mm:ss", "d/M/yy H:mm", "d/M/yy H:mm:ss"];
    private static readonly string[] DateFormats = ["dd/MM/yyyy", "d/M/yyyy", "dd/MM/yy", "d/M/yy"];

    private static readonly CultureInfo TwoDigitYears = TwoDigitYearsFrom2000();

    private static CultureInfo TwoDigitYearsFrom2000()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.DateTimeFormat.Calendar = new GregorianCalendar { TwoDigitYearMax = 2099 };
        return culture;
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithoutOffset();

    /// <summary>
    /// Reads a date; on failure returns null and a French reason. An instant before 1900 or after 9000 is refused here,
    /// whatever its notation (its Paris conversion would fail); each use bounds it further (samples: <see cref="Bounds"/>).
    /// </summary>
    public static (ReadInstant? Instant, string? Error) Read(string text, bool allowLocal)
    {
        var (read, error) = ReadAny(text, allowLocal);
        if (read is { } r && r.Value.UtcDateTime.Year is < 1900 or > 9000) return (null, OutOfRange);
        return (read, error);
    }

    private static string OutOfRange => $"date hors de la plage acceptée ({Bounds.DateRange}, heure de Paris)";

    private static (ReadInstant? Instant, string? Error) ReadAny(string text, bool allowLocal)
    {
        var s = text.Trim();
        // The spreadsheet format first: it is what imports are made of (read digit by digit: an import reads 200,000 of them).
        if (allowLocal && Common(s) is { } common)
        {
            var (instant, error) = FromLocal(common);
            return instant is null ? (null, error) : (new ReadInstant(instant.Value, true), null);
        }
        if (IsoWithOffset().IsMatch(s)
            && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var iso))
            return (new ReadInstant(iso, true), null);
        if (IsoWithoutOffset().IsMatch(s))
            return (null, "date ISO 8601 sans décalage horaire : précisez-le (ex. 2017-10-02T09:15:00+02:00)");
        if (!allowLocal)
            return (null, "date illisible : attendu ISO 8601 avec décalage horaire (ex. 2017-10-02T09:15:00+02:00)");

        if (DateTime.TryParseExact(s, LocalFormats, TwoDigitYears, DateTimeStyles.None, out var local))
        {
            var (instant, error) = FromLocal(local);
            return instant is null ? (null, error) : (new ReadInstant(instant.Value, true), null);
        }
        if (DateTime.TryParseExact(s, DateFormats, TwoDigitYears, DateTimeStyles.None, out var day))
        {
            var (instant, error) = FromLocal(day);
            return instant is null ? (null, error) : (new ReadInstant(instant.Value, false), null);
        }
        return (null, Impossible(s) ?? "date illisible : attendu jj/mm/aaaa hh:mm, jj/mm/aaaa ou ISO 8601 avec décalage horaire");
    }

    /// <summary>
    /// A date written the right way that names no day of the calendar (31/11/2017, 29/02/2017, 12/13/2017, 25:00) is
    /// impossible, not unreadable: the reason says which part is wrong; null when the text is not of that shape.
    /// </summary>
    public static string? Impossible(string text)
    {
        var m = DayMonthYear().Match(text.Trim());
        if (!m.Success) return null;
        int day = int.Parse(m.Groups["d"].Value, CultureInfo.InvariantCulture), month = int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture);
        var year = int.Parse(m.Groups["y"].Value, CultureInfo.InvariantCulture);
        if (year < 100) year += 2000;
        if (month is < 1 or > 12) return $"date impossible : il n'y a pas de mois {month} (attendu jj/mm/aaaa)";
        var days = year is >= 1 and <= 9999 ? DateTime.DaysInMonth(year, month) : 31;
        if (day < 1 || day > days)
            return $"date impossible : le {day:00}/{month:00}/{year} n'existe pas ({MonthNames[month - 1]} {year} a {days} jours)";
        if (m.Groups["h"].Success)
        {
            int hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture), minute = int.Parse(m.Groups["min"].Value, CultureInfo.InvariantCulture);
            if (hour > 23 || minute > 59) return $"heure impossible : {m.Groups["h"].Value}:{m.Groups["min"].Value} (attendu de 00:00 à 23:59)";
        }
        return null;
    }

    private static readonly string[] MonthNames = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

    [GeneratedRegex(@"^(?<d>\d{1,2})/(?<m>\d{1,2})/(?<y>\d{4}|\d{2})(\s+(?<h>\d{1,2}):(?<min>\d{2})(:\d{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DayMonthYear();

    /// <summary>A Paris wall-clock time as an instant: gap refused, overlap resolved to the first occurrence.</summary>
    public static (DateTimeOffset? Instant, string? Error) FromLocal(DateTime local)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        // Before 1900 Paris ran on its local mean time (+00:09:21, not a whole minute) and near year 1 or 9999 the
        // instant leaves DateTimeOffset's range: such dates are refused, never converted (01/01/0001 used to be a 500).
        if (local.Year < 1900 || local.Year > 9000) return (null, OutOfRange);
        if (UniformOffset(LocalDays, local.Date, Local) is { } uniform) return (new DateTimeOffset(local, uniform), null);
        if (Zone.IsInvalidTime(local))
            return (null, $"l'heure {local:dd/MM/yyyy HH:mm} n'existe pas à Paris (passage à l'heure d'été)");
        if (Zone.IsAmbiguousTime(local))
        {
            // Both offsets are possible (fall-back hour): the first occurrence is the one with the larger offset.
            var offset = Zone.GetAmbiguousTimeOffsets(local).Max();
            return (new DateTimeOffset(local, offset), null);
        }
        return (new DateTimeOffset(local, Zone.GetUtcOffset(local)), null);
    }

    /// <summary>The Paris wall-clock time of an instant.</summary>
    public static DateTime LocalTime(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    /// <summary>The Paris calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return UniformOffset(UtcDays, utc.Date, Utc) is { } uniform
            ? DateOnly.FromDateTime(utc + uniform)
            : DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);
    }

    /// <summary>"dd/MM/yyyy HH:mm" exactly, naming a real day and time; null for anything else (the general path decides).</summary>
    private static DateTime? Common(string s)
    {
        if (s.Length != 16 || s[2] != '/' || s[5] != '/' || s[10] != ' ' || s[13] != ':') return null;
        int D(int i) => s[i] is >= '0' and <= '9' ? s[i] - '0' : -1000;
        int day = D(0) * 10 + D(1), month = D(3) * 10 + D(4), year = D(6) * 1000 + D(7) * 100 + D(8) * 10 + D(9);
        int hour = D(11) * 10 + D(12), minute = D(14) * 10 + D(15);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23 || minute is < 0 or > 59)
            return null;
        return new DateTime(year, month, day, hour, minute, 0, DateTimeKind.Unspecified);
    }

    // Paris changes its offset at most once a day (the last Sundays of March and October, in the years samples may hold): a
    // day whose first and last instants have the same offset, neither skipped nor repeated, has that offset all day. Each
    // day of 1999–2101 is looked up in the time-zone rules once; an import converts ~500,000 instants.
    private static readonly DateTime FirstCachedDay = new(1999, 1, 1);
    private static readonly int[] LocalDays = new int[(new DateTime(2102, 1, 1) - FirstCachedDay).Days];
    private static readonly int[] UtcDays = new int[LocalDays.Length];
    private const int Mixed = int.MinValue;

    private static TimeSpan Local(DateTime day)
    {
        DateTime first = DateTime.SpecifyKind(day, DateTimeKind.Unspecified), last = first.AddDays(1).AddTicks(-1);
        if (Zone.IsInvalidTime(first) || Zone.IsAmbiguousTime(first) || Zone.IsInvalidTime(last) || Zone.IsAmbiguousTime(last)) return TimeSpan.MinValue;
        var offset = Zone.GetUtcOffset(first);
        return offset == Zone.GetUtcOffset(last) ? offset : TimeSpan.MinValue;
    }

    private static TimeSpan Utc(DateTime day)
    {
        DateTime first = DateTime.SpecifyKind(day, DateTimeKind.Utc), last = first.AddDays(1).AddTicks(-1);
        var offset = Zone.GetUtcOffset(first);
        return offset == Zone.GetUtcOffset(last) ? offset : TimeSpan.MinValue;
    }

    /// <summary>The offset of the whole day from the cache (filled on first use; racing writers write the same value), or null.</summary>
    private static TimeSpan? UniformOffset(int[] cache, DateTime day, Func<DateTime, TimeSpan> lookUp)
    {
        var index = (day - FirstCachedDay).Days;
        if (index < 0 || index >= cache.Length) return null;
        // Stored as offset seconds + 1, so that 0 means "not looked up yet".
        var entry = Volatile.Read(ref cache[index]);
        if (entry == 0)
        {
            var offset = lookUp(day);
            entry = offset == TimeSpan.MinValue ? Mixed : (int)offset.TotalSeconds + 1;
            Volatile.Write(ref cache[index], entry);
        }
        return entry == Mixed ? null : TimeSpan.FromSeconds(entry - 1);
    }
}
