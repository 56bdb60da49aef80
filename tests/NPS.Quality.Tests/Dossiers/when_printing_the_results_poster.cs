using NPS.Quality.Dossiers;
using NPS.Quality.Pdf;
using Shouldly;

namespace NPS.Quality.Tests.Dossiers;

/// <summary>The results poster of the typical month, read back: one page, big figures per engagement, the month, no names, no jargon.</summary>
public sealed class when_printing_the_results_poster
{
    private static DossierReading Poster()
    {
        var bytes = PdfRenderer.Render(TypicalDossier.Model("affiche")).Bytes;
        if (Environment.GetEnvironmentVariable("NPS_DOSSIERS_DIR") is { Length: > 0 } dir)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllBytes(Path.Combine(dir, "typique-affiche.pdf"), bytes);
        }
        return new DossierReading(bytes);
    }

    [Fact]
    public void it_is_one_page_with_every_measured_engagement_and_the_month()
    {
        var pdf = Poster();
        pdf.Pages.ShouldBe(1);
        var text = pdf.Text;
        text.ShouldContain("Nos résultats");
        text.ShouldContain("Service social du 11e arrondissement".Replace("11e", "11"));
        text.ShouldContain("Décembre 2017");
        var referential = TypicalDossier.Referential();
        foreach (var e in referential.Engagements.Where(e => e.Indicators.Count > 0)) text.ShouldContain(e.Title);
        text.ShouldContain("notre objectif : 80 %");
        text.ShouldContain("objectif atteint");
        text.ShouldContain("QP-PARIS-11-AFFICHE-2017-12-R2");
    }

    [Fact]
    public void it_carries_no_personal_data_and_no_jargon()
    {
        var text = Poster().Text;
        PlainLanguage.FoundIn(text).ShouldBeEmpty();
        foreach (var word in new[] { "Rousseau", "Camille", "Wilson", "P90", "échantillon", "Anne Martin", "non-conformité" }) text.ShouldNotContain(word);
    }
}
