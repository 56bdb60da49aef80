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
        for (var p = 1; p <= Pages; p++) WordsByPage.Add(Dehyphenated(document.GetPage(p).GetWords().ToList()));
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

    /// <summary>
    /// Words in drawing order, a word hyphenated at the end of a line joined again with its end on the next line
    /// ("accompa-" + "gnement"): the layout hyphenates French words, the text is what was written.
    /// </summary>
    private static List<string> Dehyphenated(List<UglyToad.PdfPig.Content.Word> words)
    {
        var result = new List<string>(words.Count);
        for (var i = 0; i < words.Count; i++)
        {
            var text = words[i].Text;
            while (text.Length >= 3 && text[^1] == '-' && char.IsLower(text[^2]) && i + 1 < words.Count
                   && words[i + 1].Text.Length > 0 && char.IsLower(words[i + 1].Text[0])
                   && words[i + 1].BoundingBox.Bottom < words[i].BoundingBox.Bottom - 1)
                text = text[..^1] + words[++i].Text;
            result.Add(text);
        }
        return result;
    }

    public IEnumerable<string> Words => WordsByPage.SelectMany(w => w);

    /// <summary>All words joined by single spaces: phrases can be searched across line breaks.</summary>
    public string Text => string.Join(' ', Words);

    public bool HasWord(string word) => Words.Contains(word);

    /// <summary>"Page 3 / 12" as separate words at the bottom of a page.</summary>
    public bool HasFooter(int page) => string.Join(' ', WordsByPage[page - 1]).Contains($"Page {page} / {Pages}");
}
