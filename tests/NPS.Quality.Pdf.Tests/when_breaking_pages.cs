namespace NPS.Quality.Pdf.Tests;

public class when_breaking_pages
{
    private static readonly PageSettings Page = new();
    private static double Body => Page.Height - Page.MarginTop - Page.MarginBottom;

    private const string Prose = "Première phrase du paragraphe qui s'étend sur plusieurs lignes afin de vérifier la coupure des pages. " +
        "Deuxième phrase, tout aussi longue, pour remplir la deuxième ligne du paragraphe et la suivante. " +
        "Troisième phrase qui ajoute encore une ligne au paragraphe mesuré. Quatrième et dernière phrase, qui le termine ici.";

    /// <summary>Lines of the body of each page whose words belong to the prose.</summary>
    private static List<int> ProseLinesPerPage(RenderResult result)
    {
        using var pdf = PdfReading.Open(result);
        var words = Prose.Split(' ').ToHashSet();
        return pdf.Pages().Select(p => p.BodyWords(Page).Where(w => words.Contains(w.Text) || w.Text.EndsWith('-'))
            .Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count()).ToList();
    }

    private static (int Lines, double Height) Measure()
    {
        var alone = PdfRenderer.Render(Samples.Model([new Paragraph(Prose)]));
        using var pdf = PdfReading.Open(alone);
        var lines = pdf.GetPage(1).Lines();
        return (lines.Count, lines[0][0].BoundingBox.Bottom - lines[1][0].BoundingBox.Bottom);
    }

    [Fact]
    public void never_leaves_the_first_line_of_a_paragraph_alone_at_the_bottom()
    {
        var (lines, height) = Measure();
        lines.ShouldBeGreaterThanOrEqualTo(4);
        // Room for one line and a half at the bottom of page 1.
        var result = PdfRenderer.Render(Samples.Model([new Spacer(Body - 1.5 * height), new Paragraph(Prose)]));

        ProseLinesPerPage(result).ShouldBe([0, lines]);
    }

    [Fact]
    public void never_leaves_the_last_line_of_a_paragraph_alone_at_the_top_of_a_page()
    {
        var (lines, height) = Measure();
        // Room for all lines but one on page 1: one more goes along, two end on page 2.
        var result = PdfRenderer.Render(Samples.Model([new Spacer(Body - (lines - 0.5) * height), new Paragraph(Prose)]));

        ProseLinesPerPage(result).ShouldBe([lines - 2, 2]);
    }

    [Fact]
    public void keeps_a_key_value_list_on_one_page()
    {
        var list = new KeyValueList(Enumerable.Range(1, 8).Select(i => ($"Clé {i}", $"Valeur {i}")).ToArray());
        var result = PdfRenderer.Render(Samples.Model([new Spacer(Body - 60), list]));

        using var pdf = PdfReading.Open(result);
        pdf.GetPage(1).BodyWords(Page).ShouldBeEmpty();
        pdf.GetPage(2).BodyWords(Page).Count(w => w.Text == "Clé").ShouldBe(8);
    }

    [Fact]
    public void keeps_a_heading_with_the_list_and_chart_it_is_kept_with()
    {
        var list = new KeyValueList(("Seuil", "8 jours ouvrés"), ("Verdict", "Conforme")) { KeepWithNext = true };
        var result = PdfRenderer.Render(Samples.Model([new Spacer(Body - 150), new Heading("Indicateur R1", 3), list, Samples.Histogram()]));

        result.HeadingPages.ShouldBe([2]);
        using var pdf = PdfReading.Open(result);
        pdf.GetPage(1).BodyWords(Page).ShouldBeEmpty();
        var texts = pdf.GetPage(2).Texts();
        texts.ShouldContain("R1");
        texts.ShouldContain("Verdict");
        texts.ShouldContain("Seuil");
    }

    [Fact]
    public void never_ends_a_page_on_a_table_header_and_a_single_row()
    {
        var result = PdfRenderer.Render(Samples.Model([new Spacer(Body - 40), Samples.Table(10)]));

        using var pdf = PdfReading.Open(result);
        pdf.GetPage(1).BodyWords(Page).ShouldBeEmpty();
        pdf.GetPage(2).Texts().ShouldContain("E-00001");
    }

    [Fact]
    public void carries_the_row_before_the_last_along_rather_than_leave_the_last_alone()
    {
        // Find how many rows fill page 1, then make a table with exactly one more.
        var probe = PdfRenderer.Render(Samples.Model([Samples.Table(200)]));
        using var probePdf = PdfReading.Open(probe);
        var onFirstPage = probePdf.GetPage(1).Texts().Count(t => t.StartsWith("E-"));

        var result = PdfRenderer.Render(Samples.Model([Samples.Table(onFirstPage + 1)]));
        using var pdf = PdfReading.Open(result);
        pdf.GetPage(1).Texts().Count(t => t.StartsWith("E-")).ShouldBe(onFirstPage - 1);
        pdf.GetPage(2).Texts().Count(t => t.StartsWith("E-")).ShouldBe(2);
    }
}
