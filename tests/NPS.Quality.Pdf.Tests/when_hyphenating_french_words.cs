using NPS.Quality.Pdf.Layout;

namespace NPS.Quality.Pdf.Tests;

public class when_hyphenating_french_words
{
    private static readonly FrenchHyphenator Hyphenator = FrenchHyphenator.Instance;

    [Theory]
    [InlineData("accompagnement", "ac-com-pa-gne-ment")]
    [InlineData("Engagement", "En-ga-ge-ment")]
    [InlineData("réclamations", "ré-cla-ma-tions")]
    [InlineData("conformité", "confor-mité")] // "-té": fewer than three letters after a break
    [InlineData("échantillons", "échan-tillons")]
    [InlineData("administrative", "ad-mi-nis-tra-tive")]
    public void breaks_words_where_the_french_patterns_allow(string word, string expected)
    {
        Hyphenator.Show(word).ShouldBe(expected);
    }

    [Fact]
    public void reads_every_pattern_of_the_shipped_file()
    {
        Hyphenator.PatternCount.ShouldBeGreaterThan(2800);
    }

    [Fact]
    public void leaves_two_letters_before_and_three_after_a_break()
    {
        Hyphenator.Show("usager").ShouldBe("usa-ger");
        Hyphenator.Show("acte").ShouldBe("acte");
        Hyphenator.Points("ouvrable").ShouldAllBe(p => p >= 2 && p <= "ouvrable".Length - 3);
    }

    [Fact]
    public void never_cuts_a_word_without_a_hyphen()
    {
        const string text = "l'accompagnement des usagers Engagement qualité réclamations administratives conformité";
        var words = text.Split(' ');
        var table = new Table { Columns = [new TableColumn("Constat", ColumnWidth.Fixed(62)), new TableColumn("Suite", 1)], Rows = [[text, "ok"]] };

        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([table])));
        var cell = pdf.GetPage(1).Lines().Skip(1).Select(l => l.Where(w => w.BoundingBox.Left < 56.7 + 62).Select(w => w.Text).ToList()).Where(l => l.Count > 0).ToList();

        // Every line of the cell ends with a whole word or a hyphen, and joining the hyphenated pieces gives the text back.
        var pieces = cell.SelectMany(l => l).ToList();
        pieces.Count(p => p.EndsWith('-')).ShouldBeGreaterThan(2);
        var rebuilt = new List<string>();
        for (var i = 0; i < pieces.Count; i++)
        {
            var piece = pieces[i];
            while (piece.EndsWith('-') && i + 1 < pieces.Count) piece = piece[..^1] + pieces[++i];
            rebuilt.Add(piece);
        }
        rebuilt.ShouldBe(words);
        // A line ends at the end of a word (whole, or the tail of a hyphenated one) or with a hyphen, never mid-word.
        foreach (var line in cell)
            (words.Any(w => w.EndsWith(line.Last(), StringComparison.Ordinal)) || line.Last().EndsWith('-'))
                .ShouldBeTrue(string.Join(" | ", cell.Select(l => string.Join(" ", l))));
    }

    [Fact]
    public void hyphenates_a_justified_paragraph_rather_than_leave_wide_gaps()
    {
        var prose = string.Concat(Enumerable.Repeat("Les réclamations administratives reçoivent un accompagnement personnalisé. ", 12));
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([new Paragraph(prose)])));

        var lines = pdf.GetPage(1).Lines();
        lines.Count(l => l.Last().Text.EndsWith('-')).ShouldBeGreaterThan(0);
        foreach (var line in lines) line.Last().BoundingBox.Right.ShouldBeLessThanOrEqualTo(595.28 - 56.7 + 0.5);
    }

    [Fact]
    public void leaves_headings_and_proper_names_whole_when_they_fit_on_a_line()
    {
        var heading = new Heading("RDV-01 — Un rendez-vous avec un travailleur social dans des délais fixés et raisonnables", 1);
        var names = new Table { Columns = [new TableColumn("Saisi par", ColumnWidth.Fixed(70)), new TableColumn("", 1)],
            Rows = [["Camille Rousseau", ""], ["Dominique Lefebvre-Martin", ""]] };

        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([heading, names])));
        var words = pdf.GetPage(1).Texts();
        // The only break inside a word is after the hyphen the name already has.
        words.Where(w => w.EndsWith('-')).ShouldBe(["Lefebvre-"]);
        words.ShouldContain("Rousseau");
        words.ShouldContain("délais");
    }

    [Fact]
    public void cuts_a_hash_too_long_for_its_cell_without_adding_a_hyphen()
    {
        var hash = "3f5a9c0e7d1b24a68e0f9b7c2d4e6a8b0c1d3e5f7a9b2c4d6e8f0a1b3c5d7e9f";
        var table = new Table { Columns = [new TableColumn("Empreinte", ColumnWidth.Fixed(90)), new TableColumn("", 1)], Rows = [[hash, ""]] };

        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Model([table])));
        var pieces = pdf.GetPage(1).Words().Where(w => w.BoundingBox.Left < 56.7 + 90 && w.Text != "Empreinte").OrderByDescending(w => w.BoundingBox.Bottom).Select(w => w.Text).ToList();

        pieces.Count.ShouldBeGreaterThan(1);
        string.Concat(pieces).ShouldBe(hash);
    }
}
