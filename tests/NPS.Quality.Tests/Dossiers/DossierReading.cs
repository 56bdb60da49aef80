using UglyToad.PdfPig;
using UglyToad.PdfPig.Outline;

namespace NPS.Quality.Tests.Dossiers;

/// <summary>A PDF read back with PdfPig's word extraction (never <c>page.Text</c>, which glues words).</summary>
public sealed class DossierReading
{
    public int Pages { get; }
    public List<List<string>> WordsByPage { get; } = [];
    public List<string> Bookmarks { get; } = [];
    public string Title { get; }

    public DossierReading(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        Pages = document.NumberOfPages;
        Title = document.Information.Title ?? "";
        for (var p = 1; p <= Pages; p++) WordsByPage.Add(document.GetPage(p).GetWords().Select(w => w.Text).ToList());
        if (document.TryGetBookmarks(out var bookmarks))
        {
            void Walk(BookmarkNode node)
            {
                Bookmarks.Add(node.Title);
                foreach (var child in node.Children) Walk(child);
            }
            foreach (var root in bookmarks.Roots) Walk(root);
        }
    }

    public IEnumerable<string> Words => WordsByPage.SelectMany(w => w);

    /// <summary>All words joined by single spaces: phrases can be searched across line breaks.</summary>
    public string Text => string.Join(' ', Words);

    public bool HasWord(string word) => Words.Contains(word);

    /// <summary>"Page 3 / 12" as separate words at the bottom of a page.</summary>
    public bool HasFooter(int page) => string.Join(' ', WordsByPage[page - 1]).Contains($"Page {page} / {Pages}");
}
