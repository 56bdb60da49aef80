using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace NPS.Quality.Pdf.Tests;

/// <summary>Reads rendered PDFs back with PdfPig's word extraction.</summary>
internal static class PdfReading
{
    public static PdfDocument Open(RenderResult result) => PdfDocument.Open(result.Bytes);

    public static IReadOnlyList<Page> Pages(this PdfDocument document) =>
        Enumerable.Range(1, document.NumberOfPages).Select(document.GetPage).ToList();

    public static List<Word> Words(this Page page) => page.GetWords().ToList();

    public static List<string> Texts(this Page page) => page.GetWords().Select(w => w.Text).ToList();

    /// <summary>Words grouped into visual lines, top to bottom, each line left to right.</summary>
    public static List<List<Word>> Lines(this Page page) =>
        page.GetWords()
            .GroupBy(w => Math.Round(w.BoundingBox.Bottom / 2))
            .OrderByDescending(g => g.Key)
            .Select(g => g.OrderBy(w => w.BoundingBox.Left).ToList())
            .ToList();

    /// <summary>Words of the page body: everything above the footer zone.</summary>
    public static List<Word> BodyWords(this Page page, PageSettings settings) =>
        page.GetWords().Where(w => w.BoundingBox.Bottom >= settings.MarginBottom - 0.5 && w.BoundingBox.Top <= page.Height - settings.MarginTop + 0.5).ToList();
}

/// <summary>Low-level reads of the file's objects, for what PdfPig's document model does not show.</summary>
internal static class PdfObjects
{
    public static UglyToad.PdfPig.Tokens.IToken Resolve(this PdfDocument pdf, UglyToad.PdfPig.Tokens.IToken token) =>
        token is UglyToad.PdfPig.Tokens.IndirectReferenceToken reference ? pdf.Structure.GetObject(reference.Data).Data : token;

    public static T Get<T>(this PdfDocument pdf, UglyToad.PdfPig.Tokens.DictionaryToken dictionary, string key) where T : UglyToad.PdfPig.Tokens.IToken =>
        (T)pdf.Resolve(dictionary.Data[key]);

    public static T? Find<T>(this PdfDocument pdf, UglyToad.PdfPig.Tokens.DictionaryToken dictionary, string key) where T : class, UglyToad.PdfPig.Tokens.IToken =>
        dictionary.Data.TryGetValue(key, out var token) ? pdf.Resolve(token) as T : null;

    public static UglyToad.PdfPig.Tokens.DictionaryToken Catalog(this PdfDocument pdf) => pdf.Structure.Catalog.CatalogDictionary;

    public static byte[] Decoded(this UglyToad.PdfPig.Tokens.StreamToken stream) =>
        stream.Decode(UglyToad.PdfPig.Filters.DefaultFilterProvider.Instance).ToArray();
}
