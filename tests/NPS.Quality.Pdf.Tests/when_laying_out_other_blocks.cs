namespace NPS.Quality.Pdf.Tests;

public class when_laying_out_other_blocks
{
    private static readonly PageSettings Page = new();

    [Fact]
    public void draws_the_histogram_labels_axis_titles_and_threshold()
    {
        var result = PdfRenderer.Render(Samples.Model([Samples.Histogram()]));

        using var pdf = PdfReading.Open(result);
        var words = pdf.GetPage(1).Texts();
        words.ShouldContain("Seuil");
        words.ShouldContain("8");
        words.ShouldContain("d'échantillons");
        words.ShouldContain("ouvrés)");
        words.ShouldContain("14"); // round ticks every 2 days over 0–15, not the bin edges
        words.ShouldNotContain("15");
        words.ShouldContain("40"); // the top of the y axis
    }

    [Fact]
    public void continues_a_callout_longer_than_a_page_on_the_next_page()
    {
        var callout = new Callout { Title = "Avertissement", Paragraphs = Enumerable.Range(1, 20).Select(i => new Paragraph($"{i}. {Samples.FrenchProse}")).ToList() };
        var result = PdfRenderer.Render(Samples.Model([new PageBreak(), callout]));

        using var pdf = PdfReading.Open(result);
        result.PageCount.ShouldBeGreaterThan(2);
        foreach (var page in pdf.Pages())
        {
            page.Words().Where(w => w.BoundingBox.Bottom < Page.MarginBottom - 0.5 && w.BoundingBox.Top > Page.MarginBottom - 10).ShouldBeEmpty();
            page.BodyWords(Page).ShouldAllBe(w => w.BoundingBox.Right <= Page.Width - Page.MarginRight);
        }
        var starts = pdf.Pages().SelectMany(p => p.Lines()).Select(l => l[0].Text).Where(t => t.EndsWith('.') && int.TryParse(t.TrimEnd('.'), out _)).ToList();
        starts.ShouldBe(Enumerable.Range(1, 20).Select(i => $"{i}."));
    }

    [Fact]
    public void renders_a_key_value_list_with_wrapped_values()
    {
        var list = new KeyValueList(("Référentiel", "Qualiville"), ("Commentaire", Samples.FrenchProse));
        var result = PdfRenderer.Render(Samples.Model([list]));

        using var pdf = PdfReading.Open(result);
        var lines = pdf.GetPage(1).Lines();
        lines[0].Select(w => w.Text).ShouldBe(["Référentiel", "Qualiville"]);
        lines.Count.ShouldBeGreaterThan(3);
    }

    [Fact]
    public void renders_an_empty_document_as_one_blank_cover()
    {
        var result = PdfRenderer.Render(Samples.Model([]));

        result.PageCount.ShouldBe(1);
        using var pdf = PdfReading.Open(result);
        pdf.GetPage(1).Texts().ShouldBeEmpty();
    }

    [Fact]
    public void renders_a_table_without_rows_as_its_header()
    {
        var result = PdfRenderer.Render(Samples.Model([Samples.Table(0)]));

        using var pdf = PdfReading.Open(result);
        pdf.GetPage(1).Texts().ShouldContain("Échantillon");
    }

    [Fact]
    public void starts_a_new_page_at_each_page_break()
    {
        var result = PdfRenderer.Render(Samples.Model([new Paragraph("un"), new PageBreak(), new Paragraph("deux"), new PageBreak(), new Paragraph("trois")]));

        using var pdf = PdfReading.Open(result);
        result.PageCount.ShouldBe(3);
        pdf.GetPage(3).BodyWords(Page).Select(w => w.Text).ShouldBe(["trois"]);
    }

    [Fact]
    public void leaves_a_line_cut_short_by_a_long_word_ragged_rather_than_stretched()
    {
        var hash = new string('a', 64);
        var result = PdfRenderer.Render(Samples.Model([new Paragraph($"Empreinte des données : {hash} fin")]));

        using var pdf = PdfReading.Open(result);
        var first = pdf.GetPage(1).Lines()[0];
        first.Select(w => w.Text).ShouldBe(["Empreinte", "des", "données", ":"]);
        (first[1].BoundingBox.Left - first[0].BoundingBox.Right).ShouldBeLessThan(10);
    }
}
