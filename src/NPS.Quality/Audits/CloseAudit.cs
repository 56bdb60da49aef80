using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

public sealed record CloseAudit(int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
}

public static class CloseAuditHandler
{
    public static Decision Decide(Audit audit, CloseAudit c, string by, DateTimeOffset now)
        => Decision.Checked(audit.Version, c.ExpectedVersion, AuditWrites.Errors(c.ExpectedVersion), AuditRules.CanClose(audit),
            () => new AuditClosed(audit.Id, by, now));

    public static (Outcome<AuditChanged>, Events) Handle(CloseAudit command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()),
            (a, _) => AuditWrites.Changed(a, AuditState.Closed));
}

public static class CloseAuditEndpoint
{
    [WolverinePost("/api/audits/{auditId}/close"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, CloseAudit command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId }, ct);
}
