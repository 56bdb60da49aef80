using System.Security.Cryptography;
using System.Text;

namespace NPS.Quality.Pdf.Tests;

public class when_rendering_reproducibly
{
    [Fact]
    public void gives_byte_identical_files_for_the_same_model()
    {
        var first = PdfRenderer.Render(Samples.Dossier());
        var second = PdfRenderer.Render(Samples.Dossier());

        second.Bytes.ShouldBe(first.Bytes);
        second.Sha256.ShouldBe(first.Sha256);
    }

    [Fact]
    public void reports_the_sha256_of_the_bytes()
    {
        var result = PdfRenderer.Render(Samples.Dossier());

        result.Sha256.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(result.Bytes)));
    }

    [Fact]
    public void gives_different_bytes_when_the_content_changes()
    {
        var first = PdfRenderer.Render(Samples.Model([new Paragraph("Conforme")]));
        var second = PdfRenderer.Render(Samples.Model([new Paragraph("Non conforme")]));

        second.Sha256.ShouldNotBe(first.Sha256);
    }

    [Fact]
    public void derives_subset_tags_and_document_ids_from_the_content()
    {
        var result = PdfRenderer.Render(Samples.Dossier());
        var text = Encoding.Latin1.GetString(result.Bytes);

        // Same tags and ids as a second render, and still well-formed: six capitals, a GUID, 32 hex digits.
        var again = Encoding.Latin1.GetString(PdfRenderer.Render(Samples.Dossier()).Bytes);
        Tags(text).ShouldBe(Tags(again));
        Tags(text).Distinct().Count().ShouldBe(3); // regular, bold and oblique are used by the sample
        System.Text.RegularExpressions.Regex.IsMatch(text, @"/ID\[<[0-9A-F]{32}><[0-9A-F]{32}>\]").ShouldBeTrue();
        System.Text.RegularExpressions.Regex.IsMatch(text, @"<xmpMM:DocumentID>uuid:[0-9a-f-]{36}<").ShouldBeTrue();

        // The rewrite kept the file readable: PdfPig follows the cross-reference table.
        using var pdf = PdfReading.Open(result);
        pdf.NumberOfPages.ShouldBe(result.PageCount);
    }

    [Fact]
    public void does_not_depend_on_the_time_zone_or_the_clock()
    {
        var text = Encoding.Latin1.GetString(PdfRenderer.Render(Samples.Dossier()).Bytes);

        // 09:30 at +01:00 is written as 08:30 UTC, whatever the server's zone.
        text.ShouldContain("/CreationDate(D:20180115083000+00'00')");
        text.ShouldContain("/ModDate(D:20180115083000+00'00')");
    }

    private static List<string> Tags(string pdf) =>
        System.Text.RegularExpressions.Regex.Matches(pdf, @"/BaseFont/([A-Z]{6})\+").Select(m => m.Groups[1].Value).ToList();
}
