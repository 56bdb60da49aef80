using System.Globalization;
using System.IO.Compression;
using System.Security;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Advanced;

namespace NPS.Quality.Pdf;

/// <summary>
/// What PDF/A asks of the file beyond the page content: an sRGB OutputIntent with its embedded ICC profile, and an
/// XMP packet identifying the part (2, or 3 when files are attached) and conformance level B, whose values equal
/// those of the document information dictionary. PDFsharp 6.2.4 only offers <c>SetPdfA()</c>, which claims PDF/A-1a
/// and forces its own tagging rules; neither is used.
/// </summary>
internal static class Archive
{

    private static readonly Lazy<byte[]> Profile = new(() => Resource("NPS.Quality.Pdf.Color.sRGB.icc"));

    internal static byte[] Resource(string name)
    {
        using var stream = typeof(Archive).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Resource {name} is not embedded.");
        using var buffer = new MemoryStream((int)stream.Length);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>Deflated with a complete zlib wrapper (header and Adler-32), as PDF's FlateDecode expects.</summary>
    internal static byte[] Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return output.ToArray();
    }

    public static void AddOutputIntent(PdfDocument document)
    {
        var profile = new PdfDictionary(document);
        document.Internals.AddObject(profile);
        profile.Elements.SetInteger("/N", 3);
        profile.Elements.SetName("/Filter", "/FlateDecode");
        profile.CreateStream(Zlib(Profile.Value));

        var intent = new PdfDictionary(document);
        intent.Elements.SetName("/Type", "/OutputIntent");
        intent.Elements.SetName("/S", "/GTS_PDFA1");
        intent.Elements.SetString("/OutputConditionIdentifier", "sRGB IEC61966-2.1");
        intent.Elements.SetString("/RegistryName", "http://www.color.org");
        intent.Elements.SetString("/Info", "sRGB IEC61966-2.1");
        intent.Elements.SetReference("/DestOutputProfile", profile);
        var intents = new PdfArray(document);
        intents.Elements.Add(intent);
        document.Internals.Catalog.Elements["/OutputIntents"] = intents;
    }

    /// <summary>
    /// Embeds the files as PDF/A-3 asks: each file specification has /F and /UF, a description and
    /// <c>/AFRelationship /Data</c>; each stream its MIME type (<c>/Subtype</c>), size and date; the catalog lists them in
    /// <c>/AF</c> and in the <c>/EmbeddedFiles</c> name tree (sorted by name, as name trees must be).
    /// </summary>
    public static void AddAttachments(PdfDocument document, IReadOnlyList<Attachment> attachments, DateTimeOffset modified)
    {
        if (attachments.Count == 0) return;
        var names = new PdfArray(document);
        var associated = new PdfArray(document);
        var date = $"D:{modified.UtcDateTime:yyyyMMddHHmmss}+00'00'";
        foreach (var attachment in attachments.OrderBy(a => a.FileName, StringComparer.Ordinal))
        {
            var file = new PdfDictionary(document);
            document.Internals.AddObject(file);
            file.Elements.SetName("/Type", "/EmbeddedFile");
            // A MIME type is a name with a '/', written #2F.
            file.Elements["/Subtype"] = new PdfLiteral("/" + attachment.MimeType.Replace("/", "#2F", StringComparison.Ordinal));
            file.Elements.SetName("/Filter", "/FlateDecode");
            var parameters = new PdfDictionary(document);
            parameters.Elements.SetInteger("/Size", attachment.Content.Length);
            parameters.Elements["/ModDate"] = new PdfLiteral($"({date})");
            file.Elements["/Params"] = parameters;
            file.CreateStream(Zlib(attachment.Content));

            var spec = new PdfDictionary(document);
            document.Internals.AddObject(spec);
            spec.Elements.SetName("/Type", "/Filespec");
            spec.Elements.SetString("/F", attachment.FileName);
            spec.Elements.SetString("/UF", attachment.FileName);
            spec.Elements.SetString("/Desc", attachment.Description);
            spec.Elements.SetName("/AFRelationship", "/Data");
            var ef = new PdfDictionary(document);
            ef.Elements.SetReference("/F", file);
            ef.Elements.SetReference("/UF", file);
            spec.Elements["/EF"] = ef;

            names.Elements.Add(new PdfString(attachment.FileName));
            names.Elements.Add(spec.Reference!);
            associated.Elements.Add(spec.Reference!);
        }
        var tree = new PdfDictionary(document);
        tree.Elements["/Names"] = names;
        var nameDictionary = new PdfDictionary(document);
        nameDictionary.Elements["/EmbeddedFiles"] = tree;
        document.Internals.Catalog.Elements["/Names"] = nameDictionary;
        document.Internals.Catalog.Elements["/AF"] = associated;
    }

    /// <summary>Called after saving (PDFsharp sets the producer then). The XMP packet: same title, author, subject, keywords, tool, producer and dates as the Info dictionary.</summary>
    public static string Xmp(PdfDocument document, int part)
    {
        var info = document.Info;
        static string E(string value) => SecurityElement.Escape(value) ?? "";
        static string Date(DateTime value) => value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        // The ids are zeros here; Reproducibility derives them from the file's content, like PDFsharp's random ones.
        const string zeroId = "00000000-0000-0000-0000-000000000000";
        return $"""
            <?xpacket begin="{'\uFEFF'}" id="W5M0MpCehiHzreSzNTczkc9d"?>
            <x:xmpmeta xmlns:x="adobe:ns:meta/">
             <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
              <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
               <pdfaid:part>{part}</pdfaid:part>
               <pdfaid:conformance>B</pdfaid:conformance>
              </rdf:Description>
              <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
               <dc:format>application/pdf</dc:format>
               <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{E(info.Title)}</rdf:li></rdf:Alt></dc:title>
               <dc:creator><rdf:Seq><rdf:li>{E(info.Author)}</rdf:li></rdf:Seq></dc:creator>
               <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{E(info.Subject)}</rdf:li></rdf:Alt></dc:description>
               <dc:language><rdf:Bag><rdf:li>fr-FR</rdf:li></rdf:Bag></dc:language>
              </rdf:Description>
              <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
               <pdf:Producer>{E(info.Producer)}</pdf:Producer>
               <pdf:Keywords>{E(info.Keywords)}</pdf:Keywords>
              </rdf:Description>
              <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
               <xmp:CreatorTool>{E(info.Creator)}</xmp:CreatorTool>
               <xmp:CreateDate>{Date(info.CreationDate)}</xmp:CreateDate>
               <xmp:ModifyDate>{Date(info.ModificationDate)}</xmp:ModifyDate>
               <xmp:MetadataDate>{Date(info.ModificationDate)}</xmp:MetadataDate>
              </rdf:Description>
              <rdf:Description rdf:about="" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
               <xmpMM:DocumentID>uuid:{zeroId}</xmpMM:DocumentID>
               <xmpMM:InstanceID>uuid:{zeroId}</xmpMM:InstanceID>
              </rdf:Description>
             </rdf:RDF>
            </x:xmpmeta>
            <?xpacket end="r"?>
            """.Replace("\r\n", "\n");
    }
}
