using System.Text;
using NPS.Quality.Pdf.Layout;

namespace NPS.Quality.Pdf.Tests;

/// <summary>The text operators the layer writes itself (<see cref="TextOperators"/>), in place of PDFsharp's DrawString.</summary>
public class when_writing_text
{
    private const string Unusual = "Œuvre cœur « 1 250 € » ½ Ω ≤ ≥ — naïve ŒIL Ÿ";

    [Fact]
    public void keeps_the_glyphs_in_the_subset_with_their_unicode_values()
    {
        var model = Samples.Model([new Paragraph(new TextRun(Unusual)), new Paragraph(new TextRun("gras œ ½", Bold: true))]);
        var result = PdfRenderer.Render(model);
        using var pdf = PdfReading.Open(result);

        // PdfPig maps the glyph ids back through each font's ToUnicode map.
        static string Visible(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
        Visible(string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value))).ShouldContain(Visible(Unusual));
        pdf.GetPage(1).Texts().ShouldContain("gras");

        // Each font is a subset with a ToUnicode map, and no letter came out as .notdef (glyph 0).
        var fonts = Type0Fonts(result.Bytes);
        fonts.Count.ShouldBe(2); // regular and bold
        fonts.ShouldAllBe(font => font.Contains("/ToUnicode ") && System.Text.RegularExpressions.Regex.IsMatch(font, "/BaseFont/[A-Z]{6}\\+DejaVu"));
        pdf.GetPage(1).Letters.ShouldAllBe(l => l.Value != "\uFFFD" && l.Value.Length > 0);
    }

    [Fact]
    public void nests_text_objects_and_marked_content()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Dossier()));

        foreach (var page in pdf.Pages())
        {
            // Text objects and marked-content sequences nest (ISO 32000-1 §14.6); saved states balance on their own
            // (PDFsharp keeps one open from its first drawing to the end of the page).
            var open = new Stack<string>();
            var states = 0;
            foreach (var op in page.Operations.Select(o => o.Operator))
            {
                switch (op)
                {
                    case "BT" or "BDC" or "BMC":
                        open.Push(op is "BT" ? "BT" : "BDC");
                        break;
                    case "ET" or "EMC":
                        open.ShouldNotBeEmpty($"page {page.Number}: {op} without its opening");
                        open.Pop().ShouldBe(op is "ET" ? "BT" : "BDC", $"page {page.Number}: {op} closes another pair");
                        break;
                    case "q":
                        states++;
                        break;
                    case "Q":
                        states--;
                        states.ShouldBeGreaterThanOrEqualTo(0, $"page {page.Number}");
                        break;
                    case "Tj" or "TJ":
                        open.ShouldContain("BT", $"page {page.Number}: text outside BT … ET");
                        open.ShouldContain("BDC", $"page {page.Number}: text outside marked content");
                        break;
                }
            }
            open.ShouldBeEmpty($"page {page.Number}");
            states.ShouldBe(0, $"page {page.Number}");
        }
    }

    [Fact]
    public void draws_the_text_where_the_layout_put_it()
    {
        var model = Samples.Model([new Paragraph(new TextRun("Premier")) { Alignment = TextAlignment.Left }]);
        using var pdf = PdfReading.Open(PdfRenderer.Render(model));

        var word = pdf.GetPage(1).Words().Single(w => w.Text == "Premier");
        word.BoundingBox.Left.ShouldBe(model.Page.MarginLeft, 0.01);
        // The line starts at the top margin; the glyphs sit below it, within the line.
        word.BoundingBox.Top.ShouldBeLessThan(model.Page.Height - model.Page.MarginTop);
        word.BoundingBox.Top.ShouldBeGreaterThan(model.Page.Height - model.Page.MarginTop - 12);
    }

    [Theory]
    [InlineData(0, "0")]
    [InlineData(3000, "3")]
    [InlineData(12500, "12.5")]
    [InlineData(-47, "-0.047")]
    [InlineData(1001, "1.001")]
    [InlineData(765038, "765.038")]
    [InlineData(-467739, "-467.739")]
    [InlineData(100, "0.1")]
    public void writes_numbers_with_at_most_three_decimals_and_no_trailing_zero(long thousandths, string expected) =>
        TextOperators.AppendThousandths(new StringBuilder(), thousandths).ToString().ShouldBe(expected);

    [Theory]
    [InlineData(0x0041, "\u0000A")]
    [InlineData(0x2829, "\\(\\)")]
    [InlineData(0x5C0D, "\\\\\\r")]
    [InlineData(0x0A7E, "\\n~")]
    [InlineData(0x12F3, "\u0012\u00F3")]
    public void writes_a_glyph_id_as_two_string_bytes_escaping_parentheses_backslash_and_ends_of_line(int glyph, string expected)
    {
        var b = new StringBuilder();
        TextOperators.AppendGlyph(b, (ushort)glyph);
        b.ToString().ShouldBe(expected);
    }

    private static List<string> Type0Fonts(byte[] pdf) =>
        System.Text.RegularExpressions.Regex.Matches(Encoding.Latin1.GetString(pdf), "<<[^<>]*?/Subtype/Type0[^<>]*>>").Select(m => m.Value).ToList();
}
