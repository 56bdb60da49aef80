using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Wolverine.Http;

namespace NPS.Quality.Audits;

/// <summary>Proof is optional here; a major NC is lifted only once every action carries one.</summary>
public sealed record CompleteCorrectiveAction(string? Proof, int? ExpectedVersion);

public static class CompleteCorrectiveActionEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/actions/{actionId}/complete"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string auditId, string findingId, string actionId, CompleteCorrectiveAction command,
        IDocumentSession session, ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return AuditWrites.AuditNotFound(auditId);
        var known = audit.FindFinding(findingId);
        if (known is null) return AuditWrites.FindingNotFound(auditId, findingId);
        if (known.Actions.All(a => a.Id != actionId))
            return Results.Problem(Problems.NotFound($"Action corrective inconnue pour ce constat : {actionId}."));
        if (AuditWrites.RequireExpectedVersion(command.ExpectedVersion) is { } missing) return AuditWrites.Refuse(missing);

        return await AuditWrites.AppendAsync(session, auditId, command.ExpectedVersion!.Value,
            current =>
            {
                var finding = current.FindFinding(findingId)!;
                return AuditRules.CanCompleteAction(current, finding, finding.Actions.Single(a => a.Id == actionId));
            },
            _ => new CorrectiveActionCompleted(auditId, findingId, actionId,
                string.IsNullOrWhiteSpace(command.Proof) ? null : command.Proof.Trim(), AuditWrites.Who(user), clock.GetUtcNow()),
            (current, _, version) => AuditWrites.Changed(auditId, version, current.State), ct);
    }
}
