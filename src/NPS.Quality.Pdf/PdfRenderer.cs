using System.Security.Cryptography;
using NPS.Quality.Pdf.Fonts;
using NPS.Quality.Pdf.Layout;
using PdfSharp.Pdf;

namespace NPS.Quality.Pdf;

/// <param name="Bytes">The PDF file.</param>
/// <param name="PageCount">Number of pages, cover included.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of <paramref name="Bytes"/>.</param>
/// <param name="HeadingPages">Page (1-based) of each heading of the model, in order.</param>
public sealed record RenderResult(byte[] Bytes, int PageCount, string Sha256, IReadOnlyList<int> HeadingPages);

/// <summary>Renders a <see cref="DocumentModel"/> to PDF. Thread-safe; the same model always gives the same bytes.</summary>
public static class PdfRenderer
{
    /// <summary>The language of every document, in the catalog and the structure tree.</summary>
    public const string Language = "fr-FR";

    public static RenderResult Render(DocumentModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        EmbeddedFontResolver.EnsureInstalled();

        using var document = new PdfDocument();
        document.PageLayout = PdfPageLayout.SinglePage;
        document.PageMode = PdfPageMode.UseOutlines;
        // Viewers show the title, not the file name; screen readers read French.
        document.ViewerPreferences.DisplayDocTitle = true;
        document.Internals.Catalog.Language = Language;
        SetMetadata(document, model);
        Archive.AddOutputIntent(document);
        Archive.AddAttachments(document, model.Attachments, model.ModifiedAt ?? model.CreatedAt);

        // Tagged PDF: the catalog says so and points to the structure tree, whose objects are written after saving
        // (StructureWriter) in place of this placeholder.
        var markInfo = new PdfDictionary(document);
        markInfo.Elements.SetBoolean("/Marked", true);
        document.Internals.Catalog.Elements["/MarkInfo"] = markInfo;
        var structureRoot = new PdfDictionary(document);
        structureRoot.Elements.SetName("/Type", "/StructTreeRoot");
        document.Internals.AddObject(structureRoot);
        document.Internals.Catalog.Elements.SetReference("/StructTreeRoot", structureRoot);

        int pageCount;
        IReadOnlyList<int> headingPages;
        var tagger = new Tagger();
        Painter painter;
        using (var type = new Typesetter())
        {
            var engine = new LayoutEngine(model, type);
            engine.Run();
            painter = new Painter(document, model, type, engine.Headings, tagger);
            painter.Paint(engine.Pages);
            pageCount = engine.Pages.Count;
            headingPages = engine.Headings.Select(h => h.Page).ToArray();
        }

        using var stream = new MemoryStream();
        document.Save(stream, false);
        // Object numbers are final once saved.
        var pageNumbers = painter.Pages.Select(p => p.Reference!.ObjectNumber).ToArray();
        var bytes = PdfFinisher.Finish(stream.ToArray(), Archive.Xmp(document, part: model.Attachments.Count > 0 ? 3 : 2),
            firstFree => StructureWriter.Write(tagger, structureRoot.Reference!.ObjectNumber, pageNumbers, firstFree));
        Reproducibility.MakeDeterministic(bytes);
        return new RenderResult(bytes, pageCount, Convert.ToHexStringLower(SHA256.HashData(bytes)), headingPages);
    }

    private static void SetMetadata(PdfDocument document, DocumentModel model)
    {
        var info = document.Info;
        info.Title = SafeMetadata(model.Title);
        info.Author = SafeMetadata(model.Author);
        info.Subject = SafeMetadata(model.Subject);
        info.Keywords = SafeMetadata(model.Keywords);
        info.Creator = SafeMetadata(model.Creator);
        // UTC and a fixed offset: the bytes must not depend on the server's time zone.
        info.CreationDate = model.CreatedAt.UtcDateTime;
        info.ModificationDate = (model.ModifiedAt ?? model.CreatedAt).UtcDateTime;
    }

    /// <summary>PDFsharp's XMP writer does not escape '&amp;', '&lt;', '&gt;': keep them out of metadata.</summary>
    internal static string SafeMetadata(string value) =>
        value.Replace("&", " et ").Replace("<", "‹").Replace(">", "›").Replace("  ", " ");
}
