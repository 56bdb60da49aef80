using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Wolverine.Http;

namespace NPS.Quality.Audits;

public sealed record AddCorrectiveAction(string? Description, string? Owner, DateOnly? DueOn, int? ExpectedVersion);

public static class AddCorrectiveActionEndpoint
{
    public static List<FieldError> Check(AddCorrectiveAction c, DateOnly? defaultDueOn, string category)
    {
        var errors = new List<FieldError>();
        if (AuditWrites.RequireExpectedVersion(c.ExpectedVersion) is { } missing) errors.Add(missing);
        AuditWrites.Required(errors, "description", c.Description, "la description de l'action corrective est obligatoire");
        AuditWrites.Required(errors, "owner", c.Owner, "le responsable de l'action corrective est obligatoire");
        if (c.DueOn is null && defaultDueOn is null)
            errors.Add(new("dueOn", $"l'échéance est obligatoire : aucune échéance par défaut pour un {FindingCategories.Labels.GetValueOrDefault(category, category)}"));
        return errors;
    }

    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/actions"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditItemCreated), 201), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string auditId, string findingId, AddCorrectiveAction command, IDocumentSession session,
        ClaimsPrincipal user, IOptions<AuditOptions> options, TimeProvider clock, CancellationToken ct)
    {
        var audit = await session.LoadAsync<Audit>(auditId, ct);
        if (audit is null) return AuditWrites.AuditNotFound(auditId);
        if (audit.FindFinding(findingId) is not { } known) return AuditWrites.FindingNotFound(auditId, findingId);
        var errors = Check(command, AuditRules.DefaultDueOn(audit, known, options.Value), known.Category);
        if (errors.Count > 0) return AuditWrites.Invalid(errors);

        return await AuditWrites.AppendAsync(session, auditId, command.ExpectedVersion!.Value,
            current => AuditRules.CanAddAction(current, current.FindFinding(findingId)!),
            current => new CorrectiveActionAdded(auditId, findingId, CorrectiveAction.NewId(), command.Description!.Trim(), command.Owner!.Trim(),
                command.DueOn ?? AuditRules.DefaultDueOn(current, current.FindFinding(findingId)!, options.Value)!.Value, command.DueOn is null,
                AuditWrites.Who(user), clock.GetUtcNow()),
            (_, added, version) => AuditWrites.Created(auditId, added.ActionId, version), ct);
    }
}
