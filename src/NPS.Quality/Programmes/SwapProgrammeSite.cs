using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Programmes;

/// <summary>Replaces a site of the sample (<c>remove</c>) by another site of the scope (<c>add</c>), with the reason.</summary>
public sealed record SwapProgrammeSite(string? Remove, string? Add, string? Reason, int? ExpectedVersion) : IProgrammeChange
{
    [JsonIgnore] public string ProgrammeId { get; init; } = "";
}

public static class SwapProgrammeSiteHandler
{
    public static List<FieldError> Check(Programme p, SwapProgrammeSite c)
    {
        var errors = ProgrammeWrites.Errors(c.ExpectedVersion);
        if (string.IsNullOrWhiteSpace(c.Remove)) errors.Add(new("remove", "le site à retirer de l'échantillon est obligatoire"));
        else if (p.Find(c.Remove.Trim()) is null) errors.Add(new("remove", "ce site n'est pas dans l'échantillon", Value: c.Remove));
        if (string.IsNullOrWhiteSpace(c.Add)) errors.Add(new("add", "le site à ajouter est obligatoire"));
        else if (!p.Scope.Contains(c.Add.Trim())) errors.Add(new("add", "ce site n'est pas dans le périmètre du programme", Value: c.Add));
        else if (p.Find(c.Add.Trim()) is not null) errors.Add(new("add", "ce site est déjà dans l'échantillon", Value: c.Add));
        if (string.IsNullOrWhiteSpace(c.Reason)) errors.Add(new("reason", "la raison de l'échange est obligatoire"));
        else if (c.Reason.Length > 500) errors.Add(new("reason", "la raison ne doit pas dépasser 500 caractères"));
        return errors;
    }

    /// <summary>A site whose audit is already planned stays: its audit would be left without programme.</summary>
    public static FieldError? Rule(Programme p, SwapProgrammeSite c)
        => p.Find(c.Remove!.Trim()) is { AuditId: not null }
            ? new FieldError("remove", "l'audit de ce site est déjà planifié : il ne peut plus être retiré de l'échantillon", Value: c.Remove)
            : null;

    public static Decision Decide(Programme p, SwapProgrammeSite c, string by, DateTimeOffset now)
    {
        var errors = Check(p, c);
        return Decision.Checked(p.Version, c.ExpectedVersion, errors, errors.Count == 0 ? Rule(p, c) : null,
            () => new ProgrammeSiteSwapped(p.Id, c.Remove!.Trim(), c.Add!.Trim(), c.Reason!.Trim(), by, now));
    }

    public static (Outcome<ProgrammeChanged>, Events) Handle(SwapProgrammeSite command, [WriteAggregate(Required = false)] Programme? programme,
        IMessageContext context, TimeProvider clock)
        => ProgrammeWrites.Answer(programme, command, p => Decide(p, command, context.Who(), clock.GetUtcNow()));
}

public static class SwapProgrammeSiteEndpoint
{
    [WolverinePost("/api/programmes/{programmeId}/swap"), Authorize(Policy = Policies.Admin)]
    [ProducesResponseType(typeof(ProgrammeChanged), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string programmeId, SwapProgrammeSite command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<ProgrammeChanged>(command with { ProgrammeId = programmeId }, ct);
}
