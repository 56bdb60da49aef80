using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using System.Text.Json.Serialization;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Access;

public sealed record CreateUser(string? Name, string? Role, string? SiteId)
{
    /// <summary>Only the first-start bootstrap sets it (the configured administrator token); never read from a request.</summary>
    [JsonIgnore] public string? Token { get; init; }
}

/// <summary>Revokes a user's token; the user stays in history.</summary>
public sealed record RevokeUser(string UserId);

public sealed record CreatedUser(string Id, string Token);

public sealed record UserView(string Id, string Name, string Role, string RoleLabel, string? SiteId, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public static UserView From(AppUser u) => new(u.Id, u.Name, u.Role.Code(), u.Role.Label(), u.SiteId, u.CreatedAt, u.RevokedAt);
}

public static class CreateUserHandler
{
    public static async Task<(Outcome<CreatedUser>, IMartenOp)> Handle(CreateUser command, IDocumentSession session, UserAdministration users,
        CancellationToken ct)
    {
        var (decided, user, errors) = await users.DecideAsync(session, command.Name, command.Role, command.SiteId, ct, command.Token);
        if (decided is null) return (Outcome<CreatedUser>.Invalid(errors), MartenOps.Nothing());
        return (Outcome<CreatedUser>.Created(new CreatedUser(user!.Id, user.Token), $"/api/users/{user.Id}"), MartenOps.StartStream<AppUser>(user.Id, decided));
    }
}

public static class RevokeUserHandler
{
    /// <summary>Revoking twice changes nothing (the first revocation stands).</summary>
    public static Decision Decide(AppUser user, DateTimeOffset now) => user.RevokedAt is null ? Decision.Of(new UserRevoked(user.Id, now)) : Decision.Of();

    public static async Task<Outcome<UserView>> Handle(RevokeUser command, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<AppUser>(command.UserId, ct);
        if (stream.Aggregate is not { } user) return Outcome<UserView>.NotFound($"Utilisateur inconnu : {command.UserId}.");
        var now = clock.GetUtcNow();
        stream.AppendMany(Decide(user, now).Events);
        return Outcome<UserView>.Ok(UserView.From(user) with { RevokedAt = user.RevokedAt ?? now });
    }
}

public static class UsersEndpoint
{
    /// <summary>POST /api/users: the answer is the only place the token is ever shown.</summary>
    [WolverinePost("/api/users"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(CreatedUser), 201), ProducesResponseType(typeof(ProblemDetails), 400)]
    public static Task<IResult> Create(CreateUser command, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync<CreatedUser>(command, ct);

    [WolverineGet("/api/users"), Authorize(Policy = Policies.Admin)]
    public static Task<IReadOnlyList<UserView>> List(IQuerySession session, CancellationToken ct) => UserReads.AllAsync(session, ct);

    /// <summary>POST /api/users/{userId}/revoke: the token stops working within seconds; the user stays in history.</summary>
    [WolverinePost("/api/users/{userId}/revoke"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(UserView), 200), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static Task<IResult> Revoke(string userId, IMessageBus bus, CancellationToken ct) => bus.AnswerAsync<UserView>(new RevokeUser(userId), ct);
}
