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
/// Only what was measured is stored (the delay included, as computed then); the Paris date, the unit and the content
/// hash are derived again by the projection.
/// </summary>
public sealed record SamplesRecorded(
    string SiteId,
    string BatchId,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    IReadOnlyDictionary<string, string> Units,
    SampleColumns Samples)
{
    public static SamplesRecorded Of(string siteId, string batchId, DateTimeOffset recordedAt, string recordedBy, IReadOnlyList<RecordedSample> samples)
        => new(siteId, batchId, recordedAt, recordedBy,
            samples.GroupBy(s => s.Indicator).ToDictionary(g => g.Key, g => g.First().Unit),
            SampleColumns.Of(samples));

    /// <summary>The samples as recorded, with their derived fields.</summary>
    public IEnumerable<RecordedSample> All()
    {
        var c = Samples;
        for (var i = 0; i < c.Ids.Length; i++)
            yield return new RecordedSample(c.Ids[i], c.Indicators[i], c.Starts[i], c.Ends[i], c.Methods[i], c.Comments[i], c.Delays[i],
                Units[c.Indicators[i]], ParisTime.DateOf(c.Starts[i]),
                SampleRules.Hash(c.Indicators[i], c.Starts[i], c.Ends[i], c.Methods[i], c.Comments[i]));
    }
}

/// <summary>
/// The samples of one event, column by column. PostgreSQL parses every event as jsonb when it is appended, so the
/// payload's size is most of an import's cost: one object per sample repeated every key and took twice the bytes.
/// </summary>
public sealed record SampleColumns(
    string[] Ids,
    string[] Indicators,
    DateTimeOffset[] Starts,
    DateTimeOffset[] Ends,
    string[] Methods,
    string?[] Comments,
    decimal[] Delays)
{
    public int Count => Ids.Length;

    public static SampleColumns Of(IReadOnlyList<RecordedSample> samples) => new(
        samples.Select(s => s.SampleId).ToArray(),
        samples.Select(s => s.Indicator).ToArray(),
        samples.Select(s => s.Start).ToArray(),
        samples.Select(s => s.End).ToArray(),
        samples.Select(s => s.Method).ToArray(),
        samples.Select(s => s.Comment).ToArray(),
        samples.Select(s => s.Delay).ToArray());
}

/// <summary>A sample stops counting from <see cref="VoidedAt"/>; appended to the stream of the batch that recorded it.</summary>
public sealed record SampleVoided(string SiteId, string SampleId, string Reason, DateTimeOffset VoidedAt, string VoidedBy);

public static class SampleStreams
{
    public const int SamplesPerEvent = 5_000;

    public static string For(string siteId, string batchId) => $"samples:{siteId}:{batchId}";
}
