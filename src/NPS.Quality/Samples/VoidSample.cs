using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Wolverine.Http;

namespace NPS.Quality.Samples;

public sealed record VoidSample(string? Reason);

public sealed record VoidedSampleView(string SampleId, string Reason, DateTimeOffset VoidedAt, string VoidedBy);

public static class VoidSampleEndpoint
{
    public const int MaxReasonLength = 1_000;

    /// <summary>
    /// The sample stops counting from now; nothing is erased, and its id stays taken (a correction is a void plus a new
    /// sample under another id). Voiding twice is a 409 that says when and by whom it was voided.
    /// </summary>
    [WolverinePost("/api/sites/{siteId}/samples/{sampleId}/void"), Authorize(Policy = Policies.SampleWriter)]
    [ProducesResponseType(typeof(VoidedSampleView), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string siteId, string sampleId, VoidSample command, ClaimsPrincipal user,
        IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var reason = command.Reason?.Trim();
        if (string.IsNullOrEmpty(reason)) return Results.Problem(Problems.Invalid("reason", "le motif de l'annulation est obligatoire"));
        if (reason.Length > MaxReasonLength) return Results.Problem(Problems.Invalid("reason", $"le motif dépasse {MaxReasonLength} caractères"));

        var stored = await DelaySampleReads.FindAsync(session, siteId, sampleId, ct);
        var (stream, voidedAt, voidedBy) = (stored?.BatchStream, stored?.VoidedAt, stored?.VoidedBy);
        if (stream is null) return Results.Problem(Problems.NotFound($"Échantillon inconnu sur le site {siteId} : {sampleId}."));
        if (voidedAt is not null)
            return Results.Problem(Problems.Conflict($"L'échantillon {sampleId} est déjà annulé (le {voidedAt:yyyy-MM-dd HH:mm} UTC, par {voidedBy})."));

        var voided = new SampleVoided(siteId, sampleId, reason, clock.GetUtcNow(), Caller.From(user).Name);
        session.Events.Append(stream, voided);
        return Results.Ok(new VoidedSampleView(sampleId, reason, voided.VoidedAt, voided.VoidedBy));
    }
}
