using System.Security.Claims;
using Marten;
using Microsoft.Extensions.Caching.Memory;

namespace NPS.Quality.Access;

/// <summary>
/// Finds the active user behind a token hash (the bearer scheme, the sign-in form) or behind a user id (the session
/// cookie, checked on each request): one indexed lookup, cached a few seconds, so that a revocation takes effect
/// quickly on both without a query per request.
/// </summary>
public sealed class UserDirectory(IDocumentStore store, IMemoryCache cache)
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(3);

    public Task<AppUser?> FindByTokenAsync(string token, CancellationToken ct)
        => token.Length is 0 or > 200 ? Task.FromResult<AppUser?>(null) : FindByHashAsync(Tokens.Hash(token), ct);

    public async Task<AppUser?> FindByHashAsync(string hash, CancellationToken ct)
    {
        if (cache.TryGetValue(hash, out AppUser? cached)) return cached;
        await using var session = store.QuerySession();
        var user = await session.Query<AppUser>().Where(u => u.TokenHash == hash && u.RevokedAt == null).FirstOrDefaultAsync(ct);
        cache.Set(hash, user, CacheFor);
        return user;
    }

    /// <summary>The user if it still exists and is not revoked.</summary>
    public async Task<AppUser?> FindActiveAsync(string userId, CancellationToken ct)
    {
        var key = $"user:{userId}";
        if (cache.TryGetValue(key, out AppUser? cached)) return cached;
        await using var session = store.QuerySession();
        var user = await session.LoadAsync<AppUser>(userId, ct);
        if (user?.RevokedAt is not null) user = null;
        cache.Set(key, user, CacheFor);
        return user;
    }

    /// <summary>The claims both schemes carry: id, name, role and, for site-bound roles, the site.</summary>
    public static ClaimsPrincipal PrincipalFor(AppUser user, string scheme)
    {
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, user.Id),
            new(ClaimTypes.Name, user.Name),
            new(ClaimTypes.Role, user.Role.ToString()),
        };
        if (user.SiteId is not null) claims.Add(new Claim(AccessClaims.Site, user.SiteId));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
