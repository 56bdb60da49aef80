using System.Reflection;
using PdfSharp.Drawing;
using PdfSharp.Fonts;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace NPS.Quality.Pdf.Fonts;

/// <summary>
/// The two things <see cref="Layout.TextOperators"/> needs from PDFsharp 6.2.4 that it does not make public: a face's
/// glyph ids, and the document's font object for a face (the Identity-H Type 0 font that <c>DrawString</c> would use and
/// that <see cref="PdfDocument.AddCharacters"/> fills). Reached by reflection, once per face and process for the
/// members and once per new character for the glyph ids; PDFsharp's version is pinned, and any render test fails
/// at once should a member move.
/// </summary>
internal static class PdfSharpFonts
{
    private const BindingFlags Internal = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;

    private static readonly PropertyInfo GlyphTypefaceProperty = Member(typeof(XFont).GetProperty("GlyphTypeface", Internal));
    private static readonly PropertyInfo DescriptorProperty = Member(typeof(XFont).GetProperty("OpenTypeDescriptor", Internal));
    private static readonly PropertyInfo FontTableProperty = Member(typeof(PdfDocument).GetProperty("FontTable", Internal));
    private static readonly Type FontType = Member(typeof(PdfDocument).Assembly.GetType("PdfSharp.Pdf.Advanced.FontType"));
    private static readonly object Type0Unicode = Enum.Parse(FontType, "Type0Unicode");
    private static readonly MethodInfo GetOrCreateFont =
        Member(FontTableProperty.PropertyType.GetMethod("GetOrCreateFont", Internal, [typeof(XGlyphTypeface), FontType]));
    private static readonly MethodInfo GlyphIndicesFromCodePoints =
        Member(DescriptorProperty.PropertyType.GetMethod("GlyphIndicesFromCodePoints", Internal, [typeof(int[]), typeof(bool)]));

    private static T Member<T>(T? member) where T : class =>
        member ?? throw new InvalidOperationException($"PDFsharp {typeof(PdfDocument).Assembly.GetName().Version} lacks a member the text writer needs (written for 6.2.4).");

    /// <summary>The glyph id of each code point in the font's face (0 when the face has none, as PDFsharp writes it).</summary>
    public static ushort[] GlyphIds(XFont font, int[] codePoints)
    {
        var descriptor = DescriptorProperty.GetValue(font);
        var pairs = (CodePointGlyphIndexPair[])GlyphIndicesFromCodePoints.Invoke(descriptor, [codePoints, false])!;
        var ids = new ushort[pairs.Length];
        for (var i = 0; i < pairs.Length; i++) ids[i] = pairs[i].GlyphIndex;
        return ids;
    }

    /// <summary>The document's Identity-H font for the face of <paramref name="font"/>: the one DrawString would use.</summary>
    public static PdfFont DocumentFont(PdfDocument document, XFont font) =>
        (PdfFont)GetOrCreateFont.Invoke(FontTableProperty.GetValue(document), [GlyphTypefaceProperty.GetValue(font), Type0Unicode])!;
}
