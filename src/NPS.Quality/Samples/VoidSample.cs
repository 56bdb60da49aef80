using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using Npgsql;
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

        string? stream = null;
        DateTimeOffset? voidedAt = null;
        string? voidedBy = null;
        await using (var command2 = new NpgsqlCommand(
            "select batch_stream, voided_at, voided_by from nps.delay_samples where site_id = $1 and sample_id = $2"))
        {
            command2.Parameters.Add(new NpgsqlParameter { Value = siteId });
            command2.Parameters.Add(new NpgsqlParameter { Value = sampleId });
            await using var reader = await session.ExecuteReaderAsync(command2, ct);
            if (await reader.ReadAsync(ct))
            {
                stream = reader.GetString(0);
                voidedAt = reader.IsDBNull(1) ? null : reader.GetFieldValue<DateTimeOffset>(1);
                voidedBy = reader.IsDBNull(2) ? null : reader.GetString(2);
            }
        }
        if (stream is null) return Results.Problem(Problems.NotFound($"Échantillon inconnu sur le site {siteId} : {sampleId}."));
        if (voidedAt is not null)
            return Results.Problem(Problems.Conflict($"L'échantillon {sampleId} est déjà annulé (le {voidedAt:yyyy-MM-dd HH:mm} UTC, par {voidedBy})."));

        var voided = new SampleVoided(siteId, sampleId, reason, clock.GetUtcNow(), Caller.From(user).Name);
        session.Events.Append(stream, voided);
        return Results.Ok(new VoidedSampleView(sampleId, reason, voided.VoidedAt, voided.VoidedBy));
    }
}
