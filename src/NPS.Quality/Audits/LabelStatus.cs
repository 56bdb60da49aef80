namespace NPS.Quality.Audits;

/// <summary>Where a site stands with the QualiParis label, from its audits, and when it is audited next.</summary>
public sealed record SiteLabel(string Status, string StatusLabel, DateTimeOffset? ValidUntil, DateOnly? NextAudit);

/// <summary>
/// The label status of a site, pure. In order:
/// <list type="number">
/// <item><c>blocked</c>: a concluded audit (internal or AFNOR) still has an open major NC;</item>
/// <item><c>labelled</c> / <c>expired</c>: the latest concluded AFNOR audit is favourable (with or without
/// reservations): labelled for one year from its conclusion, expired after;</item>
/// <item><c>audit_planned</c>: an audit is planned or under way;</item>
/// <item><c>in_preparation</c>: otherwise (including after an unfavourable AFNOR audit, which grants nothing).</item>
/// </list>
/// </summary>
public static class LabelStatus
{
    public const string InPreparation = "in_preparation";
    public const string AuditPlanned = "audit_planned";
    public const string Blocked = "blocked";
    public const string Labelled = "labelled";
    public const string Expired = "expired";

    public static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string>
    {
        [InPreparation] = "en préparation",
        [AuditPlanned] = "audit planifié",
        [Blocked] = "bloqué (NC majeure ouverte)",
        [Labelled] = "labellisé",
        [Expired] = "label expiré",
    };

    public static bool Grants(AuditConclusion? conclusion) => conclusion is AuditConclusion.Favorable or AuditConclusion.FavorableWithReservations;

    public static SiteLabel Of(IEnumerable<Audit> audits, DateTimeOffset now)
    {
        var all = audits.ToList();
        var nextAudit = all.Where(a => a.State == AuditState.Planned).Select(a => (DateOnly?)a.PlannedOn).Min();

        SiteLabel Make(string status, DateTimeOffset? validUntil = null) => new(status, Labels[status], validUntil, nextAudit);

        var concluded = all.Where(a => a.ConcludedAt is not null).ToList();
        if (concluded.Any(a => a.Findings.Any(f => f.IsOpen && f.Category == FindingCategory.MajorNc)))
            return Make(Blocked);

        var lastAfnor = concluded.Where(a => a.Kind == AuditKind.Afnor).MaxBy(a => a.ConcludedAt);
        if (lastAfnor is not null && Grants(lastAfnor.Conclusion))
        {
            var validUntil = lastAfnor.ConcludedAt!.Value.AddYears(1);
            return now < validUntil ? Make(Labelled, validUntil) : Make(Expired, validUntil);
        }

        if (all.Any(a => a.State is AuditState.Planned or AuditState.Started)) return Make(AuditPlanned);
        return Make(InPreparation);
    }
}
