using System.Net;
using System.Text;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http.Extensions;

namespace NPS.Quality.Web;

/// <summary>
/// A list sorted on the server by its query string (<c>?tri=echeance&amp;ordre=desc</c>): the column headers are links,
/// the sorted one carries <c>aria-sort</c>, so a screen reader says which column orders the rows and in which direction.
/// </summary>
public sealed record ColumnSort(string Key, bool Descending)
{
    public const string KeyParameter = "tri";
    public const string OrderParameter = "ordre";

    /// <summary>The sort asked for, when it names a known column; otherwise the list's own default. Pure.</summary>
    public static ColumnSort Parse(string? key, string? order, IReadOnlyCollection<string> keys, string defaultKey, bool defaultDescending = false)
    {
        if (string.IsNullOrWhiteSpace(key) || !keys.Contains(key)) return new ColumnSort(defaultKey, defaultDescending);
        return new ColumnSort(key, order == "desc");
    }

    public static ColumnSort Of(HttpRequest request, IReadOnlyCollection<string> keys, string defaultKey, bool defaultDescending = false)
        => Parse(request.Query[KeyParameter], request.Query[OrderParameter], keys, defaultKey, defaultDescending);

    /// <summary>The rows in this order; ties keep their previous order (the list's default). Pure.</summary>
    public IReadOnlyList<T> Apply<T>(IEnumerable<T> rows, IReadOnlyDictionary<string, Func<T, IComparable?>> keys)
    {
        if (!keys.TryGetValue(Key, out var by)) return rows.ToList();
        var comparer = Comparer<IComparable?>.Create(Compare);
        return (Descending ? rows.OrderByDescending(by, comparer) : rows.OrderBy(by, comparer)).ToList();
    }

    private static int Compare(IComparable? a, IComparable? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => 1,
        (_, null) => -1,
        (string x, string y) => string.Compare(x, y, StringComparison.CurrentCultureIgnoreCase),
        _ => a.CompareTo(b),
    };

    /// <summary>
    /// A sortable column header: a link that sorts by this column (the other direction when it already does), with
    /// <c>aria-sort</c> on the sorted column and its direction in words for screen readers.
    /// </summary>
    public IHtmlContent Header(HttpRequest request, string key, string label, string? cssClass = null)
    {
        var sorted = key == Key;
        var nextDescending = sorted && !Descending;
        var html = new StringBuilder();
        html.Append("<th scope=\"col\" class=\"sortable");
        if (cssClass is not null) html.Append(' ').Append(WebUtility.HtmlEncode(cssClass));
        html.Append('"');
        if (sorted) html.Append(" aria-sort=\"").Append(Descending ? "descending" : "ascending").Append('"');
        html.Append("><a href=\"").Append(WebUtility.HtmlEncode(Link(request, key, nextDescending))).Append("\">")
            .Append(WebUtility.HtmlEncode(label));
        if (sorted) html.Append(Descending ? " <span aria-hidden=\"true\">▼</span>" : " <span aria-hidden=\"true\">▲</span>");
        html.Append("<span class=\"sr-only\">")
            .Append(sorted
                ? Descending ? " (trié par ordre décroissant ; activer pour l'ordre croissant)" : " (trié par ordre croissant ; activer pour l'ordre décroissant)"
                : " (activer pour trier)")
            .Append("</span></a></th>");
        return new HtmlString(html.ToString());
    }

    /// <summary>The current URL sorted by <paramref name="key"/>, other filters kept, back to the first page.</summary>
    public static string Link(HttpRequest request, string key, bool descending)
    {
        var query = new QueryBuilder();
        foreach (var (name, values) in request.Query)
        {
            if (name is KeyParameter or OrderParameter or "page" or "handler") continue;
            foreach (var value in values) if (value is not null) query.Add(name, value);
        }
        query.Add(KeyParameter, key);
        query.Add(OrderParameter, descending ? "desc" : "asc");
        return request.Path + query.ToQueryString().ToString();
    }
}
