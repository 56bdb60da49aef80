namespace NPS.Quality.Pdf.Tests;

public class when_numbering_pages
{
    private static readonly PageSettings Page = new();

    [Fact]
    public void prints_page_x_of_y_on_every_page_but_the_cover()
    {
        var result = PdfRenderer.Render(Samples.Dossier(tableRows: 300));

        using var pdf = PdfReading.Open(result);
        var total = pdf.NumberOfPages;
        total.ShouldBe(result.PageCount);
        total.ShouldBeGreaterThan(4);
        foreach (var page in pdf.Pages())
        {
            var footer = page.Words().Where(w => w.BoundingBox.Top < Page.MarginBottom).Select(w => w.Text).ToList();
            if (page.Number == 1) footer.ShouldBeEmpty();
            else footer.ShouldBe(["Page", page.Number.ToString(), "/", total.ToString()]);
        }
    }

    [Fact]
    public void prints_the_header_text_on_every_page_but_the_cover()
    {
        var result = PdfRenderer.Render(Samples.Dossier(tableRows: 300));

        using var pdf = PdfReading.Open(result);
        foreach (var page in pdf.Pages())
        {
            var header = string.Join(" ", page.Words().Where(w => w.BoundingBox.Bottom > page.Height - Page.MarginTop).Select(w => w.Text));
            header.ShouldBe(page.Number == 1 ? "" : "Dossier interne — Paris 11 — du 01/01/2018 au 31/12/2018");
        }
    }
}
