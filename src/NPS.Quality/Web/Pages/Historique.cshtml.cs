using System.Globalization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// A site's history for its readers: who did what, when, filtered by kind of event, person and period, sorted by
/// column, fifty lines a page. Read through <see cref="SiteHistoryReads"/>, as <c>GET /api/sites/{siteId}/history</c>.
/// </summary>
public sealed class HistoriqueModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public const int PageSize = 50;
    public static readonly string[] SortKeys = ["quand", "qui", "quoi"];

    public Site Site { get; private set; } = null!;
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];
    public IReadOnlyList<string> People { get; private set; } = [];
    public ColumnSort Sort { get; private set; } = new("quand", true);
    public int PageNumber { get; private set; } = 1;
    public bool HasNext { get; private set; }
    public bool Filtered { get; private set; }
    public string? PeriodError { get; private set; }

    [BindProperty(SupportsGet = true, Name = "type")] public string? Kind { get; set; }
    [BindProperty(SupportsGet = true, Name = "qui")] public string? By { get; set; }
    [BindProperty(SupportsGet = true, Name = "du")] public string? FromDay { get; set; }
    [BindProperty(SupportsGet = true, Name = "au")] public string? ToDay { get; set; }

    public async Task<IActionResult> OnGetAsync(string siteId, int? page, CancellationToken ct)
    {
        if (!AccessRules.CanReadSite(Me, siteId)) return Refused();
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return NotFound();
        Site = site;
        PageNumber = Math.Clamp(page ?? 1, 1, Bounds.MaxPage);
        Sort = ColumnSort.Of(Request, SortKeys, "quand", defaultDescending: true);

        var from = Day(FromDay);
        var to = Day(ToDay);
        if (from is not null && to is not null && to < from) PeriodError = "La date de fin précède la date de début : la période est ignorée.";
        var kind = HistoryKinds.TypesOf(Kind) is null ? null : Kind;
        var filter = new HistoryFilter(kind, string.IsNullOrWhiteSpace(By) ? null : By,
            PeriodError is null ? StartOf(from) : null, PeriodError is null ? StartOf(to?.AddDays(1)) : null,
            Sort.Key switch { "qui" => HistoryOrder.Person, "quoi" => HistoryOrder.Type, _ => HistoryOrder.Time }, Sort.Descending);
        Filtered = filter.Kind is not null || filter.By is not null || filter.From is not null || filter.To is not null;

        var rows = await SiteHistoryReads.PageAsync(session, siteId, filter, PageNumber, PageSize + 1, ct);
        HasNext = rows.Count > PageSize;
        Entries = rows.Take(PageSize).ToList();
        People = await SiteHistoryReads.PeopleAsync(session, siteId, ct);
        return Page();
    }

    private static DateOnly? Day(string? text)
        => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static DateTimeOffset? StartOf(DateOnly? day)
        => day is null ? null : ParisTime.FromLocal(day.Value.ToDateTime(TimeOnly.MinValue)).Instant;

    /// <summary>The same list on another page number, filters and order kept.</summary>
    public string PageLink(int number)
    {
        var query = Request.Query.Where(q => q.Key != "page").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Append(new("page", number.ToString(CultureInfo.InvariantCulture)));
        return Request.Path + Microsoft.AspNetCore.Http.QueryString.Create(query).ToString();
    }

    /// <summary>"le 3 octobre 2017 à 09:05" and the French label of the event's kind.</summary>
    public static string KindOf(string type) => HistoryKinds.All.FirstOrDefault(k => k.Types.Contains(type)).Label ?? "Autre";
}
