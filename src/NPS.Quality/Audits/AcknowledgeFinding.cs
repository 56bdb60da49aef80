using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <summary>The site's acknowledgement of a deviation sheet: the name and role of who signed for the site, and the date.</summary>
public sealed record AcknowledgeFinding(string? Name, string? Role, DateOnly? AcknowledgedOn, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
    [JsonIgnore] public string FindingId { get; init; } = "";
}

public static class AcknowledgeFindingHandler
{
    public static Decision Decide(Audit audit, AcknowledgeFinding c, string by, DateTimeOffset now)
    {
        if (audit.FindFinding(c.FindingId) is not { } finding) return Decision.Refuse(AuditWrites.FindingNotFound(audit.Id, c.FindingId));
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        AuditWrites.Required(errors, "name", c.Name, "le nom de la personne qui prend connaissance pour le site est obligatoire");
        AuditWrites.Required(errors, "role", c.Role, "sa fonction est obligatoire (ex. responsable de site)");
        if (c.AcknowledgedOn is null) errors.Add(new("acknowledgedOn", "la date de prise de connaissance est obligatoire (AAAA-MM-JJ)"));
        else if (c.AcknowledgedOn > AuditCalendar.DateOf(now))
            errors.Add(new("acknowledgedOn", "la date de prise de connaissance ne peut être dans le futur", Value: c.AcknowledgedOn.Value.ToString("yyyy-MM-dd")));
        return Decision.Checked(audit.Version, c.ExpectedVersion, errors, AuditRules.CanDocumentSheet(audit, finding),
            () => new FindingAcknowledged(audit.Id, finding.Id, c.Name!.Trim(), c.Role!.Trim(), c.AcknowledgedOn!.Value, by, now));
    }

    public static (Outcome<AuditChanged>, Events) Handle(AcknowledgeFinding command, [WriteAggregate(Required = false)] Audit? audit,
        IMessageContext context, TimeProvider clock)
        => AuditWrites.Answer(audit, command, a => Decide(a, command, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
}

public static class AcknowledgeFindingEndpoint
{
    [WolverinePost("/api/audits/{auditId}/findings/{findingId}/acknowledgement"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, string findingId, AcknowledgeFinding command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId, FindingId = findingId }, ct);
}
