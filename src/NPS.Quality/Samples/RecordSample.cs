using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Access;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using Wolverine;
using Wolverine.Http;

namespace NPS.Quality.Samples;

/// <summary>One delay sample; <c>start</c> and <c>end</c> are ISO 8601 with an offset.</summary>
public sealed record RecordSample(string? SampleId, string? Indicator, string? Start, string? End, string? Method, string? Comment)
{
    [JsonIgnore] public string SiteId { get; init; } = "";

    public SampleInput ToInput() => new(SampleId, Indicator, Start, End, Method, Comment);
}

/// <summary>A sample as recorded, with its computed delay; <c>duplicate</c> when it was already there, unchanged.</summary>
public sealed record RecordedSampleView(string SampleId, string Indicator, DateTimeOffset Start, DateTimeOffset End, string Method,
    string? Comment, decimal Delay, string Unit, DateOnly SampleDate, bool Duplicate)
{
    public static RecordedSampleView From(RecordedSample s, bool duplicate)
        => new(s.SampleId, s.Indicator, s.Start, s.End, s.Method, s.Comment, s.Delay, s.Unit, s.SampleDate, duplicate);
}

public static class RecordSampleHandler
{
    public static Task<Outcome<RecordedSampleView>> Handle(RecordSample command, IDocumentSession session, ReferentialCatalog catalog,
        IMessageContext context, TimeProvider clock, CancellationToken ct)
        => SampleWriting.WriteAsync(session, catalog, command.SiteId, context.Who(), clock.GetUtcNow(), referential =>
            {
                var errors = new List<FieldError>();
                var sample = SampleRules.Check(command.ToInput(), referential, allowLocalDates: false, SampleFieldNames.Json, null, errors);
                return sample is null ? ([], Problems.Invalid(errors)) : ([sample], null);
            },
            (samples, result) => result.Duplicates > 0
                ? Outcome<RecordedSampleView>.Ok(RecordedSampleView.From(samples[0], duplicate: true))
                : Outcome<RecordedSampleView>.Created(RecordedSampleView.From(samples[0], duplicate: false), $"/api/sites/{command.SiteId}/samples"),
            ct);
}

public static class RecordSampleEndpoint
{
    /// <summary>201 when recorded, 200 when the same sample was already recorded (nothing changes), 409 when the id holds another sample.</summary>
    [WolverinePost("/api/sites/{siteId}/samples"), Authorize(Policy = Policies.SampleWriter)]
    [ProducesResponseType(typeof(RecordedSampleView), 201), ProducesResponseType(typeof(RecordedSampleView), 200),
     ProducesResponseType(typeof(ProblemDetails), 400), ProducesResponseType(typeof(ProblemDetails), 404),
     ProducesResponseType(typeof(ProblemDetails), 409)]
    public static async Task<IResult> Post(string siteId, RecordSample command, IMessageBus bus, CancellationToken ct)
    {
        var outcome = await bus.SendAsync<RecordedSampleView>(command with { SiteId = siteId }, ct);
        // The recorded sample, without a Location header (the contract answers 201 with the sample only).
        return outcome.Status == StatusCodes.Status201Created
            ? Results.Json(outcome.Value, statusCode: StatusCodes.Status201Created)
            : outcome.ToResult();
    }
}
