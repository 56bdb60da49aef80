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

public sealed record WithdrawFinding(string? Reason, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class WithdrawFindingHandler
{
    public static List<FieldError> Check(WithdrawFinding c)
    {
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        AuditWrites.Required(errors, "reason", c.Reason, "la raison du retrait est obligatoire (elle reste dans l'historique)");
        return errors;
    }

    /// <summary>The finding stays, marked withdrawn with its reason.</summary>
    public static Decision Decide(Audit audit, WithdrawFinding c, string by, DateTimeOffset now)
        => audit.FindFinding(c.FindingId) is not { } finding
            ? Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId))
            : Decision.Checked(audit.Version, c.ExpectedVersion, Check(c), AuditRules.CanChangeFinding(audit, finding),
                () => new FindingWithdrawn(audit.Id, finding.Id, c.Reason!.Trim(), by, now));

    public static (Outcome<AuditChanged>, Events) Handle(WithdrawFinding command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class WithdrawFindingEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/withdraw"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, WithdrawFinding command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
