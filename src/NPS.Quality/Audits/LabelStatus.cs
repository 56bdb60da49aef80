using System.Text.Json.Serialization;
using Marten;
using NPS.Quality.Sites;

namespace NPS.Quality.Audits;

/// <summary>Where a site stands with the QualiParis label, from its audits, and when it is audited next.</summary>

/// <summary>
/// The label status of a site, pure. In order:
/// <list type="number">
/// <item><c>blocked</c>: a concluded audit (internal or AFNOR) still has an open major NC;</item>
/// <item><c>labelled</c> / <c>expired</c>: the latest concluded AFNOR audit is favourable (with or without
/// reservations): labelled for one year from its conclusion, expired after;</item>
/// <item><c>audit_in_progress</c>: an audit is under way (started, not concluded); its label says when a major NC is
/// already open in it ("audit en cours, NC majeure ouverte"), which will block the site if it is still open at the conclusion;</item>
/// <item><c>audit_planned</c>: an audit is planned;</item>
/// <item><c>in_preparation</c>: otherwise (including after an unfavourable AFNOR audit, which grants nothing).</item>
/// </list>
/// </summary>
public enum SiteLabelStatus
{
    [JsonStringEnumMemberName("in_preparation")] InPreparation,
    [JsonStringEnumMemberName("audit_planned")] AuditPlanned,
    [JsonStringEnumMemberName("blocked")] Blocked,
    [JsonStringEnumMemberName("labelled")] Labelled,
    [JsonStringEnumMemberName("expired")] Expired,
    [JsonStringEnumMemberName("audit_in_progress")] AuditInProgress,
}

public static class LabelStatus
{
    public static readonly IReadOnlyDictionary<SiteLabelStatus, string> Labels = new Dictionary<SiteLabelStatus, string>
    {
        [SiteLabelStatus.InPreparation] = "en préparation",
        [SiteLabelStatus.AuditPlanned] = "audit planifié",
        [SiteLabelStatus.Blocked] = "bloqué (NC majeure ouverte)",
        [SiteLabelStatus.Labelled] = "labellisé",
        [SiteLabelStatus.Expired] = "label expiré",
        [SiteLabelStatus.AuditInProgress] = "audit en cours",
    };

    /// <summary>The label of an audit under way with a major NC open in it.</summary>
    public const string InProgressWithMajorNc = "audit en cours, NC majeure ouverte";

    public static bool Grants(AuditConclusion? conclusion) => conclusion is AuditConclusion.Favorable or AuditConclusion.FavorableWithReservations;

    public static SiteLabel Of(IEnumerable<Audit> audits, DateTimeOffset now)
    {
        var all = audits.ToList();
        var nextAudit = all.Where(a => a.State == AuditState.Planned).Select(a => (DateOnly?)a.PlannedOn).Min();

        SiteLabel Make(SiteLabelStatus status, DateTimeOffset? validUntil = null, string? label = null)
            => new(status.Wire(), label ?? Labels[status], validUntil, nextAudit);

        var concluded = all.Where(a => a.ConcludedAt is not null).ToList();
        if (concluded.Any(a => a.Findings.Any(f => f.IsOpen && f.Category == FindingCategory.MajorNc)))
            return Make(SiteLabelStatus.Blocked);

        var lastAfnor = concluded.Where(a => a.Kind == AuditKind.Afnor).MaxBy(a => a.ConcludedAt);
        if (lastAfnor is not null && Grants(lastAfnor.Conclusion))
        {
            var validUntil = lastAfnor.ConcludedAt!.Value.AddYears(1);
            return now < validUntil ? Make(SiteLabelStatus.Labelled, validUntil) : Make(SiteLabelStatus.Expired, validUntil);
        }

        var started = all.Where(a => a.State == AuditState.Started).ToList();
        if (started.Count > 0)
            return Make(SiteLabelStatus.AuditInProgress, label: started.Any(a => a.Findings.Any(f => f.IsOpen && f.Category == FindingCategory.MajorNc))
                ? InProgressWithMajorNc : null);
        if (all.Any(a => a.State == AuditState.Planned)) return Make(SiteLabelStatus.AuditPlanned);
        return Make(SiteLabelStatus.InPreparation);
    }
}

/// <summary>The label of sites from their audits, for the sites feature (one query for all the sites asked).</summary>
public sealed class AuditSiteLabels : ISiteLabels
{
    public async Task<IReadOnlyDictionary<string, SiteLabel>> OfAsync(IQuerySession session, IReadOnlyCollection<string> siteIds,
        DateTimeOffset now, CancellationToken ct)
    {
        var ids = siteIds.ToArray();
        var audits = (await session.Query<Audit>().Where(a => a.SiteId.IsOneOf(ids)).ToListAsync(ct)).ToLookup(a => a.SiteId);
        return ids.Distinct().ToDictionary(id => id, id => LabelStatus.Of(audits[id], now));
    }
}
