using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Infrastructure;
using Wolverine.Http;

namespace NPS.Quality.Access;

public sealed record CreateUser(string? Name, string? Role, string? SiteId);

public sealed record CreatedUser(string Id, string Token);

public sealed record UserView(string Id, string Name, string Role, string RoleLabel, string? SiteId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static UserView From(AppUser u) => new(u.Id, u.Name, u.Role.Code(), u.Role.Label(), u.SiteId, u.CreatedAt, u.RevokedAt);
}

public static class UsersEndpoint
{
    /// <summary>POST /api/users: the answer is the only place the token is ever shown.</summary>
    [WolverinePost("/api/users"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(CreatedUser), 201), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static async Task<IResult> Create(CreateUser command, IDocumentSession session, UserAdministration users, CancellationToken ct)
    {
        var (user, errors) = await users.CreateAsync(session, command.Name, command.Role, command.SiteId, ct);
        if (user is null) return Results.Problem(Problems.Invalid(errors));
        return Results.Created($"/api/users/{user.Id}", new CreatedUser(user.Id, user.Token));
    }

    [WolverineGet("/api/users"), Authorize(Policy = Policies.Admin)]
    public static async Task<IReadOnlyList<UserView>> List(IQuerySession session, CancellationToken ct)
    {
        var users = await session.Query<AppUser>().OrderBy(u => u.Name).ToListAsync(ct);
        return users.Select(UserView.From).ToList();
    }

    /// <summary>POST /api/users/{userId}/revoke: the token stops working within seconds; the user stays in history.</summary>
    [WolverinePost("/api/users/{userId}/revoke"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(UserView), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Revoke(string userId, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AppUser>(userId, ct);
        if (stream.Aggregate is null) return Results.Problem(Problems.NotFound($"Utilisateur inconnu : {userId}."));
        if (stream.Aggregate.RevokedAt is null) stream.AppendOne(new UserRevoked(userId, clock.GetUtcNow()));
        var user = stream.Aggregate;
        return Results.Ok(UserView.From(user) with { RevokedAt = user.RevokedAt ?? clock.GetUtcNow() });
    }
}
