using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Infrastructure;
using Wolverine;

namespace NPS.Quality.Shared;

/// <summary>
/// The one way a write goes in, from the API or from a page: the command is invoked through Wolverine, so its handler
/// runs once inside Wolverine's transaction (and outbox), with the caller's name relayed into the event metadata; the
/// store's conflicts (a writer that got in between, an id taken at the same instant) come back as the same French 409.
/// </summary>
public static class Commands
{
    public static async Task<Outcome<T>> SendAsync<T>(this IMessageBus bus, object command, CancellationToken ct) where T : class
    {
        try
        {
            return await bus.InvokeAsync<Outcome<T>>(command, ct);
        }
        // An unreachable database is not the command's answer: it reaches the global handler (503 with Retry-After).
        catch (Exception e) when (!ConflictExceptionHandler.IsDatabaseUnavailable(e) && ConflictExceptionHandler.Map(e) is { } problem)
        {
            return Outcome<T>.Refused(problem);
        }
    }

    /// <summary>The HTTP answer of an outcome.</summary>
    public static IResult ToResult<T>(this Outcome<T> outcome) where T : class => outcome switch
    {
        { Problem: { } problem } => Results.Problem(problem),
        { Status: StatusCodes.Status201Created } => Results.Created(outcome.Location, outcome.Value),
        { Status: StatusCodes.Status202Accepted } => Results.Accepted(outcome.Location, outcome.Value),
        _ => Results.Json(outcome.Value, statusCode: outcome.Status),
    };

    /// <summary>Sends and answers over HTTP: what every write endpoint does.</summary>
    public static async Task<IResult> AnswerAsync<T>(this IMessageBus bus, object command, CancellationToken ct) where T : class
        => (await bus.SendAsync<T>(command, ct)).ToResult();

    /// <summary>Who acts: the user name Wolverine relayed from the endpoint or page that sent the command.</summary>
    public static string Who(this IMessageContext context) => context.Envelope?.UserName ?? context.UserName ?? "system";
}
