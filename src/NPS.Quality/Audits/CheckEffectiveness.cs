using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <summary>
/// The check that the corrective actions of an NC worked: when, by whom, the result. Not effective → the NC stays open
/// (it cannot be lifted) until a new action is done and a later check finds it effective.
/// </summary>
public sealed record CheckEffectiveness(DateOnly? CheckedOn, string? CheckedBy, bool? Effective, string? Comment, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class CheckEffectivenessHandler
{
    public static Decision Decide(Audit audit, CheckEffectiveness c, string by, DateTimeOffset now)
    {
        if (audit.FindFinding(c.FindingId) is not { } finding) return Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId));
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        if (c.CheckedOn is null) errors.Add(new("checkedOn", "la date de la vérification est obligatoire (AAAA-MM-JJ)"));
        else if (c.CheckedOn > AuditCalendar.DateOf(now))
            errors.Add(new("checkedOn", "une vérification ne s'enregistre qu'une fois faite : sa date ne peut être dans le futur", Value: c.CheckedOn.Value.ToString("yyyy-MM-dd")));
        AuditWrites.Required(errors, "checkedBy", c.CheckedBy, "la personne qui a vérifié l'efficacité est obligatoire");
        if (c.Effective is null) errors.Add(new("effective", "le résultat est obligatoire : true (efficace) ou false (non efficace)"));
        if (c.Effective == false && string.IsNullOrWhiteSpace(c.Comment))
            errors.Add(new("comment", "une action jugée non efficace demande un commentaire : ce qui ne va pas"));
        return Decision.Checked(audit.Version, c.ExpectedVersion, errors, AuditRules.CanCheckEffectiveness(audit, finding),
            () => new EffectivenessChecked(audit.Id, finding.Id, c.CheckedOn!.Value, c.CheckedBy!.Trim(), c.Effective!.Value, AuditWrites.Trimmed(c.Comment), by, now));
    }

    public static (Outcome<AuditChanged>, Events) Handle(CheckEffectiveness command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class CheckEffectivenessEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/effectiveness"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, CheckEffectiveness command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
