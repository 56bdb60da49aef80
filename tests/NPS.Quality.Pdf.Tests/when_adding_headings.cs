using UglyToad.PdfPig.Outline;

namespace NPS.Quality.Pdf.Tests;

public class when_adding_headings
{
    private static readonly PageSettings Page = new();

    [Fact]
    public void creates_a_nested_bookmark_per_heading_pointing_at_its_page()
    {
        var model = Samples.Dossier(tableRows: 300);
        var result = PdfRenderer.Render(model);

        using var pdf = PdfReading.Open(result);
        pdf.TryGetBookmarks(out var bookmarks).ShouldBeTrue();
        var headings = model.Blocks.OfType<Heading>().ToList();
        var nodes = Flatten(bookmarks!.Roots).ToList();
        nodes.Select(n => n.Title).ShouldBe(headings.Select(h => h.Text));
        nodes.Select(n => n.Level + 1).ShouldBe(headings.Select(h => h.Level));
        nodes.Select(n => ((DocumentBookmarkNode)n).PageNumber).ShouldBe(result.HeadingPages);

        // Each bookmark's page really shows its heading.
        foreach (var node in nodes.Cast<DocumentBookmarkNode>())
            string.Join(" ", pdf.GetPage(node.PageNumber).Texts()).ShouldContain(node.Title);
        result.HeadingPages[^1].ShouldBe(result.PageCount);
    }

    [Fact]
    public void never_leaves_a_heading_last_on_a_page()
    {
        // Filler of growing length moves the heading down the page until it would be stranded at the bottom.
        var stranded = 0;
        for (var filler = 40; filler <= 70; filler++)
        {
            var result = PdfRenderer.Render(Samples.Model(
            [
                new Paragraph("Couverture"),
                new PageBreak(),
                new Paragraph(string.Join("\n", Enumerable.Range(1, filler).Select(i => $"remplissage{i}"))),
                new Heading("Titre orphelin"),
                new Paragraph(string.Join(" ", Enumerable.Repeat("suite", 200))),
            ]));

            using var pdf = PdfReading.Open(result);
            var page = pdf.GetPage(result.HeadingPages[0]);
            var body = page.Lines().Where(l => l[0].BoundingBox.Bottom >= Page.MarginBottom && l[0].BoundingBox.Top <= page.Height - Page.MarginTop).ToList();
            var headingLine = body.FindIndex(l => l.Any(w => w.Text == "orphelin"));
            headingLine.ShouldBeGreaterThanOrEqualTo(0);
            body.Count.ShouldBeGreaterThan(headingLine + 1, $"filler {filler}: the heading ends page {page.Number}");
            body[headingLine + 1][0].Text.ShouldBe("suite");
            if (result.HeadingPages[0] == 3 && headingLine == 0) stranded++;
        }
        stranded.ShouldBeGreaterThan(0, "no case moved the heading to the next page: the test proves nothing");
    }

    [Fact]
    public void keeps_a_chain_of_headings_with_the_first_row_of_the_table_after_them()
    {
        for (var filler = 50; filler <= 62; filler++)
        {
            var result = PdfRenderer.Render(Samples.Model(
            [
                new Paragraph("Couverture"),
                new PageBreak(),
                new Paragraph(string.Join("\n", Enumerable.Range(1, filler).Select(i => $"remplissage{i}"))),
                new Heading("Section"),
                new Heading("Sous-section", 2),
                Samples.Table(3),
            ]));

            result.HeadingPages[0].ShouldBe(result.HeadingPages[1]);
            using var pdf = PdfReading.Open(result);
            pdf.GetPage(result.HeadingPages[1]).Texts().ShouldContain("E-00001", $"filler {filler}");
        }
    }

    private static IEnumerable<BookmarkNode> Flatten(IEnumerable<BookmarkNode> nodes) =>
        nodes.SelectMany(n => new[] { n }.Concat(Flatten(n.Children)));
}
