using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

public sealed record AddCorrectiveAction(string? Description, string? Owner, DateOnly? DueOn, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class AddCorrectiveActionHandler
{
    public static List<FieldError> Check(AddCorrectiveAction c, DateOnly? defaultDueOn, FindingCategory category)
    {
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        AuditWrites.Required(errors, "description", c.Description, "la description de l'action corrective est obligatoire");
        AuditWrites.Required(errors, "owner", c.Owner, "le responsable de l'action corrective est obligatoire");
        if (c.DueOn is null && defaultDueOn is null)
            errors.Add(new("dueOn", $"l'échéance est obligatoire : aucune échéance par défaut pour un {FindingCategories.Labels[category]}"));
        return errors;
    }

    public static Decision Decide(Audit audit, AddCorrectiveAction c, AuditOptions options, string actionId, string by, DateTimeOffset now)
    {
        if (audit.FindFinding(c.FindingId) is not { } finding) return Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId));
        var defaultDueOn = AuditRules.DefaultDueOn(audit, finding, options);
        return Decision.Checked(audit.Version, c.ExpectedVersion, Check(c, defaultDueOn, finding.Category), AuditRules.CanAddAction(audit, finding),
            () => new CorrectiveActionAdded(audit.Id, finding.Id, actionId, c.Description!.Trim(), c.Owner!.Trim(),
                c.DueOn ?? defaultDueOn!.Value, c.DueOn is null, by, now));
    }

    public static (Outcome<AuditItemCreated>, Events) Handle(AddCorrectiveAction command, [WriteAggregate(Required = false)] Audit? audit,
        IOptions<AuditOptions> options, IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, options.Value, CorrectiveAction.NewId(), context.Who(), clock.GetUtcNow()),
            (a, d) => AuditWrites.Created(a, d.Single<CorrectiveActionAdded>().ActionId));
}

public static class AddCorrectiveActionEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/actions"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditItemCreated), 201), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, AddCorrectiveAction command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditItemCreated>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
