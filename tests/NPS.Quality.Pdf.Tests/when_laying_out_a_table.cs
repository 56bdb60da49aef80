using UglyToad.PdfPig.Content;

namespace NPS.Quality.Pdf.Tests;

public class when_laying_out_a_table
{
    private static readonly PageSettings Page = new();

    private static RenderResult FiveHundredRows() =>
        PdfRenderer.Render(Samples.Model([new Heading("Couverture"), new PageBreak(), new Heading("Annexe"), Samples.Table(500)]));

    [Fact]
    public void repeats_the_header_row_on_each_page()
    {
        var result = FiveHundredRows();

        using var pdf = PdfReading.Open(result);
        result.PageCount.ShouldBeGreaterThan(5);
        foreach (var page in pdf.Pages().Skip(1))
        {
            var lines = page.Lines().Where(l => l[0].BoundingBox.Top <= page.Height - Page.MarginTop + 0.5).ToList();
            var header = lines.First(l => l.Any(w => w.Text == "Échantillon"));
            header.Select(w => w.Text).ShouldBe(["Échantillon", "Indicateur", "Début", "Fin", "Délai", "(j)", "Saisi", "par"], $"page {page.Number}");
            // The header sits above every row of the page.
            var rows = page.Words().Where(w => w.Text.StartsWith("E-"));
            rows.ShouldAllBe(w => w.BoundingBox.Top < header[0].BoundingBox.Bottom);
        }
    }

    [Fact]
    public void lists_every_row_once_and_in_order()
    {
        var result = FiveHundredRows();

        using var pdf = PdfReading.Open(result);
        var ids = pdf.Pages().SelectMany(p => p.Lines()).SelectMany(l => l).Select(w => w.Text).Where(t => t.StartsWith("E-")).ToList();
        ids.ShouldBe(Enumerable.Range(1, 500).Select(i => $"E-{i:00000}").ToList());
    }

    [Fact]
    public void never_draws_a_row_below_the_bottom_margin()
    {
        var result = FiveHundredRows();

        using var pdf = PdfReading.Open(result);
        foreach (var page in pdf.Pages())
        {
            var stray = page.Words().Where(w => w.BoundingBox.Bottom < Page.MarginBottom - 0.5 && !IsFooter(w)).ToList();
            stray.ShouldBeEmpty($"page {page.Number}: {string.Join(" ", stray.Select(w => w.Text))}");
        }
    }

    [Fact]
    public void keeps_wrapped_cell_text_inside_its_column()
    {
        var table = new Table
        {
            Columns = [new TableColumn("Code", ColumnWidth.Fixed(60)), new TableColumn("Constat", 1), new TableColumn("Catégorie", ColumnWidth.Fixed(80))],
            Rows = [["NC-1", Samples.FrenchProse, "Non-conformité majeure"], ["NC-2", "Court", "Remarque"]],
        };
        var result = PdfRenderer.Render(Samples.Model([new PageBreak(), table]));

        using var pdf = PdfReading.Open(result);
        var words = pdf.GetPage(2).BodyWords(Page);
        var constatLeft = Page.MarginLeft + 60;
        var constatRight = Page.Width - Page.MarginRight - 80;
        var prose = Samples.FrenchProse.Split(' ').ToHashSet();
        foreach (var word in words.Where(w => prose.Contains(w.Text) && w.BoundingBox.Left > constatLeft - 1 && w.BoundingBox.Left < constatRight))
            word.BoundingBox.Right.ShouldBeLessThanOrEqualTo(constatRight, word.Text);
        words.Count(w => w.Text == "Non-conformité" || w.Text == "majeure").ShouldBe(2);
        words.Where(w => w.Text is "Non-conformité" or "majeure").ShouldAllBe(w => w.BoundingBox.Right <= Page.Width - Page.MarginRight + 0.5);
    }

    [Fact]
    public void splits_a_row_taller_than_a_page_between_lines_and_keeps_its_text()
    {
        var huge = string.Join("\n", Enumerable.Range(1, 150).Select(i => $"ligne{i}"));
        var table = new Table { Columns = [new TableColumn("Clé", 1), new TableColumn("Texte", 3)], Rows = [["A", "court"], ["B", huge], ["C", "fin"]] };
        var result = PdfRenderer.Render(Samples.Model([new PageBreak(), table]));

        using var pdf = PdfReading.Open(result);
        result.PageCount.ShouldBeGreaterThan(2);
        var texts = pdf.Pages().Skip(1).SelectMany(p => p.Lines()).SelectMany(l => l).Select(w => w.Text).Where(t => t.StartsWith("ligne")).ToList();
        texts.ShouldBe(Enumerable.Range(1, 150).Select(i => $"ligne{i}").ToList());
        foreach (var page in pdf.Pages())
            page.Words().Where(w => w.BoundingBox.Bottom < Page.MarginBottom - 0.5 && !IsFooter(w)).ShouldBeEmpty();
        foreach (var page in pdf.Pages().Skip(1))
            page.Texts().ShouldContain("Texte");
    }

    private static bool IsFooter(Word word) => word.BoundingBox.Top < Page.MarginBottom - 10;
}
