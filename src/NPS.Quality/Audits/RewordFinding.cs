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

public sealed record RewordFinding(string? Statement, string? Reason, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class RewordFindingHandler
{
    public static List<FieldError> Check(RewordFinding c)
    {
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        AuditWrites.Required(errors, "statement", c.Statement, "le nouveau libellé du constat est obligatoire");
        AuditWrites.Required(errors, "reason", c.Reason, "la raison de la reformulation est obligatoire (elle reste dans l'historique)");
        return errors;
    }

    /// <summary>The former wording stays in the finding's history.</summary>
    public static Decision Decide(Audit audit, RewordFinding c, string by, DateTimeOffset now)
        => audit.FindFinding(c.FindingId) is not { } finding
            ? Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId))
            : Decision.Checked(audit.Version, c.ExpectedVersion, Check(c), AuditRules.CanChangeFinding(audit, finding),
                () => new FindingReworded(audit.Id, finding.Id, c.Statement!.Trim(), c.Reason!.Trim(), by, now));

    public static (Outcome<AuditChanged>, Events) Handle(RewordFinding command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class RewordFindingEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/reword"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, RewordFinding command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
