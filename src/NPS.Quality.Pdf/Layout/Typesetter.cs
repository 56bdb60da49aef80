using PdfSharp.Drawing;
using NPS.Quality.Pdf.Fonts;

namespace NPS.Quality.Pdf.Layout;

internal readonly record struct FontKey(double Size, bool Bold = false, bool Italic = false)
{
    public FontKey WithStyle(bool bold, bool italic) => this with { Bold = bold, Italic = italic };
}

/// <summary>A piece of text set in one font, already measured; Rise lifts it (a superscript: "1<sup>er</sup>").</summary>
internal readonly record struct Fragment(string Text, FontKey Font, double Width, double SpaceBefore, double Rise = 0);

/// <summary>One typeset line: fragments left to right; SpaceBefore is the natural space preceding a fragment (0 when glued).</summary>
internal sealed class TextLine(List<Fragment> fragments, double naturalWidth, bool isLastOfParagraph)
{
    public List<Fragment> Fragments { get; } = fragments;
    public double NaturalWidth { get; } = naturalWidth;
    public bool IsLastOfParagraph { get; } = isLastOfParagraph;
    public int Gaps => Fragments.Count(f => f.SpaceBefore > 0);
}

/// <summary>
/// Measures and breaks text into lines. One per render: the measure context is not thread-safe,
/// and widths are cached per font and text because tables repeat the same strings.
/// </summary>
internal sealed class Typesetter : IDisposable
{
    private readonly XGraphics _measure = XGraphics.CreateMeasureContext(new XSize(2000, 2000), XGraphicsUnit.Point, XPageDirection.Downwards);
    private readonly Dictionary<FontKey, XFont> _fonts = [];
    private readonly Dictionary<FontKey, double> _lineHeights = [];
    // Advances depend only on font and character: shared by all renders. Concurrent fills write the same
    // value, and a double write is atomic on 64-bit platforms, so the race is benign.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<FontKey, double[]> CharWidths = new();

    public XFont Font(FontKey key)
    {
        if (_fonts.TryGetValue(key, out var font)) return font;
        var style = (key.Bold, key.Italic) switch
        {
            (true, true) => XFontStyleEx.BoldItalic,
            (true, false) => XFontStyleEx.Bold,
            (false, true) => XFontStyleEx.Italic,
            _ => XFontStyleEx.Regular,
        };
        // Unicode (Identity-H) for every face: each font then carries a ToUnicode map, which PDF/UA and text extraction need.
        font = new XFont(EmbeddedFontResolver.FamilyName, key.Size, style, new XPdfFontOptions(PdfSharp.Pdf.PdfFontEncoding.Unicode));
        _fonts[key] = font;
        return font;
    }

    /// <summary>From the top of a line to its baseline, as PDFsharp placed text drawn from its top left.</summary>
    public double Ascent(FontKey key)
    {
        if (_ascents.TryGetValue(key, out var a)) return a;
        var font = Font(key);
        a = LineHeight(key) * font.CellAscent / font.CellSpace;
        _ascents[key] = a;
        return a;
    }

    private readonly Dictionary<FontKey, double> _ascents = [];

    public double LineHeight(FontKey key)
    {
        if (_lineHeights.TryGetValue(key, out var h)) return h;
        h = Font(key).GetHeight();
        _lineHeights[key] = h;
        return h;
    }

    /// <summary>
    /// Width of a string as the sum of its characters' advances, each measured once per font: PDFsharp
    /// neither kerns nor shapes, so this equals MeasureString at a fraction of its cost.
    /// </summary>
    public double Width(string text, FontKey key)
    {
        if (text.Length == 0) return 0;
        var table = CharWidths.GetOrAdd(key, static _ =>
        {
            var fresh = new double[CachedChars];
            Array.Fill(fresh, double.NaN);
            return fresh;
        });
        var width = 0.0;
        foreach (var c in text)
        {
            if (c >= CachedChars || char.IsSurrogate(c)) return MeasureString(text, key);
            var w = table[c];
            if (double.IsNaN(w)) table[c] = w = MeasureString(c.ToString(), key);
            width += w;
        }
        return width;
    }

    private const int CachedChars = 0x2200; // Latin, punctuation, currency and arrows: what French text uses

    internal double MeasureString(string text, FontKey key) => _measure.MeasureString(text, Font(key)).Width;

    /// <summary>
    /// Greedy line breaking at spaces; '\n' forces a break. A word that does not fit is hyphenated (French patterns,
    /// Liang's algorithm) when it is made of letters; a word wider than a whole line is cut too, always with a hyphen
    /// when it is a word, between characters (preferably after '-', '/', '_' or '.') when it is a code or a hash, where
    /// a hyphen would change the value. Nothing ever overflows.
    /// </summary>
    /// <param name="hyphenate">False for headings: a word that fits on a line is never cut (a longer one still is).</param>
    public List<TextLine> Wrap(IReadOnlyList<TextRun> runs, FontKey baseFont, double maxWidth, bool hyphenate = true)
    {
        var lines = new List<TextLine>();
        var current = new List<Fragment>();
        double width = 0;

        void EndLine(bool last)
        {
            lines.Add(new TextLine(current, width, last));
            current = [];
            width = 0;
        }

        void Add(List<Fragment> word, double space)
        {
            for (var i = 0; i < word.Count; i++)
            {
                var gap = i == 0 ? space : 0;
                current.Add(word[i] with { SpaceBefore = gap });
                width += gap + word[i].Width;
            }
        }

        foreach (var (whole, forcedBreakAfter) in Words(runs, baseFont))
        {
            // A word may be several fragments when the style changes inside it ("**gras**,") or for a superscript.
            var word = whole;
            var wordWidth = word.Sum(f => f.Width);
            var space = current.Count == 0 ? 0 : word[0].SpaceBefore;
            if (current.Count > 0 && width + space + wordWidth > maxWidth)
            {
                // The end of this line first: as much of the word as fits, hyphenated, when the line would otherwise end
                // with a wide gap (the "hyphenation zone") and the word is long enough to be worth cutting. Codes move whole.
                var room = maxWidth - width - space;
                // Proper names (a capital first) are not cut at a line end either: "Rousseau" moves whole.
                if (hyphenate && room >= Math.Min(HyphenationZone, maxWidth / 5) && word.Count == 1 && word[0].Text.Length >= 6
                    && IsWord(word[0].Text) && !char.IsUpper(word[0].Text[0])
                    && Split(word, room, emergency: false) is { } split)
                {
                    Add(split.Head, space);
                    word = split.Tail;
                    wordWidth = word.Sum(f => f.Width);
                }
                EndLine(false);
                space = 0;
            }
            while (wordWidth > maxWidth)
            {
                // Alone on its line and still too wide: hyphenate, or cut.
                var split = Split(word, maxWidth, emergency: false) ?? Split(word, maxWidth, emergency: true)!;
                Add(split.Head, 0);
                EndLine(false);
                word = split.Tail;
                wordWidth = word.Sum(f => f.Width);
            }
            Add(word, space);
            if (forcedBreakAfter) EndLine(true);
        }
        if (current.Count > 0 || lines.Count == 0) EndLine(true);
        return lines;
    }

    /// <summary>
    /// Plain text (table cells, headings): cached per render, because tables repeat the same strings and a block is
    /// measured both to keep it with its neighbours and to lay it out. Callers never change the lines they get.
    /// </summary>
    public List<TextLine> Wrap(string text, FontKey font, double maxWidth, bool hyphenate = true)
    {
        var key = (text, font, hyphenate ? maxWidth : -maxWidth);
        if (_wrapped.TryGetValue(key, out var lines)) return lines;
        lines = Wrap([new TextRun(text)], font, maxWidth, hyphenate);
        if (text.Length <= 400) _wrapped[key] = lines;
        return lines;
    }

    private readonly Dictionary<(string, FontKey, double), List<TextLine>> _wrapped = [];

    /// <summary>A paragraph's runs, cached by the identity of the run list (measured for keep rules, then laid out).</summary>
    public List<TextLine> WrapRuns(IReadOnlyList<TextRun> runs, FontKey font, double maxWidth)
    {
        var key = (runs, font, maxWidth);
        if (_wrappedRuns.TryGetValue(key, out var lines)) return lines;
        return _wrappedRuns[key] = Wrap(runs, font, maxWidth);
    }

    private readonly Dictionary<(IReadOnlyList<TextRun>, FontKey, double), List<TextLine>> _wrappedRuns = new(RunsComparer.Instance);

    private sealed class RunsComparer : IEqualityComparer<(IReadOnlyList<TextRun>, FontKey, double)>
    {
        public static readonly RunsComparer Instance = new();
        public bool Equals((IReadOnlyList<TextRun>, FontKey, double) a, (IReadOnlyList<TextRun>, FontKey, double) b) =>
            ReferenceEquals(a.Item1, b.Item1) && a.Item2 == b.Item2 && a.Item3 == b.Item3;
        public int GetHashCode((IReadOnlyList<TextRun>, FontKey, double) key) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(key.Item1), key.Item2, key.Item3);
    }

    private sealed record SplitWord(List<Fragment> Head, List<Fragment> Tail);

    /// <summary>A word is hyphenated at the end of a line only when it would otherwise leave this much room (points), or a fifth of a narrow column.</summary>
    private const double HyphenationZone = 18;

    /// <summary>
    /// The longest head of the word that fits in <paramref name="room"/>: at a hyphenation point (head ends with '-'),
    /// after a hyphen already in the word, or, in an emergency, anywhere (with a hyphen for a word, without for a code).
    /// Null when nothing fits. Only single-fragment words are split; a styled word moves whole, or is cut in an emergency.
    /// </summary>
    private SplitWord? Split(List<Fragment> word, double room, bool emergency)
    {
        var text = string.Concat(word.Select(f => f.Text));
        if (word.Count > 1 && !emergency) return null;
        var font = word[0].Font;
        var isWord = IsWord(text);
        var candidates = new List<(int At, bool Hyphen)>();
        if (!emergency)
        {
            if (!isWord && !text.Contains('-')) return null;
            foreach (var (start, length) in LetterRuns(text))
                foreach (var p in FrenchHyphenator.Instance.Points(text.Substring(start, length)))
                    candidates.Add((start + p, true));
            for (var i = 1; i < text.Length - 1; i++)
                if (text[i - 1] == '-' && char.IsLetterOrDigit(text[i])) candidates.Add((i, false));
        }
        else
        {
            for (var i = 1; i < text.Length; i++)
                candidates.Add((i, isWord));
            if (!isWord)
            {
                // A code: prefer a break after a separator, if one fits.
                var separators = candidates.Where(c => text[c.At - 1] is '-' or '/' or '_' or '.' or ',').ToList();
                if (separators.Count > 0 && Fits(separators[0])) candidates = separators;
            }
        }
        bool Fits((int At, bool Hyphen) c) => Width(text[..c.At] + (c.Hyphen ? "-" : ""), font) <= room + 0.01;
        // A compound breaks at its own hyphen first ("Lefebvre-" / "Martin"), then at a hyphenation point.
        var best = (!emergency && candidates.Any(c => !c.Hyphen && Fits(c)) ? candidates.Where(c => !c.Hyphen) : candidates)
            .Where(Fits).OrderBy(c => c.At).LastOrDefault();
        if (best.At == 0)
        {
            if (!emergency) return null;
            best = (1, false); // not even one character fits: one anyway, rather than loop
        }
        var head = text[..best.At] + (best.Hyphen ? "-" : "");
        var tail = text[best.At..];
        return new SplitWord(Measure(head, font), Measure(tail, font));
    }

    /// <summary>Re-measures a piece of a word; a styled word cut in an emergency takes the style of its first fragment.</summary>
    private List<Fragment> Measure(string text, FontKey font) => [new Fragment(text, font, Width(text, font), 0)];

    /// <summary>Letters (and apostrophes, which the patterns know), no digits: a word of the language, not a code.</summary>
    internal static bool IsWord(string text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLetter(c)) letters++;
            else if (char.IsDigit(c) || c is '_' or '/' or '@' or '=' or '+') return false;
        }
        return letters >= 2;
    }

    /// <summary>Runs of letters (with inner apostrophes), where hyphenation points may fall.</summary>
    private static IEnumerable<(int Start, int Length)> LetterRuns(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var letter = i < text.Length && (char.IsLetter(text[i]) || (start >= 0 && text[i] is '\'' or '’' && i + 1 < text.Length && char.IsLetter(text[i + 1])));
            if (letter && start < 0) start = i;
            else if (!letter && start >= 0)
            {
                yield return (start, i - start);
                start = -1;
            }
        }
    }

    /// <summary>Splits runs into words; each word is the list of its fragments, the first carrying the width of the space before it.</summary>
    private IEnumerable<(List<Fragment> Word, bool ForcedBreakAfter)> Words(IReadOnlyList<TextRun> runs, FontKey baseFont)
    {
        var word = new List<Fragment>();
        double pendingSpace = 0;
        foreach (var run in runs)
        {
            var font = baseFont.WithStyle(run.Bold || baseFont.Bold, run.Italic || baseFont.Italic);
            var text = French.Glue(run.Text.Replace("\r\n", "\n"));
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                var atEnd = i == text.Length;
                var c = atEnd ? '\0' : text[i];
                if (!atEnd && c != ' ' && c != '\n' && c != '\t') continue;
                if (i > start) AddPiece(word, text[start..i], font, word.Count == 0 ? pendingSpace : 0);
                if (!atEnd)
                {
                    if (word.Count > 0)
                    {
                        yield return (word, c == '\n');
                        word = [];
                        pendingSpace = 0;
                    }
                    else if (c == '\n')
                    {
                        yield return ([new Fragment("", font, 0, 0)], true);
                    }
                    pendingSpace = c == '\n' ? 0 : Width(" ", font);
                }
                start = i + 1;
            }
        }
        if (word.Count > 0) yield return (word, false);
    }

    /// <summary>
    /// A piece of a word in one style (no-break spaces may join several: "1er\u00A0janvier"); the letters of an ordinal
    /// ("1er", "11e") become a superscript fragment.
    /// </summary>
    private void AddPiece(List<Fragment> word, string piece, FontKey font, double spaceBefore)
    {
        if (piece.IndexOfAny(OrdinalDigits) < 0)
        {
            word.Add(new Fragment(piece, font, Width(piece, font), spaceBefore));
            return;
        }
        var plain = 0; // start of the text not yet added
        var segment = 0;
        for (var i = 0; i <= piece.Length; i++)
        {
            if (i < piece.Length && piece[i] is not (French.NoBreakSpace or French.ThinNoBreakSpace)) continue;
            if (i > segment && French.Ordinal(piece[segment..i]) is var (number, suffix, trailing))
            {
                var before = piece[plain..segment] + number;
                var small = font with { Size = Math.Round(font.Size * 0.65, 2) };
                word.Add(new Fragment(before, font, Width(before, font), word.Count == 0 ? spaceBefore : 0));
                word.Add(new Fragment(suffix, small, Width(suffix, small), 0));
                plain = i - trailing.Length;
            }
            segment = i + 1;
        }
        if (plain < piece.Length)
        {
            var rest = piece[plain..];
            word.Add(new Fragment(rest, font, Width(rest, font), word.Count == 0 ? spaceBefore : 0));
        }
    }

    private static readonly char[] OrdinalDigits = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

    public void Dispose() => _measure.Dispose();
}
