namespace NPS.Quality.Pdf.Tests;

public class when_setting_metadata
{
    [Fact]
    public void writes_title_author_subject_keywords_and_creator()
    {
        var result = PdfRenderer.Render(Samples.Dossier());

        using var pdf = PdfReading.Open(result);
        var info = pdf.Information;
        info.Title.ShouldBe("Dossier d'audit — Paris 11");
        info.Author.ShouldBe("Mission qualité");
        info.Subject.ShouldBe("Dossier interne");
        info.Keywords.ShouldBe("NPS, qualité, audit");
        info.Creator.ShouldBe("NPS Quality");
    }

    [Fact]
    public void keeps_characters_the_xmp_writer_does_not_escape_out_of_the_metadata()
    {
        var result = PdfRenderer.Render(Samples.Model([new Paragraph("x")], title: "Qualité & <accueil>"));

        using var pdf = PdfReading.Open(result);
        pdf.Information.Title.ShouldBe("Qualité et ‹accueil›");
    }
}
