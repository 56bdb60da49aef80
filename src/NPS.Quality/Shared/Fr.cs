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

    /// <summary>"aujourd'hui", "demain", "hier", "dans 3 semaines", "il y a 2 mois" .</summary>
    public static string Relative(DateOnly date, DateOnly today)
    {
        var days = date.DayNumber - today.DayNumber;
        switch (days)
        {
            case 0: return "aujourd'hui";
            case 1: return "demain";
            case -1: return "hier";
        }
        var (from, to) = days > 0 ? (today, date) : (date, today);
        var phrase = Distance(from, to).Humanize(culture: Culture, maxUnit: Humanizer.TimeUnit.Year, minUnit: Humanizer.TimeUnit.Day);
        return days > 0 ? $"dans {phrase}" : $"il y a {phrase}";
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

    public static string Ago(DateTimeOffset instant, DateTimeOffset now) => instant.Humanize(now, Culture);
}
