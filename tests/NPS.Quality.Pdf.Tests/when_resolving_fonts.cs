using System.Text;
using NPS.Quality.Pdf.Fonts;
using PdfSharp.Fonts;

namespace NPS.Quality.Pdf.Tests;

public class when_resolving_fonts
{
    [Fact]
    public void serves_every_face_from_the_assembly_resources()
    {
        var resources = typeof(EmbeddedFontResolver).Assembly.GetManifestResourceNames();

        foreach (var face in EmbeddedFontResolver.FaceNames)
        {
            resources.ShouldContain($"NPS.Quality.Pdf.Fonts.{face}.ttf");
            EmbeddedFontResolver.Instance.GetFont(face).Length.ShouldBeGreaterThan(100_000);
        }
    }

    [Fact]
    public void maps_any_family_to_the_embedded_faces()
    {
        var resolver = EmbeddedFontResolver.Instance;

        resolver.ResolveTypeface("Arial", false, false).FaceName.ShouldBe("DejaVuSans");
        resolver.ResolveTypeface("DejaVu Sans", true, false).FaceName.ShouldBe("DejaVuSans-Bold");
        resolver.ResolveTypeface("DejaVu Sans", false, true).FaceName.ShouldBe("DejaVuSans-Oblique");
        resolver.ResolveTypeface("DejaVu Sans", true, true).FaceName.ShouldBe("DejaVuSans-BoldOblique");
    }

    [Fact]
    public void installs_the_resolver_once_whatever_the_number_of_threads()
    {
        Parallel.For(0, 16, new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken }, _ => EmbeddedFontResolver.EnsureInstalled());
        PdfRenderer.Render(Samples.Model([new Paragraph("x")]));

        GlobalFontSettings.FontResolver.ShouldBeSameAs(EmbeddedFontResolver.Instance);
    }

    [Fact]
    public void embeds_a_subset_of_each_font_used()
    {
        var result = PdfRenderer.Render(Samples.Dossier());
        var text = Encoding.Latin1.GetString(result.Bytes);

        var descriptors = System.Text.RegularExpressions.Regex.Matches(text, "/Type/FontDescriptor").Count;
        descriptors.ShouldBe(3);
        System.Text.RegularExpressions.Regex.Matches(text, "/FontFile2 ").Count.ShouldBe(descriptors);
        using var pdf = PdfReading.Open(result);
        pdf.GetPage(3).Letters.Select(l => l.FontName).Distinct().ShouldAllBe(name => name!.Contains("DejaVu"));
    }

    [Fact]
    public void renders_in_parallel_with_identical_results()
    {
        var results = new RenderResult[6];
        Parallel.For(0, results.Length, new ParallelOptions { CancellationToken = TestContext.Current.CancellationToken },
            i => results[i] = PdfRenderer.Render(Samples.Dossier()));

        results.Select(r => r.Sha256).Distinct().Count().ShouldBe(1);
    }
}
