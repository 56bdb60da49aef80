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
        font = new XFont(EmbeddedFontResolver.FamilyName, key.Size, style);
        _fonts[key] = font;
        return font;
    }

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
    /// Greedy line breaking at spaces; '\n' forces a break. A word wider than the line is cut between
    /// characters so that nothing ever overflows.
    /// </summary>
    public List<TextLine> Wrap(IReadOnlyList<TextRun> runs, FontKey baseFont, double maxWidth)
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

        foreach (var (words, forcedBreakAfter) in Words(runs, baseFont))
        {
            // A word may be several fragments when the style changes inside it ("**gras**,").
            var wordWidth = words.Sum(f => f.Width);
            var space = current.Count == 0 ? 0 : words[0].SpaceBefore;
            if (current.Count > 0 && width + space + wordWidth > maxWidth)
            {
                EndLine(false);
                space = 0;
            }
            if (wordWidth > maxWidth)
            {
                foreach (var fragment in words)
                {
                    var text = fragment.Text;
                    var start = 0;
                    double chunkWidth = 0;
                    for (var i = 0; i < text.Length; i++)
                    {
                        var charWidth = Width(text[i].ToString(), fragment.Font);
                        if (width + chunkWidth + charWidth > maxWidth && (i > start || current.Count > 0))
                        {
                            if (i > start)
                            {
                                current.Add(new Fragment(text[start..i], fragment.Font, chunkWidth, 0));
                                width += chunkWidth;
                            }
                            EndLine(false);
                            start = i;
                            chunkWidth = 0;
                        }
                        chunkWidth += charWidth;
                    }
                    if (start < text.Length)
                    {
                        var piece = text[start..];
                        var pieceWidth = Width(piece, fragment.Font);
                        current.Add(new Fragment(piece, fragment.Font, pieceWidth, 0));
                        width += pieceWidth;
                    }
                }
            }
            else
            {
                for (var i = 0; i < words.Count; i++)
                {
                    var gap = i == 0 ? space : 0;
                    current.Add(words[i] with { SpaceBefore = gap });
                    width += gap + words[i].Width;
                }
            }
            if (forcedBreakAfter) EndLine(true);
        }
        if (current.Count > 0 || lines.Count == 0) EndLine(true);
        return lines;
    }

    public List<TextLine> Wrap(string text, FontKey font, double maxWidth) => Wrap([new TextRun(text)], font, maxWidth);

    /// <summary>Splits runs into words; each word is the list of its fragments, the first carrying the width of the space before it.</summary>
    private IEnumerable<(List<Fragment> Word, bool ForcedBreakAfter)> Words(IReadOnlyList<TextRun> runs, FontKey baseFont)
    {
        var word = new List<Fragment>();
        double pendingSpace = 0;
        foreach (var run in runs)
        {
            var font = baseFont.WithStyle(run.Bold || baseFont.Bold, run.Italic || baseFont.Italic);
            var text = run.Text.Replace("\r\n", "\n");
            var start = 0;
            for (var i = 0; i <= text.Length; i++)
            {
                var atEnd = i == text.Length;
                var c = atEnd ? '\0' : text[i];
                if (!atEnd && c != ' ' && c != '\n' && c != '\t') continue;
                if (!atEnd && c == ' ' && GluesToNeighbour(text, i, start)) continue;
                if (i > start)
                {
                    var piece = text[start..i];
                    word.Add(new Fragment(piece, font, Width(piece, font), word.Count == 0 ? pendingSpace : 0));
                }
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
    /// French typography: the space after « and before » : ; ! ? must not break a line, even when the
    /// caller typed an ordinary space; it stays inside the word.
    /// </summary>
    private static bool GluesToNeighbour(string text, int space, int wordStart)
    {
        if (space > wordStart && text[space - 1] == '«') return true;
        if (space == wordStart || space + 1 >= text.Length) return false;
        var next = text[space + 1];
        var afterNext = space + 2 < text.Length ? text[space + 2] : ' ';
        return next is '»' or ':' or ';' or '!' or '?' && afterNext is ' ' or '\n' or '.' or ',' or ')';
    }

    public void Dispose() => _measure.Dispose();
}
