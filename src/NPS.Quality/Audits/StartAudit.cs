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

        return await AuditWrites.AppendAsync(session, auditId, command.ExpectedVersion!.Value, AuditRules.CanStart,
            _ => new AuditStarted(auditId, AuditWrites.Who(user), clock.GetUtcNow()),
            (_, _, version) => AuditWrites.Changed(auditId, version, AuditStates.Started), ct);
    }
}
