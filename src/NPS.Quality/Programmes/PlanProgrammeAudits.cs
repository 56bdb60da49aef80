using System.Globalization;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Audits;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Programmes;

/// <summary>One site of the sample and the month its audit is planned in ("2027-03").</summary>
public sealed record SiteMonth(string? SiteId, string? Month);

/// <summary>
/// Plans one audit per listed site of the sample, in its month (on the month's first day), with the programme's stage
/// as the audit's cycle.
/// </summary>
public sealed record PlanProgrammeAudits(string? Kind, IReadOnlyList<string>? Auditors, string? Scope, IReadOnlyList<SiteMonth>? Sites,
    int? ExpectedVersion) : IProgrammeChange
{
    [JsonIgnore] public string ProgrammeId { get; init; } = "";
}

/// <summary>The audit planning command for one site, waiting on the durable <c>programmes</c> queue (sent with the programme's event).</summary>
public sealed record PlanProgrammeAudit(string ProgrammeId, string SiteId, string AuditId, string Kind, string Type, DateOnly PlannedOn,
    IReadOnlyList<string> Auditors, string? Scope, string PlannedBy);

public static class PlanProgrammeAuditsHandler
{
    public static DateOnly? ParseMonth(string? month)
        => DateOnly.TryParseExact(month?.Trim() + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    public static List<FieldError> Check(Programme p, PlanProgrammeAudits c)
    {
        var errors = ProgrammeWrites.Errors(c.ExpectedVersion);
        if (string.IsNullOrWhiteSpace(c.Kind)) errors.Add(new("kind", $"le type d'audit est obligatoire ({WireNames.Choices<AuditKind>()})"));
        else if (WireNames.Parse<AuditKind>(c.Kind) is null) errors.Add(new("kind", $"type d'audit inconnu : {WireNames.Choices<AuditKind>()}", Value: c.Kind));
        if (c.Auditors is null || c.Auditors.Count == 0 || c.Auditors.Any(string.IsNullOrWhiteSpace))
            errors.Add(new("auditors", "au moins un auditeur nommé est attendu"));
        if (c.Sites is null || c.Sites.Count == 0) errors.Add(new("sites", "au moins un site avec son mois (AAAA-MM) est attendu"));
        else
        {
            for (var i = 0; i < c.Sites.Count; i++)
            {
                var (siteId, month) = (c.Sites[i]?.SiteId?.Trim(), c.Sites[i]?.Month);
                if (string.IsNullOrWhiteSpace(siteId)) errors.Add(new($"sites[{i}].siteId", "le site est obligatoire"));
                else if (p.Find(siteId) is null) errors.Add(new($"sites[{i}].siteId", "ce site n'est pas dans l'échantillon du programme", Value: siteId));
                else if (c.Sites.Take(i).Any(s => s?.SiteId?.Trim() == siteId)) errors.Add(new($"sites[{i}].siteId", "site cité deux fois", Value: siteId));
                if (ParseMonth(month) is not { } first) errors.Add(new($"sites[{i}].month", "le mois est attendu au format AAAA-MM", Value: month));
                else if (first.Year != p.Year) errors.Add(new($"sites[{i}].month", $"le mois doit être dans l'année du programme ({p.Year})", Value: month));
            }
        }
        return errors;
    }

    /// <summary>A site is audited once per programme.</summary>
    public static FieldError? Rule(Programme p, PlanProgrammeAudits c)
        => c.Sites!.Select(s => p.Find(s.SiteId!.Trim())!).FirstOrDefault(s => s.AuditId is not null) is { } planned
            ? new FieldError("sites", $"l'audit de ce site est déjà planifié ({planned.AuditId})", Value: planned.SiteId)
            : null;

    public static Decision Decide(Programme p, PlanProgrammeAudits c, Func<string> newAuditId, string by, DateTimeOffset now)
    {
        var errors = Check(p, c);
        return Decision.Checked(p.Version, c.ExpectedVersion, errors, errors.Count == 0 ? Rule(p, c) : null,
            () => new ProgrammeAuditsPlanned(p.Id, WireNames.Parse<AuditKind>(c.Kind)!.Value, c.Auditors!.Select(a => a.Trim()).ToList(),
                c.Sites!.Select(s => new ProgrammedAudit(s.SiteId!.Trim(), newAuditId(), s.Month!.Trim())).ToList(), by, now));
    }

    /// <summary>The audit planning commands the event stands for, one per site.</summary>
    public static IEnumerable<PlanProgrammeAudit> Commands(Programme p, ProgrammeAuditsPlanned e, string? scope)
        => e.Audits.Select(a => new PlanProgrammeAudit(p.Id, a.SiteId, a.AuditId, e.Kind.Wire(), p.Stage.Wire(), ParseMonth(a.Month)!.Value,
            e.Auditors, AuditWrites.Trimmed(scope) ?? $"programme {p.Year} ({AuditTypes.Labels[p.Stage]})", e.PlannedBy));

    public static (Outcome<ProgrammeChanged>, Events, OutgoingMessages) Handle(PlanProgrammeAudits command,
        [WriteAggregate(Required = false)] Programme? programme, IMessageContext context, TimeProvider clock)
    {
        var (outcome, events) = ProgrammeWrites.Answer(programme, command, p => Decide(p, command, Audit.NewId, context.Who(), clock.GetUtcNow()));
        var messages = new OutgoingMessages();
        if (outcome.Succeeded) messages.AddRange(Commands(programme!, (ProgrammeAuditsPlanned)events.Single(), command.Scope));
        return (outcome, events, messages);
    }
}

/// <summary>Sends the audit planning command itself (<see cref="PlanAudit"/>), as an auditor's request would, with the id the programme recorded.</summary>
public static class PlanProgrammeAuditHandler
{
    public static async Task Handle(PlanProgrammeAudit m, IMessageContext context, ILogger<PlanProgrammeAudit> logger, CancellationToken ct)
    {
        context.UserName ??= m.PlannedBy;
        var outcome = await context.SendAsync<AuditItemCreated>(
            new PlanAudit(m.Kind, m.Type, m.PlannedOn, m.Auditors, m.Scope) { SiteId = m.SiteId, AuditId = m.AuditId }, ct);
        // 409: the audit already exists (this message was delivered again after a restart): nothing more to do.
        if (!outcome.Succeeded && outcome.Status != StatusCodes.Status409Conflict)
            logger.LogError("Programme {Programme} : l'audit de {Site} n'a pas pu être planifié : {Problem}", m.ProgrammeId, m.SiteId, outcome.Sentence);
    }
}

public static class PlanProgrammeAuditsEndpoint
{
    [WolverinePost("/api/programmes/{programmeId}/audits"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(ProgrammeChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string programmeId, PlanProgrammeAudits command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<ProgrammeChanged>(command with { ProgrammeId = programmeId }, ct);
}
