namespace NPS.Quality.Samples;

/// <summary>One delay sample as recorded: what the client sent, plus the delay computed in the indicator's unit.</summary>
public sealed record RecordedSample(
    string SampleId,
    string Indicator,
    DateTimeOffset Start,
    DateTimeOffset End,
    string Method,
    string? Comment,
    decimal Delay,
    string Unit,
    DateOnly SampleDate,
    string ContentHash);

/// <summary>
/// Samples recorded by one request (single, batch or import). Every request is its own short stream
/// <c>samples:{siteId}:{batchId}</c>; a large request is several of these events in that stream (≤ 5,000 samples each).
/// </summary>
public sealed record SamplesRecorded(
    string SiteId,
    string BatchId,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    IReadOnlyList<RecordedSample> Samples);

/// <summary>A sample stops counting from <see cref="VoidedAt"/>; appended to the stream of the batch that recorded it.</summary>
public sealed record SampleVoided(string SiteId, string SampleId, string Reason, DateTimeOffset VoidedAt, string VoidedBy);

public static class SampleStreams
{
    public const int SamplesPerEvent = 5_000;

    public static string For(string siteId, string batchId) => $"samples:{siteId}:{batchId}";
}
