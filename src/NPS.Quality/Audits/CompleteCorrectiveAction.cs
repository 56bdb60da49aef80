using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <summary>Proof is optional here; a major NC is lifted only once every action carries one.</summary>
public sealed record CompleteCorrectiveAction(string? Proof, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
    [JsonIgnore] public string ActionId { get; init; } = "";
}

public static class CompleteCorrectiveActionHandler
{
    public static Decision Decide(Audit audit, CompleteCorrectiveAction c, string by, DateTimeOffset now)
    {
        if (audit.FindFinding(c.FindingId) is not { } finding) return Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId));
        if (finding.Actions.FirstOrDefault(a => a.Id == c.ActionId) is not { } action)
            return Decision.Refuse(Problems.NotFound($"Action corrective inconnue pour ce constat : {c.ActionId}."));
        return Decision.Checked(audit.Version, c.ExpectedVersion, AuditWrites.Errors(c.ExpectedVersion), AuditRules.CanCompleteAction(audit, finding, action),
            () => new CorrectiveActionCompleted(audit.Id, finding.Id, action.Id, AuditWrites.Trimmed(c.Proof), by, now));
    }

    public static (Outcome<AuditChanged>, Events) Handle(CompleteCorrectiveAction command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class CompleteCorrectiveActionEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/actions/{actionId}/complete"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, string actionId, CompleteCorrectiveAction command, IMessageBus bus,
        CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId, ActionId = actionId }, ct);
}
