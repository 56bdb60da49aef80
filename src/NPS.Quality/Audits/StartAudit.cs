using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

public sealed record StartAudit(int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
}

public static class StartAuditHandler
{
    public static Decision Decide(Audit audit, StartAudit c, string by, DateTimeOffset now)
        => Decision.Checked(audit.Version, c.ExpectedVersion, AuditWrites.Errors(c.ExpectedVersion), AuditRules.CanStart(audit),
            () => new AuditStarted(audit.Id, by, now));

    public static (Outcome<AuditChanged>, Events) Handle(StartAudit command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()),
            (a, _) => AuditWrites.Changed(a, AuditState.Started));
}

public static class StartAuditEndpoint
{
    [WolverinePost("/api/audits/{auditId}/start"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, StartAudit command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId }, ct);
}
