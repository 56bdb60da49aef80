using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <summary>What was done at once to the case found (the corrective action, which removes the cause, is separate).</summary>
public sealed record RecordImmediateCorrection(string? Description, DateOnly? DoneOn, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class RecordImmediateCorrectionHandler
{
    public static Decision Decide(Audit audit, RecordImmediateCorrection c, string by, DateTimeOffset now)
    {
        if (audit.FindFinding(c.FindingId) is not { } finding) return Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId));
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        AuditWrites.Required(errors, "description", c.Description, "la description de la correction immédiate est obligatoire");
        if (c.DoneOn is null) errors.Add(new("doneOn", "la date de la correction est obligatoire (AAAA-MM-JJ)"));
        else if (c.DoneOn > AuditCalendar.DateOf(now))
            errors.Add(new("doneOn", "la correction immédiate est déjà faite : sa date ne peut être dans le futur", Value: c.DoneOn.Value.ToString("yyyy-MM-dd")));
        return Decision.Checked(audit.Version, c.ExpectedVersion, errors, AuditRules.CanDocumentSheet(audit, finding),
            () => new ImmediateCorrectionRecorded(audit.Id, finding.Id, c.Description!.Trim(), c.DoneOn!.Value, by, now));
    }

    public static (Outcome<AuditChanged>, Events) Handle(RecordImmediateCorrection command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class RecordImmediateCorrectionEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/correction"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, RecordImmediateCorrection command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
