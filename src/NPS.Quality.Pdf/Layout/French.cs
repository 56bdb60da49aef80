namespace NPS.Quality.Pdf.Layout;

/// <summary>
/// French typographic rules applied to every text the layout sets: which spaces must not break a line (and become
/// no-break spaces in the file), and which letters are the superscript of an ordinal.
/// </summary>
internal static class French
{
    /// <summary>U+00A0, the ordinary no-break space (« … », before ':', between a number and its unit or month).</summary>
    public const char NoBreakSpace = '\u00A0';

    /// <summary>U+202F, the narrow no-break space (before ; ! ?, and between groups of digits).</summary>
    public const char ThinNoBreakSpace = '\u202F';

    private static readonly HashSet<string> Months = new(StringComparer.OrdinalIgnoreCase)
    {
        "janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    };

    /// <summary>Words that never end a line: they belong to what follows ("n° 3", "M. Durand", "14 h 30").</summary>
    private static readonly HashSet<string> Leading = new(StringComparer.Ordinal) { "n°", "N°", "M.", "Mme", "Mmes", "MM.", "p.", "h", "art." };

    /// <summary>
    /// Replaces the ordinary spaces that must not break by no-break spaces: after « and before », before : ; ! ?
    /// (thin before ; ! ?), after a number or an ordinal ("5 jours", "27 décembre", "1er janvier", "93,4 %"), between
    /// groups of three digits ("2 711"), between a month and its year, after "n°", "M.", "h".
    /// </summary>
    public static string Glue(string text)
    {
        if (text.IndexOf(' ') < 0) return text;
        char[]? result = null;
        var tokenStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is '\n' or '\t') { tokenStart = i + 1; continue; }
            if (c != ' ') continue;
            var previous = text.AsSpan(tokenStart, i - tokenStart);
            var nextEnd = i + 1;
            while (nextEnd < text.Length && text[nextEnd] is not (' ' or '\n' or '\t')) nextEnd++;
            var next = text.AsSpan(i + 1, nextEnd - i - 1);
            var glue = Rule(previous, next);
            if (glue != ' ')
            {
                result ??= text.ToCharArray();
                result[i] = glue;
            }
            // Each rule looks at the two tokens around the space; "27 décembre 2018" is glued twice, one unit.
            tokenStart = i + 1;
        }
        return result is null ? text : new string(result);
    }

    private static char Rule(ReadOnlySpan<char> previous, ReadOnlySpan<char> next)
    {
        if (previous.Length == 0 || next.Length == 0) return ' ';
        if (previous[^1] == '«' || next[0] == '»') return NoBreakSpace;
        if (IsHighPunctuation(next)) return next[0] == ':' ? NoBreakSpace : ThinNoBreakSpace;
        if (IsNumber(previous))
        {
            if (next.Length == 3 && IsDigits(next) && previous.Length <= 3 && IsDigits(previous)) return ThinNoBreakSpace;
            if (char.IsLetter(next[0]) || next[0] is '%' or '€' or '$' or '°' or '‰') return NoBreakSpace;
            return ' ';
        }
        if (Ordinal(previous.ToString()) is not null && char.IsLetter(next[0])) return NoBreakSpace;
        if (Months.Contains(previous.ToString()) && next.Length >= 4 && IsDigits(next[..4])) return NoBreakSpace;
        if (Leading.Contains(previous.ToString()) && (char.IsDigit(next[0]) || char.IsUpper(next[0]))) return NoBreakSpace;
        return ' ';
    }

    /// <summary>":", ";", "!", "?" standing alone (possibly with closing punctuation after them: "?)", "!»").</summary>
    private static bool IsHighPunctuation(ReadOnlySpan<char> token)
    {
        if (token[0] is not (':' or ';' or '!' or '?')) return false;
        foreach (var c in token)
            if (c is not (':' or ';' or '!' or '?' or '.' or ',' or ')' or '»')) return false;
        return true;
    }

    /// <summary>"5", "93,4", "2 711", "-3", "1.5": digits with inner separators.</summary>
    internal static bool IsNumber(ReadOnlySpan<char> token)
    {
        var start = token[0] is '-' or '+' or '−' ? 1 : 0;
        if (start >= token.Length || !char.IsAsciiDigit(token[start]) || !char.IsAsciiDigit(token[^1])) return false;
        for (var i = start; i < token.Length; i++)
            if (!char.IsAsciiDigit(token[i]) && token[i] is not (',' or '.' or ThinNoBreakSpace or NoBreakSpace)) return false;
        return true;
    }

    private static bool IsDigits(ReadOnlySpan<char> token)
    {
        foreach (var c in token)
            if (!char.IsAsciiDigit(c)) return false;
        return token.Length > 0;
    }

    private static readonly string[] OrdinalSuffixes = ["ers", "res", "er", "re", "es", "e", "èmes", "ème", "nds", "nde", "nd"];

    /// <summary>"1er" → ("1", "er", ""); "11e," → ("11", "e", ","); anything else → null.</summary>
    public static (string Number, string Suffix, string Trailing)? Ordinal(string piece)
    {
        var digits = 0;
        while (digits < piece.Length && char.IsAsciiDigit(piece[digits])) digits++;
        if (digits == 0 || digits > 4 || digits == piece.Length) return null;
        var end = piece.Length;
        while (end > digits && piece[end - 1] is ',' or '.' or ';' or ':' or ')' or '»' or '\u00A0' or '\u202F') end--;
        var suffix = piece[digits..end];
        if (Array.IndexOf(OrdinalSuffixes, suffix) < 0) return null;
        return (piece[..digits], suffix, piece[end..]);
    }
}
