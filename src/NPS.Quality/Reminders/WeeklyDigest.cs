using System.Globalization;
using System.Text;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Shared;

namespace NPS.Quality.Reminders;

/// <summary>Who a digest goes to: the user's name, role, site, address and chosen reminders.</summary>
public sealed record Recipient(string UserId, string Name, Role Role, string? SiteId, string? Email, IReadOnlyList<ReminderKind> Reminders)
{
    public static Recipient From(AppUser u) => new(u.Id, u.Name, u.Role, u.SiteId, u.Email, u.Reminders);
}

public sealed record DueAction(string SiteId, string SiteName, string AuditId, string ActionId, string Description, string Owner, DateOnly DueOn);

public sealed record UpcomingAudit(string SiteId, string SiteName, string AuditId, string KindLabel, string TypeLabel, DateOnly PlannedOn,
    IReadOnlyList<string> Auditors);

/// <summary>An indicator that, at the pace of the month so far, will not reach its minimum number of samples by the month's end.</summary>
public sealed record SampleShortfall(string SiteId, string SiteName, string Indicator, string Label, int N, int Minimum, int Projected);

public sealed record Digest(Recipient To, string Week, DateOnly Today, IReadOnlyList<DueAction> Actions, IReadOnlyList<UpcomingAudit> Audits,
    IReadOnlyList<SampleShortfall> Samples)
{
    public bool IsEmpty => Actions.Count == 0 && Audits.Count == 0 && Samples.Count == 0;
}

/// <summary>
/// The weekly digest, pure: what falls due, who is told (owners and quality leads for actions, auditors and the site's
/// manager for audits, quality leads for samples), filtered by the reminders each user chose; its week key and instant.
/// </summary>
public static class WeeklyDigest
{
    public const int ActionHorizonDays = 14;
    public const int AuditHorizonDays = 30;

    /// <summary>"2026-W48": the ISO week of a date (the key that makes a digest unique per user and week).</summary>
    public static string WeekOf(DateOnly date)
        => $"{ISOWeek.GetYear(date.ToDateTime(TimeOnly.MinValue))}-W{ISOWeek.GetWeekOfYear(date.ToDateTime(TimeOnly.MinValue)):00}";

    public static DateOnly MondayOf(string week)
    {
        var parts = week.Split("-W");
        return DateOnly.FromDateTime(ISOWeek.ToDateTime(int.Parse(parts[0], CultureInfo.InvariantCulture), int.Parse(parts[1], CultureInfo.InvariantCulture),
            DayOfWeek.Monday));
    }

    public static string NextWeek(string week) => WeekOf(MondayOf(week).AddDays(7));

    /// <summary>When the week's digest leaves: its configured day and hour, Paris time.</summary>
    public static DateTimeOffset SendInstant(string week, DayOfWeek day, int hour)
    {
        var monday = MondayOf(week);
        var date = monday.AddDays(((int)day + 6) % 7);
        return ParisTime.FromLocal(date.ToDateTime(new TimeOnly(Math.Clamp(hour, 0, 23), 0))).Instant!.Value;
    }

    public static IEnumerable<DueAction> DueActions(IEnumerable<Audit> audits, IReadOnlyDictionary<string, string> siteNames, DateOnly today)
        => audits.SelectMany(a => a.Findings.Where(f => f.Status != FindingStatus.Withdrawn).SelectMany(f => f.Actions
                .Where(x => x.IsOpen && x.DueOn <= today.AddDays(ActionHorizonDays))
                .Select(x => new DueAction(a.SiteId, siteNames.GetValueOrDefault(a.SiteId, a.SiteId), a.Id, x.Id, x.Description, x.Owner, x.DueOn))))
            .OrderBy(x => x.DueOn).ThenBy(x => x.SiteId, StringComparer.Ordinal);

    public static IEnumerable<UpcomingAudit> UpcomingAudits(IEnumerable<Audit> audits, IReadOnlyDictionary<string, string> siteNames, DateOnly today)
        => audits.Where(a => a.State == AuditState.Planned && a.PlannedOn >= today && a.PlannedOn <= today.AddDays(AuditHorizonDays))
            .OrderBy(a => a.PlannedOn)
            .Select(a => new UpcomingAudit(a.SiteId, siteNames.GetValueOrDefault(a.SiteId, a.SiteId), a.Id, AuditKinds.Labels[a.Kind],
                AuditTypes.Labels[a.Type], a.PlannedOn, a.Auditors));

    /// <summary>At the pace of the month so far (n samples in <c>today.Day</c> days), how many by the month's end; a shortfall when below the minimum.</summary>
    public static int Projected(int n, DateOnly today)
    {
        var days = DateTime.DaysInMonth(today.Year, today.Month);
        return (int)Math.Floor((double)n * days / today.Day);
    }

    public static bool WillMissMinimum(int n, int minimum, DateOnly today) => n < minimum && Projected(n, today) < minimum;

    public static Digest For(Recipient to, IEnumerable<DueAction> actions, IEnumerable<UpcomingAudit> audits, IEnumerable<SampleShortfall> shortfalls,
        DateOnly today)
    {
        var wants = to.Reminders.ToHashSet();
        var leadOf = to.Role == Role.QualityLead ? to.SiteId : null;
        var managerOf = to.Role == Role.SiteManager ? to.SiteId : null;
        return new Digest(to, WeekOf(today), today,
            wants.Contains(ReminderKind.Actions)
                ? actions.Where(a => SameName(a.Owner, to.Name) || a.SiteId == leadOf).ToList() : [],
            wants.Contains(ReminderKind.Audits)
                ? audits.Where(a => a.Auditors.Any(n => SameName(n, to.Name)) || a.SiteId == managerOf).ToList() : [],
            wants.Contains(ReminderKind.Samples) ? shortfalls.Where(s => s.SiteId == leadOf).ToList() : []);
    }

    private static bool SameName(string a, string b) => string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);

    public static string Subject(Digest d)
    {
        var parts = new List<string>();
        if (d.Actions.Count > 0) parts.Add(Plural(d.Actions.Count, "action à suivre", "actions à suivre"));
        if (d.Audits.Count > 0) parts.Add(Plural(d.Audits.Count, "audit à venir", "audits à venir"));
        if (d.Samples.Count > 0) parts.Add(Plural(d.Samples.Count, "indicateur à compléter", "indicateurs à compléter"));
        return $"NPS Qualité — semaine du {Fr.Date(MondayOf(d.Week))} : {string.Join(", ", parts)}";
    }

    /// <summary>The plain-text French body, with a link to each item and to the reminder settings.</summary>
    public static string Text(Digest d, string baseUrl)
    {
        baseUrl = baseUrl.TrimEnd('/');
        var b = new StringBuilder();
        b.Append("Bonjour ").Append(d.To.Name).AppendLine(",").AppendLine();
        b.Append("Voici votre résumé de la semaine du ").Append(Fr.Date(MondayOf(d.Week))).AppendLine(".").AppendLine();
        if (d.Actions.Count > 0)
        {
            b.AppendLine($"Actions correctives à échéance dans les {ActionHorizonDays} jours ou en retard ({d.Actions.Count}) :");
            foreach (var a in d.Actions)
            {
                var days = a.DueOn.DayNumber - d.Today.DayNumber;
                var due = days < 0 ? $"EN RETARD, échéance dépassée depuis le {Fr.Date(a.DueOn)}" : $"échéance le {Fr.Date(a.DueOn)} ({Fr.Relative(a.DueOn, d.Today)})";
                b.AppendLine($"- {a.SiteName} · {a.Description} — responsable : {a.Owner} — {due}");
                b.AppendLine($"  {baseUrl}/audits/{a.AuditId}");
            }
            b.AppendLine();
        }
        if (d.Audits.Count > 0)
        {
            b.AppendLine($"Audits des {AuditHorizonDays} prochains jours ({d.Audits.Count}) :");
            foreach (var a in d.Audits)
            {
                b.AppendLine($"- {a.SiteName} · {a.KindLabel} ({a.TypeLabel}) le {Fr.Date(a.PlannedOn)} ({Fr.Relative(a.PlannedOn, d.Today)}) — auditeurs : {string.Join(", ", a.Auditors)}");
                b.AppendLine($"  {baseUrl}/audits/{a.AuditId}");
            }
            b.AppendLine();
        }
        if (d.Samples.Count > 0)
        {
            var month = new DateOnly(d.Today.Year, d.Today.Month, 1);
            b.AppendLine($"Échantillons manquants en {Fr.Month(month)} ({d.Samples.Count}) :");
            foreach (var s in d.Samples)
                b.AppendLine($"- {s.SiteName} · {s.Indicator} {s.Label} : {Plural(s.N, "échantillon", "échantillons")} pour un minimum de {s.Minimum} " +
                    $"(au rythme actuel, environ {s.Projected} à la fin du mois) — {baseUrl}/sites/{s.SiteId}/echantillons");
            b.AppendLine();
        }
        b.AppendLine("Vous recevez ce message parce que vous avez choisi ces rappels.");
        b.Append("Pour les modifier ou les arrêter : ").Append(baseUrl).AppendLine("/rappels");
        return b.ToString();
    }

    private static string Plural(int n, string one, string many) => $"{Fr.Number(n)} {(n is 0 or 1 ? one : many)}";
}
