using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using NPS.Quality.Sites;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

public sealed record PlanAudit(string? Kind, string? Type, DateOnly? PlannedOn, IReadOnlyList<string>? Auditors, string? Scope)
{
    [JsonIgnore] public string SiteId { get; init; } = "";

    /// <summary>Set only by a sender that recorded the id beforehand (an audit programme); never read from a request.</summary>
    [JsonIgnore] public string? AuditId { get; init; }
}

public static class PlanAuditHandler
{
    public static List<FieldError> Check(PlanAudit c)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(c.Kind)) errors.Add(new("kind", $"le type d'audit est obligatoire ({WireNames.Choices<AuditKind>()})"));
        else if (WireNames.Parse<AuditKind>(c.Kind) is null) errors.Add(new("kind", $"type d'audit inconnu : {WireNames.Choices<AuditKind>()}", Value: c.Kind));
        if (string.IsNullOrWhiteSpace(c.Type)) errors.Add(new("type", $"le cycle de l'audit est obligatoire ({WireNames.Choices<AuditType>()})"));
        else if (WireNames.Parse<AuditType>(c.Type) is null) errors.Add(new("type", $"cycle inconnu : {WireNames.Choices<AuditType>()}", Value: c.Type));
        if (c.PlannedOn is null) errors.Add(new("plannedOn", "la date prévue est obligatoire (AAAA-MM-JJ)"));
        if (c.Auditors is null || c.Auditors.Count == 0 || c.Auditors.Any(string.IsNullOrWhiteSpace))
            errors.Add(new("auditors", "au moins un auditeur nommé est attendu"));
        return errors;
    }

    /// <summary>The audit is pinned to the referential version the site follows now.</summary>
    public static Decision Decide(Site site, PlanAudit c, string auditId, string by, DateTimeOffset now)
    {
        var errors = Check(c);
        if (errors.Count > 0) return Decision.Invalid(errors);
        return Decision.Of(new AuditPlanned(auditId, site.Id, WireNames.Parse<AuditKind>(c.Kind)!.Value, WireNames.Parse<AuditType>(c.Type)!.Value,
            c.PlannedOn!.Value, c.Auditors!.Select(a => a.Trim()).ToList(), AuditWrites.Trimmed(c.Scope), site.Referential, site.ReferentialVersion,
            by, now));
    }

    public static (Outcome<AuditItemCreated>, IMartenOp) Handle(PlanAudit command, [ReadAggregate(Required = false)] Site? site,
        IMessageContext context, TimeProvider clock)
    {
        if (site is null) return (Outcome<AuditItemCreated>.NotFound($"Site inconnu : {command.SiteId}."), MartenOps.Nothing());
        var decision = Decide(site, command, command.AuditId ?? Audit.NewId(), context.Who(), clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return (Outcome<AuditItemCreated>.Refused(refusal), MartenOps.Nothing());
        var planned = decision.Single<AuditPlanned>();
        return (Outcome<AuditItemCreated>.Created(new AuditItemCreated(planned.AuditId, planned.AuditId, 1), $"/api/audits/{planned.AuditId}"),
            MartenOps.StartStream<Audit>(planned.AuditId, planned));
    }
}

public static class PlanAuditEndpoint
{
    [WolverinePost("/api/sites/{siteId}/audits"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditItemCreated), 201), ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404)]
    public static Task<IResult> Post(string siteId, PlanAudit command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditItemCreated>(command with { SiteId = siteId }, ct);
}
