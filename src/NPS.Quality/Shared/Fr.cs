using System.Globalization;
using Humanizer;

namespace NPS.Quality.Shared;

/// <summary>French formats for pages and documents: dates ("1er"), numbers, percentages, durations.</summary>
public static class Fr
{
    public static readonly CultureInfo Culture = CultureInfo.GetCultureInfo("fr-FR");

    // French writes the first of the month as an ordinal: « 1er octobre 2017 ».
    public static string Date(DateOnly d) => d.ToString(d.Day == 1 ? "d'er' MMMM yyyy" : "d MMMM yyyy", Culture);
    public static string Date(DateTimeOffset instant) => Date(ParisTime.DateOf(instant));
    public static string DateTime(DateTimeOffset instant)
    {
        var local = ParisTime.LocalTime(instant);
        return local.ToString(local.Day == 1 ? "d'er' MMMM yyyy 'à' HH:mm" : "d MMMM yyyy 'à' HH:mm", Culture);
    }
    public static string Short(DateTimeOffset instant) => ParisTime.LocalTime(instant).ToString("dd/MM/yyyy HH:mm", Culture);
    public static string Month(DateOnly firstDay) => firstDay.ToString("MMMM yyyy", Culture);
    public static string MonthShort(DateOnly firstDay) => firstDay.ToString("MMM yy", Culture);
    public static string Number(decimal? n) => n is null ? "—" : n.Value.ToString("#,0.##", Culture);
    public static string Number(int n) => n.ToString("#,0", Culture);
    public static string Percent(double? share) => share is null ? "—" : (share.Value * 100).ToString("0.#", Culture) + "\u00a0%";

    /// <summary>Always one decimal ("80,0 %"), so that a document's columns of shares line up; the layout sets the space.</summary>
    public static string PercentFixed(double share) => $"{(share * 100).ToString("0.0", Culture)} %";

    /// <summary>"aujourd'hui", "demain", "hier", "dans 3 semaines", "dans 7 semaines et 5 jours", "il y a 2 mois".</summary>
    public static string Relative(DateOnly date, DateOnly today)
    {
        var days = date.DayNumber - today.DayNumber;
        switch (days)
        {
            case 0: return "aujourd'hui";
            case 1: return "demain";
            case -1: return "hier";
        }
        var phrase = days > 0 ? Duration(today, date) : Duration(date, today);
        return days > 0 ? $"dans {phrase}" : $"il y a {phrase}";
    }

    /// <summary>
    /// The time from one day to a later one, exact, in words: days under two weeks ("10 jours"), weeks under two months
    /// ("3 semaines", "7 semaines et 5 jours": 54 days are not "1 mois"), then calendar months and the days left ("2 mois
    /// et 10 jours"), then years and months ("1 an et 3 mois").
    /// </summary>
    public static string Duration(DateOnly from, DateOnly to)
    {
        var days = to.DayNumber - from.DayNumber;
        if (days < 14) return Count(days, "jour");
        var months = 0;
        while (from.AddMonths(months + 1) <= to) months++;
        if (months < 2)
            return days % 7 == 0 ? Count(days / 7, "semaine") : $"{Count(days / 7, "semaine")} et {Count(days % 7, "jour")}";
        if (months >= 12)
            return months % 12 == 0 ? Count(months / 12, "an") : $"{Count(months / 12, "an")} et {Count(months % 12, "mois", "mois")}";
        var rest = to.DayNumber - from.AddMonths(months).DayNumber;
        return rest == 0 ? Count(months, "mois", "mois") : $"{Count(months, "mois", "mois")} et {Count(rest, "jour")}";
    }

    /// <summary>
    /// A count with its noun agreed in French ("0 échantillon", "1 jour", "2 jours", "1,5 jour", "4 162 échantillons"): the
    /// singular below two, never "(s)".
    /// </summary>
    public static string Count(decimal n, string singular, string? plural = null)
        => $"{Number(n)} {(Math.Abs(n) < 2 ? singular : plural ?? singular + "s")}";

    /// <summary>A delay with its unit code agreed: "35 min", "45 s", "1 jour ouvré", "3 jours ouvrés", "2 jours calendaires".</summary>
    public static string Delay(decimal? delay, string? unit)
    {
        if (delay is not { } d) return "—";
        return unit switch
        {
            "minutes" => $"{Number(d)}\u00a0min",
            "seconds" => $"{Number(d)}\u00a0s",
            "working_days" => Count(d, "jour ouvré", "jours ouvrés"),
            "calendar_days" => Count(d, "jour calendaire", "jours calendaires"),
            _ => $"{Number(d)} {unit}".TrimEnd(),
        };
    }

    /// <summary>
    /// Days and weeks as they are; beyond, whole calendar months (Humanizer's month is 30.4 days, which would read
    /// 22 January → 22 April as "2 mois"). 31 days per month keeps Humanizer on the intended count.
    /// </summary>
    public static TimeSpan Distance(DateOnly from, DateOnly to)
    {
        var months = 0;
        while (from.AddMonths(months + 1) <= to) months++;
        return months == 0 ? TimeSpan.FromDays(to.DayNumber - from.DayNumber) : TimeSpan.FromDays(months * 31);
    }

    /// <summary>A label as a heading or the start of a sentence: its first letter in upper case ("Audit interne (initial)").</summary>
    public static string Capital(string? text) => string.IsNullOrEmpty(text) ? text ?? "" : char.ToUpper(text[0], Culture) + text[1..];

    public static string Ago(DateTimeOffset instant, DateTimeOffset now) => instant.Humanize(now, Culture);
}
