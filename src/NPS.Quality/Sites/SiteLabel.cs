using Marten;

namespace NPS.Quality.Sites;

/// <summary>Where a site stands with the QualiParis label, and when it is audited next (status as its wire code).</summary>
public sealed record SiteLabel(string Status, string StatusLabel, DateTimeOffset? ValidUntil, DateOnly? NextAudit);

/// <summary>
/// The label of each site, as its audits decide it. The audits feature owns the rule and implements this; sites only
/// show the answer, so the dependency runs from Audits to Sites and never back.
/// </summary>
public interface ISiteLabels
{
    Task<IReadOnlyDictionary<string, SiteLabel>> OfAsync(IQuerySession session, IReadOnlyCollection<string> siteIds, DateTimeOffset now,
        CancellationToken ct);
}
