using System.Net.Mail;
using System.Security.Claims;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;

namespace NPS.Quality.Access;

/// <summary>What a weekly digest may remind a user of.</summary>
public enum ReminderKind
{
    /// <summary>Corrective actions due within 14 days or overdue (their owners, the site's quality leads).</summary>
    [JsonStringEnumMemberName("actions")] Actions,
    /// <summary>Audits of the next 30 days (their auditors, the site's manager).</summary>
    [JsonStringEnumMemberName("audits")] Audits,
    /// <summary>Indicators of the site that will not reach their minimum of samples this month (quality leads).</summary>
    [JsonStringEnumMemberName("samples")] Samples,
}

public sealed record UserReminderPreferencesSet(string UserId, string? Email, IReadOnlyList<ReminderKind> Reminders, string SetBy, DateTimeOffset SetAt);

/// <summary>A new secret calendar URL: the previous one stops working. Only the secret's SHA-256 is kept.</summary>
public sealed record UserCalendarFeedReset(string UserId, string FeedHash, string ResetBy, DateTimeOffset ResetAt);

/// <summary>The caller's own e-mail address and reminder choices (<c>expectedVersion</c>: the <c>version</c> of GET /api/me/reminders).</summary>
public sealed record SetReminderPreferences(string? Email, IReadOnlyList<string>? Reminders, int? ExpectedVersion)
{
    [JsonIgnore] public string UserId { get; init; } = "";
}

/// <summary>Makes (or remakes) the caller's secret calendar URL.</summary>
public sealed record ResetCalendarFeed
{
    [JsonIgnore] public string UserId { get; init; } = "";
}

public sealed record ReminderPreferencesView(string UserId, string Name, int Version, string? Email, IReadOnlyList<string> Reminders,
    IReadOnlyDictionary<string, string> Choices, bool HasCalendarFeed)
{
    public static ReminderPreferencesView From(AppUser u) => new(u.Id, u.Name, u.Version, u.Email, u.Reminders.Select(r => r.Wire()).ToList(),
        ReminderKinds.Labels.ToDictionary(l => l.Key.Wire(), l => l.Value), u.CalendarFeedHash is not null);
}

/// <summary>The secret feed path, shown once: <c>/calendrier/{secret}.ics</c>.</summary>
public sealed record CalendarFeedCreated(string Path, string Secret);

public static class ReminderKinds
{
    public static readonly IReadOnlyDictionary<ReminderKind, string> Labels = new Dictionary<ReminderKind, string>
    {
        [ReminderKind.Actions] = "actions correctives à échéance dans les 14 jours ou en retard",
        [ReminderKind.Audits] = "audits des 30 prochains jours",
        [ReminderKind.Samples] = "échantillons manquants pour atteindre le minimum du mois",
    };

    public static string FeedPath(string secret) => $"/calendrier/{secret}.ics";
}

public static class SetReminderPreferencesHandler
{
    public const int MaxEmailLength = 254;

    /// <summary>The field rules, pure: a plain address or none, known reminder codes, and an address when a reminder is chosen.</summary>
    public static List<FieldError> Check(SetReminderPreferences c)
    {
        var errors = new List<FieldError>();
        if (c.ExpectedVersion is null)
            errors.Add(new("expectedVersion", "expectedVersion est obligatoire (le champ « version » renvoyé par GET /api/me/reminders)"));
        var email = c.Email?.Trim();
        if (!string.IsNullOrEmpty(email))
        {
            if (email.Length > MaxEmailLength) errors.Add(new("email", $"l'adresse ne doit pas dépasser {MaxEmailLength} caractères"));
            else if (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || !parsed.Host.Contains('.'))
                errors.Add(new("email", "adresse électronique invalide (attendu : prenom.nom@exemple.fr)", Value: c.Email));
        }
        foreach (var code in c.Reminders ?? [])
            if (WireNames.Parse<ReminderKind>(code) is null)
                errors.Add(new("reminders", $"rappel inconnu : {WireNames.Choices<ReminderKind>()}", Value: code));
        if (string.IsNullOrEmpty(email) && c.Reminders is { Count: > 0 })
            errors.Add(new("email", "une adresse électronique est nécessaire pour recevoir des rappels"));
        return errors;
    }

    public static Decision Decide(AppUser user, SetReminderPreferences c, string by, DateTimeOffset now)
        => Decision.Checked(user.Version, c.ExpectedVersion, Check(c), null, () => new UserReminderPreferencesSet(user.Id,
            string.IsNullOrWhiteSpace(c.Email) ? null : c.Email.Trim(),
            (c.Reminders ?? []).Select(r => WireNames.Parse<ReminderKind>(r)!.Value).Distinct().Order().ToList(), by, now));

    public static async Task<Outcome<ReminderPreferencesView>> Handle(SetReminderPreferences command, IDocumentSession session,
        IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AppUser>(command.UserId, ct);
        var user = stream.Aggregate;
        if (user is null || user.RevokedAt is not null) return Outcome<ReminderPreferencesView>.NotFound($"Utilisateur inconnu : {command.UserId}.");
        var decision = Decide(user, command, context.Who(), clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return Outcome<ReminderPreferencesView>.Refused(refusal);
        var set = decision.Single<UserReminderPreferencesSet>();
        stream.AppendOne(set);
        return Outcome<ReminderPreferencesView>.Ok(ReminderPreferencesView.From(user) with
        {
            Version = user.Version + 1, Email = set.Email, Reminders = set.Reminders.Select(r => r.Wire()).ToList(),
        });
    }
}

public static class ResetCalendarFeedHandler
{
    public static async Task<Outcome<CalendarFeedCreated>> Handle(ResetCalendarFeed command, IDocumentSession session, IMessageContext context,
        TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AppUser>(command.UserId, ct);
        if (stream.Aggregate is not { RevokedAt: null } user) return Outcome<CalendarFeedCreated>.NotFound($"Utilisateur inconnu : {command.UserId}.");
        // Same strength as an API token (256 bits, URL-safe); the secret only reads the user's calendar.
        var secret = Tokens.NewToken().Replace("npsq_", "cal_");
        stream.AppendOne(new UserCalendarFeedReset(user.Id, Tokens.Hash(secret), context.Who(), clock.GetUtcNow()));
        return Outcome<CalendarFeedCreated>.Created(new CalendarFeedCreated(ReminderKinds.FeedPath(secret), secret), ReminderKinds.FeedPath(secret));
    }
}

public static class ReminderPreferencesEndpoint
{
    /// <summary>GET /api/me/reminders: the caller's address, reminders, the choices and whether a calendar feed exists.</summary>
    [WolverineGet("/api/me/reminders")]
    [ProducesResponseType(typeof(ReminderPreferencesView), 200)]
    public static async Task<IResult> Get(ClaimsPrincipal principal, IQuerySession session, CancellationToken ct)
        => await session.LoadAsync<AppUser>(Caller.From(principal).UserId, ct) is { } user
            ? Results.Ok(ReminderPreferencesView.From(user))
            : Results.Problem(Problems.NotFound("Utilisateur inconnu."));

    [WolverinePost("/api/me/reminders")]
    [ProducesResponseType(typeof(ReminderPreferencesView), 200), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(SetReminderPreferences command, ClaimsPrincipal principal, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<ReminderPreferencesView>(command with { UserId = Caller.From(principal).UserId }, ct);

    /// <summary>POST /api/me/calendar: a new secret feed URL (shown once); the previous one stops working.</summary>
    [WolverinePost("/api/me/calendar")]
    [ProducesResponseType(typeof(CalendarFeedCreated), 201)]
    public static Task<IResult> Reset(ClaimsPrincipal principal, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<CalendarFeedCreated>(new ResetCalendarFeed { UserId = Caller.From(principal).UserId }, ct);
}
