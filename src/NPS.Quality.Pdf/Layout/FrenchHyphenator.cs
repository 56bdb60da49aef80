using System.Collections.Concurrent;
using System.Text;

namespace NPS.Quality.Pdf.Layout;

/// <summary>
/// French hyphenation by Liang's algorithm (F. M. Liang, "Word Hy-phen-a-tion by Com-put-er", 1983) over the patterns
/// of Debian's hyphen-fr (TeX's hyph-fr), embedded from <c>Hyphenation/hyph_fr.dic</c>. Every substring of
/// ".word." that is a pattern gives a level between each pair of letters; the highest level wins, and an odd level
/// allows a break. At least two letters stay before a break and three after it (French usage: no "-le" or "-te" left
/// alone on a line).
/// </summary>
internal sealed class FrenchHyphenator
{
    public const int LeftMin = 2;
    public const int RightMin = 3;

    private static readonly Lazy<FrenchHyphenator> Shared = new(() => new FrenchHyphenator(
        Encoding.UTF8.GetString(Archive.Resource("NPS.Quality.Pdf.Hyphenation.hyph_fr.dic"))));

    public static FrenchHyphenator Instance => Shared.Value;

    private readonly Dictionary<string, byte[]> _patterns = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _longest;
    private readonly ConcurrentDictionary<string, int[]> _cache = new(StringComparer.Ordinal);

    /// <param name="patterns">The .dic format: a charset line, options (LEFTHYPHENMIN…, NEXTLEVEL), then one pattern a line; '%' comments.</param>
    internal FrenchHyphenator(string patterns)
    {
        foreach (var raw in patterns.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '%' || line == "UTF-8" || line == "NEXTLEVEL" || line.Contains(' ')) continue;
            var letters = new StringBuilder(line.Length);
            var levels = new List<byte> { 0 };
            foreach (var c in line)
            {
                if (c is >= '0' and <= '9') levels[^1] = (byte)(c - '0');
                else
                {
                    letters.Append(c);
                    levels.Add(0);
                }
            }
            var key = letters.ToString();
            // A pattern given twice (the file has a few): keep the higher level at each position.
            if (_patterns.TryGetValue(key, out var existing))
                for (var i = 0; i < existing.Length; i++) existing[i] = Math.Max(existing[i], levels[i]);
            else _patterns[key] = levels.ToArray();
            _longest = Math.Max(_longest, key.Length);
        }
        _lookup = _patterns.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int PatternCount => _patterns.Count;

    /// <summary>
    /// The positions where <paramref name="word"/> (letters, possibly with an apostrophe: "l'accompagnement") may be
    /// broken with a hyphen: a position p means "word[..p]-" then "word[p..]".
    /// </summary>
    public int[] Points(string word)
    {
        if (word.Length < LeftMin + RightMin) return [];
        return _cache.GetOrAdd(word, Compute);
    }

    private int[] Compute(string word)
    {
        var n = word.Length;
        Span<char> dotted = n + 2 <= 256 ? stackalloc char[n + 2] : new char[n + 2];
        dotted[0] = '.';
        for (var i = 0; i < n; i++) dotted[i + 1] = char.ToLowerInvariant(word[i]) == '’' ? '\'' : char.ToLowerInvariant(word[i]);
        dotted[^1] = '.';
        Span<byte> levels = stackalloc byte[n + 3];
        levels.Clear();
        for (var start = 0; start < dotted.Length; start++)
        {
            var max = Math.Min(_longest, dotted.Length - start);
            for (var length = 1; length <= max; length++)
            {
                if (!_lookup.TryGetValue(dotted.Slice(start, length), out var pattern)) continue;
                for (var k = 0; k < pattern.Length; k++)
                    if (pattern[k] > levels[start + k]) levels[start + k] = pattern[k];
            }
        }
        // levels[i] sits before dotted[i], i.e. between word[i-2] and word[i-1]: a break before word[p] is levels[p + 1].
        var points = new List<int>();
        for (var p = LeftMin; p <= n - RightMin; p++)
            if ((levels[p + 1] & 1) == 1 && char.IsLetter(word[p - 1]) && char.IsLetter(word[p])) points.Add(p);
        return points.ToArray();
    }

    /// <summary>The word with its hyphenation points shown ("ac-com-pa-gne-ment"), for tests and diagnostics.</summary>
    public string Show(string word)
    {
        var points = Points(word);
        var builder = new StringBuilder(word.Length + points.Length);
        var last = 0;
        foreach (var p in points)
        {
            builder.Append(word, last, p - last).Append('-');
            last = p;
        }
        return builder.Append(word, last, word.Length - last).ToString();
    }
}
