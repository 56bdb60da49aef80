using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Audits;

/// <summary>One slot of the audit agenda: when, where, and which functions are met (never names of users of the service).</summary>
public sealed record AgendaSlot(DateOnly? Date, string? Start, string? End, string? Place, IReadOnlyList<string>? Functions, string? Topic);

/// <summary>The sampling plan of one indicator: how many samples the audit plans to look at and how they are drawn.</summary>
public sealed record SamplingLine(string? Indicator, int? PlannedSize, string? Drawing);

/// <summary>
/// The audit plan: the agenda and the sampling plan per indicator. Sent whole; a new plan supersedes the previous one
/// (both stay in the audit's stream with who and when). Allowed until the audit is concluded.
/// </summary>
public sealed record SetAuditPlan(IReadOnlyList<AgendaSlot>? Agenda, IReadOnlyList<SamplingLine>? Sampling, int? ExpectedVersion) : IAuditChange
{
    [JsonIgnore] public string AuditId { get; init; } = "";
}

public sealed record PlannedSlot(DateOnly Date, TimeOnly Start, TimeOnly End, string Place, IReadOnlyList<string> Functions, string? Topic);

public sealed record PlannedSampling(string Indicator, int PlannedSize, int MinimumSize, string Drawing);

public sealed record AuditPlanSet(string AuditId, IReadOnlyList<PlannedSlot> Agenda, IReadOnlyList<PlannedSampling> Sampling, string SetBy, DateTimeOffset SetAt);

public static class SetAuditPlanHandler
{
    public static List<FieldError> Check(SetAuditPlan c, ReferentialDefinition? pinned)
    {
        var errors = AuditWrites.Errors(c.ExpectedVersion);
        if ((c.Agenda?.Count ?? 0) == 0 && (c.Sampling?.Count ?? 0) == 0)
            errors.Add(new("agenda", "le plan d'audit contient au moins un créneau (agenda) ou une ligne d'échantillonnage (sampling)"));
        for (var i = 0; i < (c.Agenda?.Count ?? 0); i++)
        {
            var s = c.Agenda![i];
            var at = $"agenda[{i}]";
            if (s.Date is null) errors.Add(new($"{at}.date", "la date du créneau est obligatoire (AAAA-MM-JJ)"));
            var start = Time(s.Start);
            var end = Time(s.End);
            if (start is null) errors.Add(new($"{at}.start", "l'heure de début est obligatoire (HH:MM)", Value: s.Start));
            if (end is null) errors.Add(new($"{at}.end", "l'heure de fin est obligatoire (HH:MM)", Value: s.End));
            if (start is not null && end is not null && end <= start) errors.Add(new($"{at}.end", "la fin du créneau suit son début", Value: s.End));
            AuditWrites.Required(errors, $"{at}.place", s.Place, "le lieu visité est obligatoire");
            if (s.Functions is null || s.Functions.Count == 0 || s.Functions.Any(string.IsNullOrWhiteSpace))
                errors.Add(new($"{at}.functions", "au moins une fonction rencontrée (ex. agent d'accueil, responsable de site)"));
        }
        for (var i = 0; i < (c.Sampling?.Count ?? 0); i++)
        {
            var l = c.Sampling![i];
            var at = $"sampling[{i}]";
            if (string.IsNullOrWhiteSpace(l.Indicator)) errors.Add(new($"{at}.indicator", "l'indicateur est obligatoire"));
            else if (pinned?.FindIndicator(l.Indicator) is null) errors.Add(new($"{at}.indicator", "indicateur absent de la version du référentiel de l'audit", Value: l.Indicator));
            if (l.PlannedSize is not > 0) errors.Add(new($"{at}.plannedSize", "la taille prévue de l'échantillon est un entier positif"));
            AuditWrites.Required(errors, $"{at}.drawing", l.Drawing, "la façon de tirer l'échantillon est obligatoire (ex. tirage au hasard dans le journal de la file d'attente)");
        }
        if (c.Sampling?.Where(l => !string.IsNullOrWhiteSpace(l.Indicator)).GroupBy(l => l.Indicator).FirstOrDefault(g => g.Count() > 1) is { } twice)
            errors.Add(new("sampling", "un indicateur n'a qu'une ligne dans le plan d'échantillonnage", Value: twice.Key));
        return errors;
    }

    public static FieldError? CanPlan(Audit audit) => audit.State is AuditState.Planned or AuditState.Started
        ? null
        : new FieldError("audit", $"le plan d'audit se fixe avant la conclusion (cet audit est {AuditStates.Labels[audit.State]})", Value: audit.State.Wire());

    public static Decision Decide(Audit audit, SetAuditPlan c, ReferentialDefinition? pinned, string by, DateTimeOffset now)
        => Decision.Checked(audit.Version, c.ExpectedVersion, Check(c, pinned), CanPlan(audit),
            () => new AuditPlanSet(audit.Id,
                (c.Agenda ?? []).Select(s => new PlannedSlot(s.Date!.Value, Time(s.Start)!.Value, Time(s.End)!.Value, s.Place!.Trim(),
                    s.Functions!.Select(f => f.Trim()).ToList(), AuditWrites.Trimmed(s.Topic))).OrderBy(s => s.Date).ThenBy(s => s.Start).ToList(),
                (c.Sampling ?? []).Select(l => new PlannedSampling(l.Indicator!, l.PlannedSize!.Value, pinned!.FindIndicator(l.Indicator!)!.MinimumSamples,
                    l.Drawing!.Trim())).ToList(),
                by, now));

    private static TimeOnly? Time(string? text)
        => TimeOnly.TryParseExact(text?.Trim(), ["HH:mm", "H:mm"], System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var t) ? t : null;

    public static async Task<(Outcome<AuditChanged>, Events)> Handle(SetAuditPlan command, [WriteAggregate(Required = false)] Audit? audit,
        IDocumentSession session, ReferentialCatalog catalog, IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var pinned = audit is null ? null : await catalog.FindAsync(session, audit.Referential, audit.ReferentialVersion, ct);
        return AuditWrites.Answer(audit, command, a => Decide(a, command, pinned, context.Who(), clock.GetUtcNow()), (a, _) => AuditWrites.Changed(a, a.State));
    }
}

public static class SetAuditPlanEndpoint
{
    [WolverinePost("/api/audits/{auditId}/plan"), Authorize(Policy = Policies.AuditManager)]
    [ProducesResponseType(typeof(AuditChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string auditId, SetAuditPlan command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<AuditChanged>(command with { AuditId = auditId }, ct);
}
