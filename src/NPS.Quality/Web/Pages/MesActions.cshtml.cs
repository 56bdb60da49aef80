using Marten;
using NPS.Quality.Audits;
using NPS.Quality.Sites;

namespace NPS.Quality.Web.Pages;

/// <summary>
/// "Mes actions": the open corrective actions whose owner is the signed-in person, overdue first, sortable by column.
/// Read through <see cref="OwnedActionReads"/> (the API's <see cref="ActionReads"/> filtered on the owner).
/// </summary>
public sealed class MesActionsModel(IQuerySession session, TimeProvider clock) : WebPage(clock)
{
    public static readonly string[] SortKeys = ["echeance", "site", "action", "constat"];

    public IReadOnlyList<SiteActionView> Actions { get; private set; } = [];
    public IReadOnlyDictionary<string, string> SiteNames { get; private set; } = new Dictionary<string, string>();
    public ColumnSort Sort { get; private set; } = new("echeance", false);
    public int Overdue => Actions.Count(a => a.Action.Overdue);

    public async Task OnGetAsync(CancellationToken ct)
    {
        var owned = await OwnedActionReads.OfCallerAsync(session, Me, Today, ct);
        var ids = owned.Select(a => a.SiteId).Distinct().ToList();
        SiteNames = (await session.Query<Site>().Where(s => s.Id.IsOneOf(ids)).ToListAsync(ct)).ToDictionary(s => s.Id, s => s.Name);
        Sort = ColumnSort.Of(Request, SortKeys, "echeance");
        // The default order (due date ascending) is the query's: overdue first. Other columns keep it for ties.
        Actions = Sort is { Key: "echeance", Descending: false }
            ? owned
            : Sort.Apply(owned, new Dictionary<string, Func<SiteActionView, IComparable?>>
            {
                ["echeance"] = a => a.Action.DueOn,
                ["site"] = a => SiteNames.GetValueOrDefault(a.SiteId, a.SiteId),
                ["action"] = a => a.Action.Description,
                ["constat"] = a => a.Engagement,
            });
    }
}
