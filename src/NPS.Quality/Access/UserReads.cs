using Marten;

namespace NPS.Quality.Access;

/// <summary>The users, as <c>GET /api/users</c> and the administration page list them (never a token, only who and what).</summary>
public static class UserReads
{
    public static async Task<IReadOnlyList<UserView>> AllAsync(IQuerySession session, CancellationToken ct)
    {
        var users = await session.Query<AppUser>().OrderBy(u => u.Name).ToListAsync(ct);
        return users.Select(UserView.From).ToList();
    }

    public static async Task<UserView?> OneAsync(IQuerySession session, string userId, CancellationToken ct)
        => await session.LoadAsync<AppUser>(userId, ct) is { } user ? UserView.From(user) : null;
}
