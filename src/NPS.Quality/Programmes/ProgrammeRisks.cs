using Marten;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Referentials;

namespace NPS.Quality.Programmes;

/// <summary>What the sampling rule needs of each site in scope: its open NCs and last audit (Audits), its weakest indicators (Compliance).</summary>
public static class ProgrammeRisks
{
    /// <summary>The risk of each site over the twelve months up to <paramref name="now"/>.</summary>
    public static async Task<List<SiteRisk>> ReadAsync(IQuerySession session, ReferentialCatalog catalog, IReadOnlyList<string> siteIds,
        DateTimeOffset now, CancellationToken ct)
    {
        var today = AuditCalendar.DateOf(now);
        var audits = await session.Query<Audit>().Where(a => a.SiteId.IsOneOf(siteIds.ToArray())).ToListAsync(ct);
        var group = await GroupComplianceQuery.ForAsync(session, catalog, today.AddDays(-364).ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd"),
            null, null, now, ct);
        var compliance = group.Value?.Sites.ToDictionary(s => s.SiteId) ?? [];
        return siteIds.Select(id =>
        {
            var ofSite = audits.Where(a => a.SiteId == id).ToList();
            var open = ofSite.SelectMany(a => a.Findings).Where(f => f.IsOpen).ToList();
            var indicators = compliance.TryGetValue(id, out var summary) ? summary.Indicators : [];
            var margins = indicators.Where(i => i.Share is not null).Select(i => i.Share!.Value - i.Target).ToList();
            return new SiteRisk(id,
                open.Count(f => f.Category == FindingCategory.MajorNc),
                open.Count(f => f.Category == FindingCategory.MinorNc),
                indicators.Count(i => i.Verdict == Verdict.NonCompliant),
                margins.Count == 0 ? null : Math.Round(margins.Min(), 4),
                LastAudited(ofSite));
        }).ToList();
    }

    /// <summary>The day of the site's last audit that took place (started at least).</summary>
    public static DateOnly? LastAudited(IEnumerable<Audit> audits)
        => audits.Where(a => a.StartedAt is not null).Select(a => (DateOnly?)AuditCalendar.DateOf(a.StartedAt!.Value)).Max();
}
