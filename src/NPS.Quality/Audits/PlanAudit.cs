using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Sites;
using Wolverine.Http;

namespace NPS.Quality.Audits;

public sealed record PlanAudit(string? Kind, string? Type, DateOnly? PlannedOn, IReadOnlyList<string>? Auditors, string? Scope);

public static class PlanAuditEndpoint
{
    public static List<FieldError> Check(PlanAudit c)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(c.Kind)) errors.Add(new("kind", "le type d'audit est obligatoire (internal ou afnor)"));
        else if (!AuditKinds.Labels.ContainsKey(c.Kind)) errors.Add(new("kind", "type d'audit inconnu : internal ou afnor", Value: c.Kind));
        if (string.IsNullOrWhiteSpace(c.Type)) errors.Add(new("type", "le cycle de l'audit est obligatoire (initial, surveillance ou renewal)"));
        else if (!AuditTypes.Labels.ContainsKey(c.Type)) errors.Add(new("type", "cycle inconnu : initial, surveillance ou renewal", Value: c.Type));
        if (c.PlannedOn is null) errors.Add(new("plannedOn", "la date prévue est obligatoire (AAAA-MM-JJ)"));
        if (c.Auditors is null || c.Auditors.Count == 0 || c.Auditors.Any(string.IsNullOrWhiteSpace))
            errors.Add(new("auditors", "au moins un auditeur nommé est attendu"));
        return errors;
    }

    /// <summary>The audit is pinned to the referential version the site follows now.</summary>
    public static AuditPlanned Decide(string auditId, Site site, PlanAudit c, string by, DateTimeOffset now)
        => new(auditId, site.Id, c.Kind!, c.Type!, c.PlannedOn!.Value, c.Auditors!.Select(a => a.Trim()).ToList(),
            string.IsNullOrWhiteSpace(c.Scope) ? null : c.Scope.Trim(), site.Referential, site.ReferentialVersion, by, now);

    [WolverinePost("/api/sites/{siteId}/audits"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditItemCreated), 201), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static async Task<IResult> Post(string siteId, PlanAudit command, IDocumentSession session, ClaimsPrincipal user,
        TimeProvider clock, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return Results.Problem(Problems.NotFound($"Site inconnu : {siteId}."));
        var errors = Check(command);
        if (errors.Count > 0) return AuditWrites.Invalid(errors);

        var planned = Decide(Audit.NewId(), site, command, AuditWrites.Who(user), clock.GetUtcNow());
        session.Events.StartStream<Audit>(planned.AuditId, planned);
        return Results.Created($"/api/audits/{planned.AuditId}", new AuditItemCreated(planned.AuditId, planned.AuditId, 1));
    }
}
