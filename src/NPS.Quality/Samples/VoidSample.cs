using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

namespace NPS.Quality.Samples;

public sealed record VoidSample(string? Reason)
{
    [JsonIgnore] public string SiteId { get; init; } = "";
    [JsonIgnore] public string SampleId { get; init; } = "";
}

public sealed record VoidedSampleView(string SampleId, string Reason, DateTimeOffset VoidedAt, string VoidedBy);

public static class VoidSampleHandler
{
    public const int MaxReasonLength = 1_000;

    /// <summary>
    /// The sample stops counting from now; nothing is erased, and its id stays taken (a correction is a void plus a new
    /// sample under another id). Voiding twice is a 409 that says when and by whom it was voided.
    /// </summary>
    public static Decision Decide(VoidSample c, StoredSample? stored, string by, DateTimeOffset now)
    {
        var reason = c.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return Decision.Invalid(new FieldError("reason", "le motif de l'annulation est obligatoire"));
        if (reason.Length > MaxReasonLength) return Decision.Invalid(new FieldError("reason", $"le motif dépasse {MaxReasonLength} caractères"));
        if (stored is null) return Decision.Refuse(Problems.NotFound($"Échantillon inconnu sur le site {c.SiteId} : {c.SampleId}."));
        if (stored.VoidedAt is { } voidedAt)
            return Decision.Refuse(Problems.Conflict($"L'échantillon {c.SampleId} est déjà annulé (le {voidedAt:yyyy-MM-dd HH:mm} UTC, par {stored.VoidedBy})."));
        return Decision.Of(new SampleVoided(c.SiteId, c.SampleId, reason, now, by));
    }

    public static async Task<(Outcome<VoidedSampleView>, IMartenOp)> Handle(VoidSample command, IDocumentSession session, IMessageContext context,
        TimeProvider clock, CancellationToken ct)
    {
        var stored = await DelaySampleReads.FindAsync(session, command.SiteId, command.SampleId, ct);
        var decision = Decide(command, stored, context.Who(), clock.GetUtcNow());
        if (decision.Refusal is { } refusal) return (Outcome<VoidedSampleView>.Refused(refusal), MartenOps.Nothing());
        var voided = decision.Single<SampleVoided>();
        // Appended to the stream of the batch that recorded the sample.
        return (Outcome<VoidedSampleView>.Ok(new VoidedSampleView(voided.SampleId, voided.Reason, voided.VoidedAt, voided.VoidedBy)),
            MartenOps.Append(stored!.BatchStream, voided));
    }
}

public static class VoidSampleEndpoint
{
    [WolverinePost("/api/sites/{siteId}/samples/{sampleId}/void"), Authorize(Policy = Policies.SampleWriter)]
    [ProducesResponseType(typeof(VoidedSampleView), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static Task<IResult> Post(string siteId, string sampleId, VoidSample command, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<VoidedSampleView>(command with { SiteId = siteId, SampleId = sampleId }, ct);
}
