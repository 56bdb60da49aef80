using System.Security.Cryptography;
using System.Text;
using UglyToad.PdfPig.Tokens;

namespace NPS.Quality.Pdf.Tests;

public class when_attaching_files
{
    private static readonly byte[] Csv = Encoding.UTF8.GetBytes("identifiant;indicateur;délai\nE-1;R1;3\nE-2;R1;12\n");

    private static RenderResult Render() => PdfRenderer.Render(Samples.Model([new Paragraph("Annexe jointe.")]) with
    {
        Attachments = [new Attachment("echantillons.csv", "Liste complète des échantillons", "text/csv", Csv)],
    });

    [Fact]
    public void carries_the_file_unchanged_with_its_name()
    {
        using var pdf = PdfReading.Open(Render());

        pdf.Advanced.TryGetEmbeddedFiles(out var files).ShouldBeTrue();
        var file = files!.Single();
        file.Name.ShouldBe("echantillons.csv");
        file.Bytes.ToArray().ShouldBe(Csv);
        Convert.ToHexStringLower(SHA256.HashData(file.Bytes.ToArray())).ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Csv)));
    }

    [Fact]
    public void describes_it_as_pdf_a_3_asks_and_declares_part_3()
    {
        using var pdf = PdfReading.Open(Render());

        var associated = pdf.Get<ArrayToken>(pdf.Catalog(), "AF");
        var spec = (DictionaryToken)pdf.Resolve(associated.Data.Single());
        pdf.Get<NameToken>(spec, "AFRelationship").Data.ShouldBe("Data");
        pdf.Get<StringToken>(spec, "UF").Data.ShouldBe("echantillons.csv");
        pdf.Get<StringToken>(spec, "Desc").Data.ShouldBe("Liste complète des échantillons");
        var stream = pdf.Get<StreamToken>(pdf.Get<DictionaryToken>(spec, "EF"), "F");
        pdf.Get<NameToken>(stream.StreamDictionary, "Subtype").Data.ShouldBe("text/csv");
        pdf.Get<NumericToken>(pdf.Get<DictionaryToken>(stream.StreamDictionary, "Params"), "Size").Int.ShouldBe(Csv.Length);

        pdf.TryGetXmpMetadata(out var xmp).ShouldBeTrue();
        when_finishing_the_file.Xml(xmp).Descendants(System.Xml.Linq.XName.Get("part", "http://www.aiim.org/pdfa/ns/id/")).Single().Value.ShouldBe("3");
    }

    [Fact]
    public void stays_byte_reproducible()
    {
        Render().Bytes.ShouldBe(Render().Bytes);
    }
}
