using System.Security.Claims;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Infrastructure;
using NPS.Quality.Referentials;
using Wolverine.Http;

namespace NPS.Quality.Samples;

public static class RecordSampleBatchEndpoint
{
    public const int MaxItems = 10_000;

    /// <summary>Checks every item; errors are named <c>[index].field</c> (0-based, as in the array).</summary>
    public static (List<(RecordedSample Sample, int Line)> Samples, List<FieldError> Errors) Check(
        IReadOnlyList<RecordSample?> items, Referentials.ReferentialDefinition referential)
    {
        var errors = new List<FieldError>();
        var samples = new List<(RecordedSample, int)>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item)
            {
                errors.Add(new FieldError($"[{i}]", "élément vide"));
                continue;
            }
            var sample = SampleRules.Check(item.ToInput(), referential, allowLocalDates: false, SampleFieldNames.Json.Prefixed($"[{i}]."), null, errors);
            if (sample is not null) samples.Add((sample, i + 1));
        }
        SampleRules.CheckDistinctIds(samples, "sampleId", lines: false, errors);
        return (samples, errors);
    }

    /// <summary>Up to 10,000 samples, all or nothing, in one transaction: <c>{ accepted, duplicates }</c>.</summary>
    [WolverinePost("/api/sites/{siteId}/samples/batch"), Authorize(Policy = Policies.SampleWriter)]
    [ProducesResponseType(typeof(RecordingResult), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409),
     ProducesResponseType(typeof(ProblemDetails), 413)]
    public static async Task<IResult> Post(string siteId, RecordSample?[] items, ClaimsPrincipal user, IDocumentSession session,
        ReferentialCatalog catalog, TimeProvider clock, CancellationToken ct)
    {
        if (items is null || items.Length == 0) return Results.Problem(Problems.Invalid("corps", "le lot est vide : envoyez un tableau JSON d'échantillons"));
        if (items.Length > MaxItems) return Results.Problem(TooLarge($"Un lot compte au plus {MaxItems:N0} échantillons ({items.Length:N0} reçus) : découpez-le."));

        var now = clock.GetUtcNow();
        var (_, referential, missing) = await SampleWriting.LoadAsync(session, catalog, siteId, now, ct);
        if (missing is not null) return Results.Problem(missing);

        var (samples, errors) = Check(items, referential!);
        if (errors.Count > 0) return Results.Problem(Problems.Invalid(errors));

        var (result, conflict) = await SampleWriting.RecordAsync(session, siteId, samples.Select(s => s.Sample).ToList(), now,
            Caller.From(user).Name, ct);
        return conflict is not null ? Results.Problem(conflict) : Results.Ok(result);
    }

    public static ProblemDetails TooLarge(string detail) => new()
    {
        Status = StatusCodes.Status413PayloadTooLarge,
        Title = "Requête trop volumineuse",
        Detail = detail,
    };
}
