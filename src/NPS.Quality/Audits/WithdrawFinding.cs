using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Wolverine.Http;

namespace NPS.Quality.Audits;

public sealed record WithdrawFinding(string? Reason, int? ExpectedVersion);

public static class WithdrawFindingEndpoint
{
    public static List<FieldError> Check(WithdrawFinding c)
    {
        var errors = new List<FieldError>();
        if (AuditWrites.RequireExpectedVersion(c.ExpectedVersion) is { } missing) errors.Add(missing);
        AuditWrites.Required(errors, "reason", c.Reason, "la raison du retrait est obligatoire (elle reste dans l'historique)");
        return errors;
    }

    /// <summary>POST /api/audits/{auditId}/findings/{findingId}/withdraw: the finding stays, marked withdrawn with its reason.</summary>
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/withdraw"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string auditId, string findingId, WithdrawFinding command, IDocumentSession session,
        ClaimsPrincipal user, TimeProvider clock, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return AuditWrites.AuditNotFound(auditId);
        if (audit.FindFinding(findingId) is null) return AuditWrites.FindingNotFound(auditId, findingId);
        var errors = Check(command);
        if (errors.Count > 0) return AuditWrites.Invalid(errors);

        return await AuditWrites.AppendAsync(session, auditId, command.ExpectedVersion!.Value,
            current => AuditRules.CanChangeFinding(current, current.FindFinding(findingId)!),
            _ => new FindingWithdrawn(auditId, findingId, command.Reason!.Trim(), AuditWrites.Who(user), clock.GetUtcNow()),
            (current, _, version) => AuditWrites.Changed(auditId, version, current.State), ct);
    }
}
