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
        PdfSharpConstructors.Hold();

        using var document = new PdfDocument();
        document.PageLayout = PdfPageLayout.SinglePage;
        document.PageMode = PdfPageMode.UseOutlines;
        // Compression was a quarter of a render: the fastest zlib level (files 10–15 % larger), and the page contents
        // compressed by PdfFinisher, which writes their Adler-32 as it goes instead of inflating them again for it.
        document.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        document.Options.CompressContentStreams = false;
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

        // Two buffers kept per thread from one render to the next: a dossier is a few hundred kilobytes, and fresh
        // buffers of that size are large-object-heap allocations, paid for later with full collections.
        var saved = Buffer(ref _saved);
        var finished = Buffer(ref _finished);
        document.Save(saved, false);
        // Object numbers are final once saved.
        var pageNumbers = painter.Pages.Select(p => p.Reference!.ObjectNumber).ToArray();
        PdfFinisher.Finish(saved.GetBuffer(), (int)saved.Length, Archive.Xmp(document, part: model.Attachments.Count > 0 ? 3 : 2),
            firstFree => StructureWriter.Write(tagger, structureRoot.Reference!.ObjectNumber, pageNumbers, firstFree), finished);
        var bytes = finished.ToArray();
        Release(ref _saved);
        Release(ref _finished);
        Reproducibility.MakeDeterministic(bytes);
        return new RenderResult(bytes, pageCount, Convert.ToHexStringLower(SHA256.HashData(bytes)), headingPages);
    }

    [ThreadStatic] private static MemoryStream? _saved;
    [ThreadStatic] private static MemoryStream? _finished;

    /// <summary>Beyond this, a buffer is not kept for the next render (a dossier with a large attachment).</summary>
    private const int KeptBufferCapacity = 4 * 1024 * 1024;

    private static MemoryStream Buffer(ref MemoryStream? buffer)
    {
        buffer ??= new MemoryStream(512 * 1024);
        buffer.SetLength(0);
        return buffer;
    }

    private static void Release(ref MemoryStream? buffer)
    {
        if (buffer is { Capacity: > KeptBufferCapacity }) buffer = null;
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
