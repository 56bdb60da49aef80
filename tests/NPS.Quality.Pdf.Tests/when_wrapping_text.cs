namespace NPS.Quality.Pdf.Tests;

public class when_wrapping_text
{
    private static readonly PageSettings Page = new();

    [Fact]
    public void keeps_every_word_of_a_long_paragraph_within_the_margins()
    {
        var prose = string.Join(" ", Enumerable.Repeat(Samples.FrenchProse, 25));
        var result = PdfRenderer.Render(Samples.Model([new Paragraph(prose)]));

        using var pdf = PdfReading.Open(result);
        result.PageCount.ShouldBeGreaterThan(1);
        foreach (var page in pdf.Pages())
        foreach (var word in page.BodyWords(Page))
        {
            word.BoundingBox.Left.ShouldBeGreaterThanOrEqualTo(Page.MarginLeft - 0.5, word.Text);
            word.BoundingBox.Right.ShouldBeLessThanOrEqualTo(Page.Width - Page.MarginRight + 0.5, word.Text);
        }
    }

    [Fact]
    public void justifies_every_line_but_the_last_to_the_right_margin()
    {
        var prose = string.Join(" ", Enumerable.Repeat(Samples.FrenchProse, 3));
        var result = PdfRenderer.Render(Samples.Model([new PageBreak(), new Paragraph(prose)]));

        using var pdf = PdfReading.Open(result);
        var lines = pdf.GetPage(2).Lines().Where(l => l[0].BoundingBox.Bottom > Page.MarginBottom && l[0].BoundingBox.Top < Page.Height - Page.MarginTop).ToList();
        lines.Count.ShouldBeGreaterThan(5);
        foreach (var line in lines.SkipLast(1))
            line[^1].BoundingBox.Right.ShouldBe(Page.Width - Page.MarginRight, 1.0);
        lines[^1][^1].BoundingBox.Right.ShouldBeLessThan(Page.Width - Page.MarginRight - 5);
    }

    [Fact]
    public void breaks_a_word_longer_than_the_line_between_characters()
    {
        var longWord = string.Concat(Enumerable.Range(0, 40).Select(i => $"segment{i}"));
        var result = PdfRenderer.Render(Samples.Model([new Paragraph($"Avant {longWord} après")]));

        using var pdf = PdfReading.Open(result);
        var words = pdf.GetPage(1).BodyWords(Page);
        foreach (var word in words)
            word.BoundingBox.Right.ShouldBeLessThanOrEqualTo(Page.Width - Page.MarginRight + 0.5, word.Text);
        string.Concat(words.Select(w => w.Text)).ShouldBe($"Avant{longWord}après");
        words.Count.ShouldBeGreaterThan(3);
    }

    [Fact]
    public void extracts_accents_guillemets_ligatures_and_the_euro_sign_intact()
    {
        var result = PdfRenderer.Render(Samples.Model([new Paragraph(Samples.FrenchProse)]));

        using var pdf = PdfReading.Open(result);
        var words = pdf.GetPage(1).Texts();
        words.ShouldContain("«");
        words.ShouldContain("»");
        words.ShouldContain("cœur");
        words.ShouldContain("€");
        words.ShouldContain("l'œil");
        words.ShouldContain("Ça");
        words.ShouldContain("s'élèvent");
        words.ShouldContain("réception");
    }

    [Fact]
    public void sets_bold_and_italic_runs_in_their_own_faces()
    {
        var result = PdfRenderer.Render(Samples.Model(
            [new Paragraph(new TextRun("Gras", Bold: true), new TextRun(" puis "), new TextRun("italique", Italic: true), new TextRun("."))]));

        using var pdf = PdfReading.Open(result);
        var words = pdf.GetPage(1).Words();
        words.Single(w => w.Text == "Gras").FontName!.ShouldContain("Bold");
        words.Single(w => w.Text.StartsWith("italique")).Letters[0].FontName!.ShouldContain("Oblique");
        words.Single(w => w.Text == "puis").FontName!.ShouldNotContain("Bold");
    }
}

public class when_measuring_text
{
    [Theory]
    [InlineData("Délai de réponse aux réclamations", false, false)]
    [InlineData("« Cœur » — 120 € ; Ça l'œil", true, false)]
    [InlineData("E-00001 02/01/2018 AVAWAy", false, true)]
    public void sums_character_advances_exactly_as_pdfsharp_measures_the_string(string text, bool bold, bool italic)
    {
        Fonts.EmbeddedFontResolver.EnsureInstalled();
        using var type = new Layout.Typesetter();
        var font = new Layout.FontKey(9.5, bold, italic);

        type.Width(text, font).ShouldBe(type.MeasureString(text, font), 1e-6);
    }
}

public class when_wrapping_french_punctuation
{
    [Fact]
    public void never_starts_a_line_with_a_closing_guillemet_or_a_colon()
    {
        var prose = string.Join(" ", Enumerable.Repeat("« citation » et constat : délai ; question ? oui ! fin", 60));
        var result = PdfRenderer.Render(Samples.Model([new Paragraph(prose)]));

        using var pdf = PdfReading.Open(result);
        var lines = pdf.GetPage(1).Lines();
        lines.Count.ShouldBeGreaterThan(10);
        foreach (var line in lines)
        {
            line[0].Text.ShouldNotBeOneOf("»", ":", ";", "?", "!");
            line[^1].Text.ShouldNotBe("«");
        }
    }
}
