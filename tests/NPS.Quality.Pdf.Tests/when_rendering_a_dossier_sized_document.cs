using System.Diagnostics;

namespace NPS.Quality.Pdf.Tests;

/// <summary>Measures, does not time: the elapsed time goes to the test output, never into an assertion.</summary>
public class when_rendering_a_dossier_sized_document
{
    [Fact]
    [Trait("Category", "Bench")]
    public void renders_forty_pages_with_a_two_thousand_row_table()
    {
        var model = Samples.Dossier(tableRows: 2000);
        PdfRenderer.Render(model); // warm-up: fonts, JIT

        // The machine is shared: report the best and the median of a few warm renders.
        var timings = new List<long>();
        RenderResult result = null!;
        for (var i = 0; i < 5; i++)
        {
            var watch = Stopwatch.StartNew();
            result = PdfRenderer.Render(model);
            timings.Add(watch.ElapsedMilliseconds);
        }
        timings.Sort();
        // CPU time is steadier than wall time when other builds share the cores.
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        for (var i = 0; i < 5; i++) PdfRenderer.Render(model);
        process.Refresh();
        var cpuPerRender = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds / 5;

        result.PageCount.ShouldBeGreaterThanOrEqualTo(40);
        var path = Path.Combine(Path.GetTempPath(), "nps-quality-pdf-sample.pdf");
        File.WriteAllBytes(path, result.Bytes);
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{result.PageCount} pages, {result.Bytes.Length / 1024} KB, warm render best {timings[0]} ms, median {timings[2]} ms, CPU {cpuPerRender:0} ms per render; written to {path}");
    }
}

public class when_checking_a_whole_dossier
{
    private static readonly PageSettings Page = new();

    [Fact]
    public void draws_nothing_outside_the_text_area_but_the_header_and_footer()
    {
        var result = PdfRenderer.Render(Samples.Dossier(tableRows: 400));

        using var pdf = PdfReading.Open(result);
        foreach (var page in pdf.Pages())
        foreach (var word in page.Words())
        {
            var inBody = word.BoundingBox.Bottom >= Page.MarginBottom - 0.5 && word.BoundingBox.Top <= page.Height - Page.MarginTop + 0.5;
            var inHeader = word.BoundingBox.Bottom > page.Height - Page.MarginTop && page.Number > 1;
            var inFooter = word.BoundingBox.Top < Page.MarginBottom - 10 && page.Number > 1;
            (inBody || inHeader || inFooter).ShouldBeTrue($"page {page.Number}: '{word.Text}' at {word.BoundingBox}");
            word.BoundingBox.Left.ShouldBeGreaterThanOrEqualTo(Page.MarginLeft - 0.5, word.Text);
            word.BoundingBox.Right.ShouldBeLessThanOrEqualTo(Page.Width - Page.MarginRight + 0.5, word.Text);
        }
    }

    [Fact]
    public void holds_every_constructor_pdfsharp_looks_up_for_each_document_and_page()
    {
        PdfRenderer.Render(Samples.Model([new Paragraph(new TextRun("Un."))]));

        // A null would mean PDFsharp changed (a type or constructor gone): its invocation stubs would be compiled again.
        PdfSharpConstructors.Held.Count.ShouldBe(9);
        PdfSharpConstructors.Held.ShouldAllBe(c => c != null);
    }
}
