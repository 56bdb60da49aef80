using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using Wolverine.Http;

namespace NPS.Quality.Audits;

public sealed record CloseFinding(int? ExpectedVersion);

public static class CloseFindingEndpoint
{
    /// <summary>Lifts a finding: refused while an action is open; a major NC needs proof on every action.</summary>
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/close"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string auditId, string findingId, CloseFinding command, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return AuditWrites.AuditNotFound(auditId);
        if (audit.FindFinding(findingId) is null) return AuditWrites.FindingNotFound(auditId, findingId);
        if (AuditWrites.RequireExpectedVersion(command.ExpectedVersion) is { } missing) return AuditWrites.Refuse(missing);

        return await AuditWrites.AppendAsync(session, auditId, command.ExpectedVersion!.Value,
            current => AuditRules.CanCloseFinding(current, current.FindFinding(findingId)!),
            _ => new FindingClosed(auditId, findingId, AuditWrites.Who(user), clock.GetUtcNow()),
            (current, _, version) => AuditWrites.Changed(auditId, version, current.State), ct);
    }
}
