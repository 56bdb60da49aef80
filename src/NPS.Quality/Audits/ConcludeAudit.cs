using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Wolverine.Http;

namespace NPS.Quality.Audits;

public sealed record ConcludeAudit(string? Conclusion, string? Statement, int? ExpectedVersion);

public static class ConcludeAuditEndpoint
{
    public static List<FieldError> Check(ConcludeAudit c)
    {
        var errors = new List<FieldError>();
        if (AuditWrites.RequireExpectedVersion(c.ExpectedVersion) is { } missing) errors.Add(missing);
        if (string.IsNullOrWhiteSpace(c.Conclusion))
            errors.Add(new("conclusion", "la conclusion est obligatoire (favorable, favorable_with_reservations ou unfavorable)"));
        else if (!Conclusions.Labels.ContainsKey(c.Conclusion))
            errors.Add(new("conclusion", "conclusion inconnue : favorable, favorable_with_reservations ou unfavorable", Value: c.Conclusion));
        return errors;
    }

    [WolverinePost("/api/audits/{auditId}/conclude"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string auditId, ConcludeAudit command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Audit>(auditId, ct) is null) return AuditWrites.AuditNotFound(auditId);
        var errors = Check(command);
        if (errors.Count > 0) return AuditWrites.Invalid(errors);

        return await AuditWrites.AppendAsync(session, auditId, command.ExpectedVersion!.Value,
            current => AuditRules.CanConclude(current, command.Conclusion!),
            _ => new AuditConcluded(auditId, command.Conclusion!,
                string.IsNullOrWhiteSpace(command.Statement) ? null : command.Statement.Trim(), AuditWrites.Who(user), clock.GetUtcNow()),
            (_, _, version) => AuditWrites.Changed(auditId, version, AuditStates.Concluded), ct);
    }
}
