using System.Globalization;

namespace NPS.Quality.Shared;

/// <summary>
/// The bounds every request meets, decided once (the README's Reliability section lists them with their reasons):
/// <list type="bullet">
/// <item><b>instants</b>: a Paris date from <see cref="EarliestDate"/> to <see cref="LatestDate"/>. The reform's
/// records start long after 2000; a year 0001 or 9999 is a typing error, and used to cost a 500 (the Paris conversion
/// of 01/01/0001) or seconds of CPU (a working-day delay over eight millennia).</item>
/// <item><b>pages</b>: a page number from 1 to <see cref="MaxPage"/>; each query bounds its own page size. A page past
/// 100,000 is a mistake or a probe, and <c>int.MaxValue</c> used to reach PostgreSQL as a negative OFFSET.</item>
/// <item><b>text</b>: no control character except tab, carriage return and line feed (a comment or a reason may span
/// several lines, a spreadsheet cell may hold a tab): C0 controls (NUL, BEL, ESC…), DEL and the C1 controls
/// U+0080–U+009F are refused, naming the field or line. PostgreSQL refuses NUL in text and jsonb (a 500 before), and
/// the others only ever come from a corrupted file or a probe.</item>
/// </list>
/// </summary>
public static class Bounds
{
    public static readonly DateOnly EarliestDate = new(2000, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);
    public const int MaxPage = 100_000;

    public static string DateRange => $"du {EarliestDate:dd/MM/yyyy} au {LatestDate:dd/MM/yyyy}";

    /// <summary>Whether a Paris date is within the accepted range.</summary>
    public static bool IsWithin(DateOnly day) => day >= EarliestDate && day <= LatestDate;

    /// <summary>French reason for an instant outside the range, or null when it is within.</summary>
    public static string? CheckInstant(DateTimeOffset instant)
    {
        // Far outside the range the Paris conversion is not even attempted (local mean time before 1900, year 9999).
        var year = instant.UtcDateTime.Year;
        var within = year >= EarliestDate.Year - 1 && year <= LatestDate.Year + 1 && IsWithin(ParisTime.DateOf(instant));
        return within ? null : $"date hors de la plage acceptée ({DateRange}, heure de Paris)";
    }

    /// <summary>A control character no text field may hold (tab, CR and LF are allowed).</summary>
    public static bool IsForbidden(char c) => c is < ' ' and not '\t' and not '\r' and not '\n' or >= '\u007f' and <= '\u009f';

    /// <summary>The position of the first forbidden control character, or -1.</summary>
    public static int IndexOfControl(string? text)
    {
        if (text is null) return -1;
        for (var i = 0; i < text.Length; i++)
            if (IsForbidden(text[i])) return i;
        return -1;
    }

    /// <summary>The French message for a text holding a control character at <paramref name="index"/>.</summary>
    public static string ControlMessage(string text, int index)
        => $"caractère de contrôle interdit (U+{(int)text[index]:X4}, position {index + 1}) : seuls la tabulation et les retours à la ligne sont acceptés";

    /// <summary>Adds an error when the text holds a forbidden control character; true when it is clean.</summary>
    public static bool CheckText(string? text, string field, int? line, List<FieldError> errors)
    {
        var at = IndexOfControl(text);
        if (at < 0) return true;
        errors.Add(new FieldError(field, ControlMessage(text!, at), line));
        return false;
    }

    /// <summary>Checks a page number and size: 1–<see cref="MaxPage"/> and 1–<paramref name="maxPageSize"/>.</summary>
    public static void CheckPage(int page, int pageSize, int maxPageSize, List<FieldError> errors)
    {
        if (page is < 1 or > MaxPage)
            errors.Add(new FieldError("page", $"entre 1 et {MaxPage}", Value: page.ToString(CultureInfo.InvariantCulture)));
        if (pageSize < 1 || pageSize > maxPageSize)
            errors.Add(new FieldError("pageSize", $"entre 1 et {maxPageSize}", Value: pageSize.ToString(CultureInfo.InvariantCulture)));
    }
}
