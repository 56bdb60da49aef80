using Marten;

namespace NPS.Quality.Access;

public enum Role
{
    Admin,
    Auditor,
    QualityLead,
    SiteManager,
}

public sealed record UserCreated(string UserId, string Name, Role Role, string? SiteId, string TokenHash, DateTimeOffset CreatedAt);

public sealed record UserRevoked(string UserId, DateTimeOffset RevokedAt);

/// <summary>
/// A person who may call the API. Its stream (keyed by its id, <c>u-…</c>) keeps who created and revoked it; the token
/// itself is never stored, only its SHA-256.
/// </summary>
public sealed class AppUser
{
    public string Id { get; set; } = "";
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public Role Role { get; set; }
    public string? SiteId { get; set; }
    public string TokenHash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    /// <summary>Optional: where the weekly digest goes (issue 16).</summary>
    public string? Email { get; set; }
    /// <summary>The reminders the user chose (none until chosen).</summary>
    public List<ReminderKind> Reminders { get; set; } = [];
    /// <summary>The SHA-256 of the secret in the user's calendar feed URL; null until a feed is made.</summary>
    public string? CalendarFeedHash { get; set; }

    public static AppUser Create(UserCreated e) => new()
    {
        Name = e.Name,
        Role = e.Role,
        SiteId = e.SiteId,
        TokenHash = e.TokenHash,
        CreatedAt = e.CreatedAt,
    };

    public void Apply(UserRevoked e) => RevokedAt = e.RevokedAt;

    public void Apply(UserReminderPreferencesSet e)
    {
        Email = e.Email;
        Reminders = e.Reminders.ToList();
    }

    public void Apply(UserCalendarFeedReset e) => CalendarFeedHash = e.FeedHash;
}

public static class AccessStorage
{
    public static void ConfigureAccess(this StoreOptions opts)
    {
        opts.Projections.Snapshot<AppUser>(JasperFx.Events.Projections.SnapshotLifecycle.Inline);
        // The token check is one indexed lookup by hash.
        opts.Schema.For<AppUser>().UniqueIndex(x => x.TokenHash).UniqueIndex(x => x.Name).Index(x => x.CalendarFeedHash!);
    }
}
