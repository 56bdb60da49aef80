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

public sealed record CloseFinding(int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class CloseFindingHandler
{
    /// <summary>Lifts a finding: refused while an action is open; a major NC needs proof on every action.</summary>
    public static Decision Decide(Audit audit, CloseFinding c, string by, DateTimeOffset now)
        => audit.FindFinding(c.FindingId) is not { } finding
            ? Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId))
            : Decision.Checked(audit.Version, c.ExpectedVersion, AuditWrites.Errors(c.ExpectedVersion), AuditRules.CanCloseFinding(audit, finding),
                () => new FindingClosed(audit.Id, finding.Id, by, now));

    public static (Outcome<AuditChanged>, Events) Handle(CloseFinding command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class CloseFindingEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/close"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, CloseFinding command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
