using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig.Tokens;

namespace NPS.Quality.Pdf.Tests;

public class when_finishing_the_file
{
    [Fact]
    public void ends_every_flate_stream_with_the_adler32_of_its_data()
    {
        var bytes = PdfRenderer.Render(Samples.Dossier()).Bytes;

        var streams = FlateStreams(bytes).ToList();
        streams.Count.ShouldBeGreaterThan(10);
        foreach (var data in streams)
        {
            using var inflater = new DeflateStream(new MemoryStream(data, 2, data.Length - 2), CompressionMode.Decompress);
            using var plain = new MemoryStream();
            inflater.CopyTo(plain);
            BinaryPrimitives.ReadUInt32BigEndian(data.AsSpan(data.Length - 4)).ShouldBe(PdfFinisher.Adler32(plain.ToArray()));
            // And a strict zlib reader accepts it whole.
            using var zlib = new ZLibStream(new MemoryStream(data), CompressionMode.Decompress);
            zlib.CopyTo(Stream.Null);
        }
    }

    [Fact]
    public void compresses_every_stream_but_the_xmp_packet_the_page_contents_included()
    {
        var result = PdfRenderer.Render(Samples.Dossier());
        var text = Encoding.Latin1.GetString(result.Bytes);

        var dictionaries = Regex.Matches(text, @"<<((?:[^<>]|<<[^<>]*>>)*)>>\s*stream").Select(m => m.Groups[1].Value).ToList();
        dictionaries.Count.ShouldBeGreaterThan(result.PageCount);
        dictionaries.Where(d => !d.Contains("/FlateDecode")).ShouldAllBe(d => d.Contains("/Type/Metadata"));
        // PdfPig reads the compressed page contents back.
        using var pdf = PdfReading.Open(result);
        pdf.GetPage(3).Texts().ShouldNotBeEmpty();
    }

    [Fact]
    public void computes_adler32_as_rfc_1950_defines_it()
    {
        PdfFinisher.Adler32("Wikipedia"u8).ShouldBe(0x11E60398u);
        PdfFinisher.Adler32(new byte[100_000]).ShouldBe(Adler32Naive(new byte[100_000]));
        var random = new byte[70_000];
        new Random(14).NextBytes(random);
        PdfFinisher.Adler32(random).ShouldBe(Adler32Naive(random));
    }

    [Fact]
    public void declares_french_and_asks_viewers_to_show_the_title()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Dossier()));
        var catalog = pdf.Catalog();

        pdf.Get<StringToken>(catalog, "Lang").Data.ShouldBe("fr-FR");
        var preferences = pdf.Get<DictionaryToken>(catalog, "ViewerPreferences");
        pdf.Get<BooleanToken>(preferences, "DisplayDocTitle").Data.ShouldBeTrue();
    }

    [Fact]
    public void identifies_pdf_a_2b_in_xmp_with_the_values_of_the_info_dictionary()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Dossier()));

        pdf.TryGetXmpMetadata(out var xmp).ShouldBeTrue();
        var xml = Xml(xmp);
        string Value(string ns, string name) => xml.Descendants(System.Xml.Linq.XName.Get(name, ns)).Single().Value;
        Value("http://www.aiim.org/pdfa/ns/id/", "part").ShouldBe("2");
        Value("http://www.aiim.org/pdfa/ns/id/", "conformance").ShouldBe("B");
        Value("http://purl.org/dc/elements/1.1/", "title").ShouldBe(pdf.Information.Title);
        Value("http://purl.org/dc/elements/1.1/", "creator").ShouldBe(pdf.Information.Author);
        Value("http://ns.adobe.com/pdf/1.3/", "Producer").ShouldBe(pdf.Information.Producer);
        Value("http://ns.adobe.com/pdf/1.3/", "Keywords").ShouldBe(pdf.Information.Keywords);
        Value("http://ns.adobe.com/xap/1.0/", "CreateDate").ShouldBe("2018-01-15T08:30:00Z");
        pdf.Information.CreationDate.ShouldBe("D:20180115083000+00'00'");
    }

    [Fact]
    public void escapes_metadata_in_the_xmp_packet()
    {
        var result = PdfRenderer.Render(Samples.Model([new Paragraph("x")]) with { Author = "Durand & Fils <qualité>" });

        using var pdf = PdfReading.Open(result);
        pdf.TryGetXmpMetadata(out var xmp).ShouldBeTrue();
        Xml(xmp).Descendants(System.Xml.Linq.XName.Get("creator", "http://purl.org/dc/elements/1.1/")).Single().Value
            .ShouldBe(pdf.Information.Author);
    }

    [Fact]
    public void carries_an_srgb_output_intent_with_its_icc_profile()
    {
        using var pdf = PdfReading.Open(PdfRenderer.Render(Samples.Dossier()));
        var intents = pdf.Get<ArrayToken>(pdf.Catalog(), "OutputIntents");

        var intent = (DictionaryToken)pdf.Resolve(intents.Data.Single());
        pdf.Get<NameToken>(intent, "S").Data.ShouldBe("GTS_PDFA1");
        pdf.Get<StringToken>(intent, "OutputConditionIdentifier").Data.ShouldBe("sRGB IEC61966-2.1");
        var profile = pdf.Get<StreamToken>(intent, "DestOutputProfile");
        pdf.Get<NumericToken>(profile.StreamDictionary, "N").Int.ShouldBe(3);
        var icc = profile.Decoded();
        Encoding.ASCII.GetString(icc, 36, 4).ShouldBe("acsp"); // the ICC signature
        Encoding.ASCII.GetString(icc, 16, 4).ShouldBe("RGB ");
    }

    /// <summary>The packet is UTF-8 (PdfPig's own GetXDocument reads it as Latin-1).</summary>
    internal static System.Xml.Linq.XDocument Xml(UglyToad.PdfPig.Content.XmpMetadata xmp) =>
        System.Xml.Linq.XDocument.Parse(Encoding.UTF8.GetString(xmp.GetXmlBytes().ToArray()).TrimStart('\uFEFF'));

    /// <summary>The raw bytes of every stream whose dictionary names FlateDecode.</summary>
    internal static IEnumerable<byte[]> FlateStreams(byte[] pdf)
    {
        var text = Encoding.Latin1.GetString(pdf);
        foreach (Match m in Regex.Matches(text, @"<<((?:(?!>>\s*stream).)*?/FlateDecode(?:(?!>>\s*stream).)*?)>>\s*stream\r?\n", RegexOptions.Singleline))
        {
            var length = int.Parse(Regex.Match(m.Groups[1].Value, @"/Length (\d+)").Groups[1].Value);
            yield return pdf.AsSpan(m.Index + m.Length, length).ToArray();
        }
    }

    private static uint Adler32Naive(byte[] data)
    {
        ulong a = 1, b = 0;
        foreach (var x in data) { a = (a + x) % 65521; b = (b + a) % 65521; }
        return (uint)((b << 16) | a);
    }
}
