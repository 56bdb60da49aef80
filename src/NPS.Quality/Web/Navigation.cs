namespace NPS.Quality.Web;

/// <summary>
/// Which link of the main navigation and of the footer is the current page: <c>aria-current="page"</c> on the link of
/// the page itself, <c>aria-current="true"</c> on the section a deeper page belongs to (a site belongs to "Sites",
/// an audit to "Audits"). Pure.
/// </summary>
public static class Navigation
{
    public static string? Current(string path, string link)
    {
        var here = path.Length > 1 ? path.TrimEnd('/') : path;
        if (string.Equals(here, link, StringComparison.OrdinalIgnoreCase)) return "page";
        var section = link switch
        {
            "/" => here.StartsWith("/sites/", StringComparison.OrdinalIgnoreCase),
            "/audits" => here.StartsWith("/audits/", StringComparison.OrdinalIgnoreCase),
            "/administration" => here.StartsWith("/administration/", StringComparison.OrdinalIgnoreCase),
            "/programmes" => here.StartsWith("/programmes/", StringComparison.OrdinalIgnoreCase),
            _ => false,
        };
        return section ? "true" : null;
    }
}
