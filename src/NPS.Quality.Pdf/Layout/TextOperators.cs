using System.Collections.Concurrent;
using System.Text;
using NPS.Quality.Pdf.Fonts;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace NPS.Quality.Pdf.Layout;

/// <summary>
/// Writes the text operators of a page straight into its content stream, in place of PDFsharp's
/// <c>XGraphics.DrawString</c>, which cost about 2 KB of garbage and a dozen objects per call (45 % of a render, with
/// 1,300–4,100 calls per dossier). Consecutive pieces of text form one text object, <c>q BT … ET Q</c> (marked-content
/// sequences inside it, see <see cref="Tagger"/>): the glyph ids of
/// the Identity-H font, two bytes each in a literal string (<c>(…) Tj</c>), positioned with <c>Td</c>, with <c>Tf</c> and <c>rg</c> only when the
/// font or colour changes. <c>q</c>/<c>Q</c> keep the colour set here from PDFsharp, which remembers the last fill
/// colour it set and would otherwise skip setting it again.
/// <para>
/// The fonts stay PDFsharp's: the same Type 0 font objects <c>DrawString</c> would use, and every character shown is
/// registered with <see cref="PdfDocument.AddCharacters"/> (<see cref="Finish"/>), so the subsets and ToUnicode maps
/// written when saving hold exactly the glyphs the pages show.
/// </para>
/// </summary>
internal sealed class TextOperators(PdfDocument document, Typesetter type, double pageHeight)
{
    private readonly Face[] _faces = new Face[4];
    private StringBuilder? _content;
    private PdfPage? _page;
    private bool _open;
    private int _face = -1;
    private double _size;
    private XColor _color;
    private bool _colorSet;
    // Start of the current text line, as written (thousandths of a point): the next Td is relative to it.
    private long _x, _y;

    private sealed class Face(XFont font)
    {
        public XFont Font { get; } = font;
        public string? PageName { get; set; }
        public ulong[] UsedBmp { get; } = new ulong[1024];
        public HashSet<int> UsedOther { get; } = [];
    }

    public void BeginPage(PdfPage page, StringBuilder content)
    {
        _page = page;
        _content = content;
        foreach (var face in _faces)
            if (face is not null) face.PageName = null;
    }

    public void EndPage()
    {
        Close();
        _content = null;
        _page = null;
    }

    /// <summary>Text whose top left is (x, top), in layout coordinates (points from the top of the page).</summary>
    public void Show(string text, FontKey font, XColor color, double x, double top)
    {
        if (text.Length == 0) return;
        var b = _content ?? throw new InvalidOperationException("Text outside a page.");
        // The text object is opened by the tagger, inside or around the marked-content sequence: never here, where it
        // could straddle a sequence's end.
        if (!_open) throw new InvalidOperationException("Text outside a text object.");
        var face = FaceOf(font);
        var index = FaceIndex(font);
        if (_face != index || _size != font.Size)
        {
            b.Append(face.PageName ??= _page!.Resources.AddFont(PdfSharpFonts.DocumentFont(document, face.Font))).Append(' ');
            AppendThousandths(b, Thousandths(font.Size));
            b.Append(" Tf\n");
            _face = index;
            _size = font.Size;
        }
        if (!_colorSet || _color != color)
        {
            AppendThousandths(b, ColorComponent(color.R)).Append(' ');
            AppendThousandths(b, ColorComponent(color.G)).Append(' ');
            AppendThousandths(b, ColorComponent(color.B)).Append(" rg\n");
            _color = color;
            _colorSet = true;
        }
        // PDF user space has its origin at the bottom of the page; the text is placed by its baseline.
        var px = Thousandths(x);
        var py = Thousandths(pageHeight - top - type.Ascent(font));
        AppendThousandths(b, px - _x).Append(' ');
        AppendThousandths(b, py - _y).Append(" Td (");
        _x = px;
        _y = py;
        var glyphs = Glyphs(index, face.Font);
        for (var i = 0; i < text.Length; i++)
        {
            int codePoint = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                codePoint = char.ConvertToUtf32(text[i], text[++i]);
            if (codePoint < 0x10000) face.UsedBmp[codePoint >> 6] |= 1UL << (codePoint & 63);
            else face.UsedOther.Add(codePoint);
            AppendGlyph(b, glyphs.Id(codePoint));
        }
        b.Append(")Tj\n");
    }

    /// <summary>Begins a text object, unless one is open.</summary>
    public void Open()
    {
        if (_open) return;
        _content!.Append("q\nBT\n");
        _open = true;
        _face = -1;
        _colorSet = false;
        _x = _y = 0;
    }

    /// <summary>Ends the text object, if one is open: before PDFsharp draws, and at the end of the page.</summary>
    public void Close()
    {
        if (!_open) return;
        _content!.Append("ET\nQ\n");
        _open = false;
    }

    /// <summary>Once every page is written: each face's font learns the characters shown, for its subset and ToUnicode map.</summary>
    public void Finish()
    {
        foreach (var face in _faces)
        {
            if (face is null) continue;
            var chars = new StringBuilder();
            for (var word = 0; word < face.UsedBmp.Length; word++)
                for (var bits = face.UsedBmp[word]; bits != 0; bits &= bits - 1)
                    chars.Append((char)(word * 64 + System.Numerics.BitOperations.TrailingZeroCount(bits)));
            foreach (var codePoint in face.UsedOther.Order()) chars.Append(char.ConvertFromUtf32(codePoint));
            if (chars.Length > 0) document.AddCharacters(face.Font, chars.ToString());
        }
    }

    private static int FaceIndex(FontKey font) => (font.Bold ? 1 : 0) + (font.Italic ? 2 : 0);

    private Face FaceOf(FontKey font) => _faces[FaceIndex(font)] ??= new Face(type.Font(font));

    private static long Thousandths(double value) => (long)Math.Round(value * 1000, MidpointRounding.AwayFromZero);

    /// <summary>0–255 as 0–1 with three decimals, as PDFsharp writes colours.</summary>
    private static long ColorComponent(byte value) => (value * 1000 + 127) / 255;

    /// <summary>A number given in thousandths, written with at most three decimals and no trailing zero: 12.5, -0.047, 3.</summary>
    internal static StringBuilder AppendThousandths(StringBuilder b, long thousandths)
    {
        if (thousandths < 0)
        {
            b.Append('-');
            thousandths = -thousandths;
        }
        b.Append(thousandths / 1000);
        var fraction = (int)(thousandths % 1000);
        if (fraction == 0) return b;
        b.Append('.');
        b.Append((char)('0' + fraction / 100));
        fraction %= 100;
        if (fraction == 0) return b;
        b.Append((char)('0' + fraction / 10));
        fraction %= 10;
        if (fraction != 0) b.Append((char)('0' + fraction));
        return b;
    }

    /// <summary>
    /// A glyph id as the two bytes of a literal string (half the size of a hex string): each byte one char, which
    /// PDFsharp writes as that byte. '(', ')' and '\' are escaped, and so are CR and LF, which a reader would otherwise
    /// take for an end of line (ISO 32000-1 §7.3.4.2).
    /// </summary>
    internal static void AppendGlyph(StringBuilder b, ushort glyph)
    {
        AppendByte(b, (byte)(glyph >> 8));
        AppendByte(b, (byte)glyph);
    }

    private static void AppendByte(StringBuilder b, byte value)
    {
        switch (value)
        {
            case (byte)'(' or (byte)')' or (byte)'\\':
                b.Append('\\').Append((char)value);
                break;
            case (byte)'\r':
                b.Append("\\r");
                break;
            case (byte)'\n':
                b.Append("\\n");
                break;
            default:
                b.Append((char)value);
                break;
        }
    }

    // Glyph ids depend only on the face: looked up once per face and character for the whole process.
    private static readonly GlyphTable[] GlyphTables = [new(), new(), new(), new()];

    private static GlyphTable Glyphs(int faceIndex, XFont font)
    {
        var table = GlyphTables[faceIndex];
        table.Font ??= font;
        return table;
    }

    /// <summary>
    /// Code point → glyph id of one face, filled on demand. Concurrent renders may fill the same entry: they write the
    /// same value, and an int write is atomic.
    /// </summary>
    private sealed class GlyphTable
    {
        public XFont? Font { get; set; }
        private readonly int[]?[] _blocks = new int[]?[256]; // BMP, 256 blocks of 256: glyph id + 1, 0 = not looked up
        private readonly ConcurrentDictionary<int, ushort> _other = new();

        public ushort Id(int codePoint)
        {
            if (codePoint >= 0x10000) return _other.GetOrAdd(codePoint, c => PdfSharpFonts.GlyphIds(Font!, [c])[0]);
            var block = _blocks[codePoint >> 8];
            if (block is null) Interlocked.CompareExchange(ref _blocks[codePoint >> 8], new int[256], null);
            block = _blocks[codePoint >> 8]!;
            var entry = block[codePoint & 255];
            if (entry == 0) block[codePoint & 255] = entry = PdfSharpFonts.GlyphIds(Font!, [codePoint])[0] + 1;
            return (ushort)(entry - 1);
        }
    }
}
