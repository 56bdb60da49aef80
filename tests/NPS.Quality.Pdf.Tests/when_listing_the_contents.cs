namespace NPS.Quality.Pdf.Tests;

public class when_listing_the_contents
{
    [Fact]
    public void shows_the_page_each_heading_starts_on()
    {
        var model = Samples.Dossier(tableRows: 300);
        var result = PdfRenderer.Render(model);

        using var pdf = PdfReading.Open(result);
        var lines = pdf.GetPage(2).Lines().Select(l => l.Select(w => w.Text).ToList()).ToList();
        lines.ShouldContain(l => l.SequenceEqual(new[] { "Sommaire" }));
        var headings = model.Blocks.OfType<Heading>().ToList();
        for (var i = 0; i < headings.Count; i++)
        {
            var line = lines.Single(l => string.Join(" ", l.SkipLast(1)) == headings[i].Text);
            line[^1].ShouldBe(result.HeadingPages[i].ToString(), headings[i].Text);
        }
        // The annex starts on page 4 and the table pushes the last section far beyond.
        result.HeadingPages.ShouldBe([3, 3, 3, 3, 4, result.PageCount]);
    }

    [Fact]
    public void leaves_out_headings_deeper_than_its_maximum_level()
    {
        var model = Samples.Model([new TableOfContents { MaxLevel = 1 }, new Heading("Premier"), new Heading("Détail", 2), new Heading("Second")]);
        var result = PdfRenderer.Render(model);

        using var pdf = PdfReading.Open(result);
        var words = pdf.GetPage(1).Texts();
        words.Count(w => w == "Détail").ShouldBe(1); // the heading itself, not a contents entry
        words.Count(w => w == "Premier").ShouldBe(2);
        words.Count(w => w == "Second").ShouldBe(2);
    }
}
