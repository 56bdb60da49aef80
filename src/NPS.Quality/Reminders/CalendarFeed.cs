using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Sites;
using Wolverine.Http;

namespace NPS.Quality.Reminders;

/// <summary>
/// A user's calendar (RFC 5545) at a secret URL: their audits (as auditor, or of their site) and the due dates of their
/// corrective actions (as owner, or of their site). Outlook and Thunderbird subscribe to it; the secret is the only key.
/// </summary>
public static class CalendarFeed
{
    public static Calendar Build(AppUser user, IEnumerable<Audit> audits, IReadOnlyDictionary<string, string> siteNames, string baseUrl)
    {
        baseUrl = baseUrl.TrimEnd('/');
        var calendar = new Calendar { ProductId = "-//NPS Qualité//Calendrier//FR" };
        calendar.AddProperty("X-WR-CALNAME", $"NPS Qualité — {user.Name}");
        foreach (var audit in audits)
        {
            var site = siteNames.GetValueOrDefault(audit.SiteId, audit.SiteId);
            var ofMySite = user.Role.IsSiteBound() && user.SiteId == audit.SiteId;
            if (ofMySite || audit.Auditors.Any(a => Same(a, user.Name)))
                calendar.Events.Add(AllDay($"{audit.Id}@nps-qualite", $"{AuditKinds.Labels[audit.Kind]} ({AuditTypes.Labels[audit.Type]}) — {site}",
                    audit.PlannedOn, $"État : {AuditStates.Labels[audit.State]}. Auditeurs : {string.Join(", ", audit.Auditors)}.", $"{baseUrl}/audits/{audit.Id}"));
            foreach (var finding in audit.Findings.Where(f => f.Status != FindingStatus.Withdrawn))
                foreach (var action in finding.Actions.Where(a => a.IsOpen && (Same(a.Owner, user.Name) || (ofMySite && user.Role == Role.QualityLead))))
                    calendar.Events.Add(AllDay($"{action.Id}@nps-qualite", $"Échéance : {action.Description} — {site}", action.DueOn,
                        $"Action corrective ({FindingCategories.Labels[finding.Category]}, {finding.Engagement}). Responsable : {action.Owner}.",
                        $"{baseUrl}/audits/{audit.Id}"));
        }
        return calendar;
    }

    private static CalendarEvent AllDay(string uid, string summary, DateOnly day, string description, string url)
    {
        var start = new CalDateTime(day.Year, day.Month, day.Day);
        return new CalendarEvent
        {
            Uid = uid,
            Summary = summary,
            Description = $"{description}\n{url}",
            Url = new Uri(url),
            DtStart = start,
            DtEnd = start.AddDays(1),
        };
    }

    private static bool Same(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    public static string Serialize(Calendar calendar) => new CalendarSerializer().SerializeToString(calendar) ?? "";
}

public static class CalendarFeedEndpoint
{
    /// <summary>
    /// GET /calendrier/{secret}.ics, without a token (calendar applications send none): 404 for an unknown or replaced
    /// secret, the same answer as for a malformed one, so that nothing tells a guess apart.
    /// </summary>
    [WolverineGet("/calendrier/{feed}"), AllowAnonymous]
    public static async Task<IResult> Get(string feed, IQuerySession session, IOptionsMonitor<ReminderOptions> options, CancellationToken ct)
    {
        if (!feed.EndsWith(".ics", StringComparison.Ordinal) || feed.Length > 120) return Results.NotFound();
        var hash = Tokens.Hash(feed[..^4]);
        var user = await session.Query<AppUser>().Where(u => u.CalendarFeedHash == hash && u.RevokedAt == null).FirstOrDefaultAsync(ct);
        if (user is null) return Results.NotFound();
        var audits = await session.Query<Audit>().ToListAsync(ct);
        var names = (await session.Query<Site>().ToListAsync(ct)).ToDictionary(s => s.Id, s => s.Name);
        var text = CalendarFeed.Serialize(CalendarFeed.Build(user, audits, names, options.CurrentValue.BaseUrl));
        return Results.Text(text, "text/calendar; charset=utf-8");
    }
}
