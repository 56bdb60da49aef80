using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <param name="LiftBy">With "favorable_subject_to_major_nc_lifting": the deadline to lift the major NCs (default: 3 months after the conclusion).</param>
public sealed record ConcludeAudit(string? Conclusion, string? Statement, int? ExpectedVersion, DateOnly? LiftBy = null) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
}

public static class ConcludeAuditHandler
{
    public static List<FieldError> Check(ConcludeAudit c)
    {
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        if (string.IsNullOrWhiteSpace(c.Conclusion))
            errors.Add(new("conclusion", $"la conclusion est obligatoire ({WireNames.Choices<AuditConclusion>()})"));
        else if (WireNames.Parse<AuditConclusion>(c.Conclusion) is null)
            errors.Add(new("conclusion", $"conclusion inconnue : {WireNames.Choices<AuditConclusion>()}", Value: c.Conclusion));
        return errors;
    }

    /// <summary>The label rules (<see cref="ConclusionRules"/>) decide which conclusions are possible; a lifting deadline only goes with the conditional one.</summary>
    public static Decision Decide(Audit audit, ConcludeAudit c, string by, DateTimeOffset now)
    {
        var errors = Check(c);
        var conclusion = WireNames.Parse<AuditConclusion>(c.Conclusion);
        var today = AuditCalendar.DateOf(now);
        var conditional = conclusion == AuditConclusion.FavorableSubjectToMajorNcLifting;
        if (conditional && ConclusionRules.CheckDeadline(today, c.LiftBy) is { } badDeadline) errors.Add(badDeadline);
        if (!conditional && conclusion is not null && c.LiftBy is not null)
            errors.Add(new("liftBy", "un délai de levée ne s'indique qu'avec l'avis « favorable sous réserve de la levée des NC majeures »"));
        return Decision.Checked(audit.Version, c.ExpectedVersion, errors,
            conclusion is { } chosen ? AuditRules.CanConclude(audit, chosen) : null,
            () => new AuditConcluded(audit.Id, conclusion!.Value, AuditWrites.Trimmed(c.Statement), by, now,
                conditional ? ConclusionRules.LiftDeadline(today, c.LiftBy) : null));
    }

    public static (Outcome<AuditChanged>, Events) Handle(ConcludeAudit command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()),
            (a, _) => AuditWrites.Changed(a, AuditState.Concluded));
}

public static class ConcludeAuditEndpoint
{
    [WolverinePost("/api/audits/{auditId}/conclude"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, ConcludeAudit command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId }, ct);
}
