using Marten;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Compliance;
using NPS.Quality.Referentials;
using NPS.Quality.Sites;

namespace NPS.Quality.Reminders;

/// <summary>What a user's digest is made of, read from the store (audits, sites, this month's compliance).</summary>
public static class DigestReads
{
    public static async Task<Digest> ForAsync(IQuerySession session, ReferentialCatalog catalog, AppUser user, DateTimeOffset now, CancellationToken ct)
    {
        var today = AuditCalendar.DateOf(now);
        var names = (await session.Query<Site>().ToListAsync(ct)).ToDictionary(s => s.Id, s => s.Name);
        var recipient = Recipient.From(user);
        var wants = user.Reminders.ToHashSet();
        IReadOnlyList<Audit> audits = wants.Contains(ReminderKind.Actions) || wants.Contains(ReminderKind.Audits)
            ? await session.Query<Audit>().Where(a => a.State != AuditState.Closed || a.Findings.Any()).ToListAsync(ct)
            : [];
        var shortfalls = wants.Contains(ReminderKind.Samples) && user is { Role: Role.QualityLead, SiteId: { } site }
            ? await ShortfallsAsync(session, catalog, site, names, now, ct)
            : [];
        return WeeklyDigest.For(recipient, WeeklyDigest.DueActions(audits, names, today), WeeklyDigest.UpcomingAudits(audits, names, today), shortfalls, today);
    }

    /// <summary>The site's indicators that, at this month's pace, will not reach their minimum of samples.</summary>
    public static async Task<List<SampleShortfall>> ShortfallsAsync(IQuerySession session, ReferentialCatalog catalog, string siteId,
        IReadOnlyDictionary<string, string> names, DateTimeOffset now, CancellationToken ct)
    {
        var today = AuditCalendar.DateOf(now);
        var first = new DateOnly(today.Year, today.Month, 1);
        var compliance = await SiteComplianceQuery.ForAsync(session, catalog, siteId, first.ToString("yyyy-MM-dd"), today.ToString("yyyy-MM-dd"), null, null, now, ct);
        if (compliance.Value is not { } report) return [];
        return report.Engagements.SelectMany(e => e.Indicators)
            .Where(i => WeeklyDigest.WillMissMinimum(i.N, i.MinimumSamples, today))
            .Select(i => new SampleShortfall(siteId, names.GetValueOrDefault(siteId, siteId), i.Code, i.Label, i.N, i.MinimumSamples, WeeklyDigest.Projected(i.N, today)))
            .ToList();
    }
}
