using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <summary>The site's cause analysis of an NC, on its deviation sheet; a new analysis supersedes the previous one (both stay in the stream).</summary>
public sealed record AnalyseCause(string? Analysis, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class AnalyseCauseHandler
{
    public static Decision Decide(Audit audit, AnalyseCause c, string by, DateTimeOffset now)
    {
        if (audit.FindFinding(c.FindingId) is not { } finding) return Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId));
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        AuditWrites.Required(errors, "analysis", c.Analysis, "l'analyse des causes est obligatoire");
        return Decision.Checked(audit.Version, c.ExpectedVersion, errors, AuditRules.CanDocumentSheet(audit, finding),
            () => new CauseAnalysed(audit.Id, finding.Id, c.Analysis!.Trim(), by, now));
    }

    public static (Outcome<AuditChanged>, Events) Handle(AnalyseCause command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class AnalyseCauseEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/cause"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, AnalyseCause command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
