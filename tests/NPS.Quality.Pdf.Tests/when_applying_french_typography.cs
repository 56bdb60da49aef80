namespace NPS.Quality.Pdf.Tests;

public class when_applying_french_typography
{
    private static readonly string[] Units = ["jours", "jours ouvrés", "décembre", "%", "€", "min", "échantillons", "janvier"];

    /// <summary>The same sentence shifted word by word, so that line breaks fall at every place in it.</summary>
    private static List<List<string>> Lines(string sentence, double width = 230)
    {
        var paragraphs = Enumerable.Range(0, 24).Select(i => (Block)new Paragraph(string.Concat(Enumerable.Repeat("ab ", i)) + sentence)
            { Alignment = TextAlignment.Left }).ToList();
        var table = new Table { Columns = [new TableColumn("Texte", ColumnWidth.Fixed(width)), new TableColumn("", 1)], Rows = paragraphs.Cast<Paragraph>().Select(p => (IReadOnlyList<string>)[p.Runs[0].Text, ""]).ToList() };
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([table])));
        var settings = new PageSettings();
        return pdf.Pages().SelectMany(p => p.BodyWords(settings).GroupBy(w => Math.Round(w.BoundingBox.Bottom / 2)).OrderByDescending(g => g.Key))
            .Select(l => l.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text).ToList()).ToList();
    }

    [Fact]
    public void never_breaks_between_a_number_and_its_unit_or_month()
    {
        var lines = Lines("le délai est de 5 jours ouvrés, soit 93,4 % des 2 711 échantillons, jusqu'au 27 décembre 2018 et au 1er janvier, pour 120 € et 12,5 min.");

        lines.Count.ShouldBeGreaterThan(40);
        foreach (var line in lines)
        {
            // A line never ends with a bare number, an ordinal or a month before its year.
            var last = line[^1];
            System.Text.RegularExpressions.Regex.IsMatch(last, @"^(\d+([,.]\d+)?|1er|décembre)$").ShouldBeFalse(string.Join(" ", line));
        }
        // "5 jours" is always on one line: "5" is followed by "jours" on the same line.
        foreach (var line in lines.Where(l => l.Contains("5")))
            line[line.IndexOf("5") + 1].ShouldBe("jours");
    }

    [Fact]
    public void keeps_high_punctuation_and_guillemets_with_their_word()
    {
        var lines = Lines("« Chaque délai est mesuré » : la règle ; est-elle suivie ? Oui !", width: 120);

        foreach (var line in lines)
        {
            line[0].ShouldNotBeOneOf(":", ";", "?", "!", "»");
            line[^1].ShouldNotBe("«");
        }
    }

    [Fact]
    public void writes_no_break_spaces_thin_before_semicolons_and_question_marks()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([new Paragraph("Constat : conforme ; suivi ? « oui » 5 jours")])));
        var text = string.Concat(pdf.GetPage(1).Letters.Select(l => l.Value));

        text.ShouldContain("Constat\u00A0:");
        text.ShouldContain("conforme\u202F;");
        text.ShouldContain("suivi\u202F?");
        text.ShouldContain("«\u00A0oui\u00A0»");
        text.ShouldContain("5\u00A0jours");
    }

    [Fact]
    public void sets_ordinals_in_superscript()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([new Paragraph("Le 11e arrondissement, le 1er janvier.")])));
        var letters = pdf.GetPage(1).Letters.Where(l => l.Value != " " && l.Value != "\u00A0").ToList();
        var text = string.Concat(letters.Select(l => l.Value));

        var eleven = text.IndexOf("11e", StringComparison.Ordinal);
        var first = text.IndexOf("1er", StringComparison.Ordinal);
        eleven.ShouldBeGreaterThanOrEqualTo(0);
        first.ShouldBeGreaterThanOrEqualTo(0);
        foreach (var (digit, suffix) in new[] { (eleven + 1, eleven + 2), (first, first + 1), (first, first + 2) })
        {
            letters[suffix].PointSize.ShouldBeLessThan(letters[digit].PointSize * 0.8);
            letters[suffix].StartBaseLine.Y.ShouldBeGreaterThan(letters[digit].StartBaseLine.Y + 1); // raised
        }
        // "arrondissement" itself keeps its size.
        letters[eleven + 3].PointSize.ShouldBe(letters[eleven].PointSize);
    }
}
