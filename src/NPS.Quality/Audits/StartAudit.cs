using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using Wolverine.Http;

namespace NPS.Quality.Audits;

public sealed record StartAudit(int? ExpectedVersion);

public static class StartAuditEndpoint
{
    [WolverinePost("/api/audits/{auditId}/start"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string auditId, StartAudit command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Audit>(auditId, ct) is null) return AuditWrites.AuditNotFound(auditId);
        if (AuditWrites.RequireExpectedVersion(command.ExpectedVersion) is { } missing) return AuditWrites.Refuse(missing);

        // Throws ConcurrencyException (→ 409) now if stale, and again at commit if another writer got in between.
        var stream = await session.Events.FetchForWriting<Audit>(auditId, command.ExpectedVersion!.Value, ct);
        if (AuditRules.CanStart(stream.Aggregate!) is { } refusal) return AuditWrites.Refuse(refusal);

        stream.AppendOne(new AuditStarted(auditId, AuditWrites.Who(user), clock.GetUtcNow()));
        return Results.Ok(AuditChanged.Of(auditId, command.ExpectedVersion.Value + 1, AuditStates.Started));
    }
}
