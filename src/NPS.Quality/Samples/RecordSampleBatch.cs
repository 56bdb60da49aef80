using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;

namespace NPS.Quality.Samples;

/// <summary>A JSON array of samples for one site, all or nothing.</summary>
public sealed record RecordSampleBatch(IReadOnlyList<RecordSample?>? Items)
{
    public string SiteId { get; init; } = "";
}

public static class RecordSampleBatchHandler
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

    public static async Task<Outcome<RecordingResult>> Handle(RecordSampleBatch command, IDocumentSession session, ReferentialCatalog catalog,
        IMessageContext context, TimeProvider clock, CancellationToken ct)
    {
        var items = command.Items ?? [];
        if (items.Count == 0) return Outcome<RecordingResult>.Refused(Problems.Invalid("corps", "le lot est vide : envoyez un tableau JSON d'échantillons"));
        if (items.Count > MaxItems)
            return Outcome<RecordingResult>.Refused(Problems.TooLarge(
                $"Un lot compte au plus {MaxItems:N0} échantillons ({items.Count:N0} reçus) : découpez-le."));

        return await SampleWriting.WriteAsync(session, catalog, command.SiteId, context.Who(), clock.GetUtcNow(), referential =>
            {
                var (samples, errors) = Check(items, referential);
                return errors.Count > 0 ? ([], Problems.Invalid(errors)) : (samples.Select(s => s.Sample).ToList(), null);
            },
            (_, result) => Outcome<RecordingResult>.Ok(result), ct);
    }
}

public static class RecordSampleBatchEndpoint
{
    /// <summary>Up to 10,000 samples, all or nothing, in one transaction: <c>{ accepted, duplicates }</c>.</summary>
    [WolverinePost("/api/sites/{siteId}/samples/batch"), Authorize(Policy = Policies.SampleWriter)]
    [ProducesResponseType(typeof(RecordingResult), 200), ProducesResponseType(typeof(ProblemDetails), 400),
     ProducesResponseType(typeof(ProblemDetails), 404), ProducesResponseType(typeof(ProblemDetails), 409),
     ProducesResponseType(typeof(ProblemDetails), 413)]
    public static Task<IResult> Post(string siteId, RecordSample?[] items, IMessageBus bus, CancellationToken ct)
        => bus.AnswerAsync<RecordingResult>(new RecordSampleBatch(items) { SiteId = siteId }, ct);
}
