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
    string ContentHash)
{
    /// <summary>
    /// The one place a sample's derived fields are computed: its date (the Paris date of its start, which periods and
    /// charts go by) and its content hash (what makes a retry "the same sample").
    /// </summary>
    public static RecordedSample Of(string sampleId, string indicator, DateTimeOffset start, DateTimeOffset end, string method,
        string? comment, decimal delay, string unit)
        => new(sampleId, indicator, start, end, method, comment, delay, unit, ParisTime.DateOf(start),
            SampleRules.Hash(indicator, start, end, method, comment));
}

/// <summary>
/// Samples recorded by one request (single, batch or import). Every request is its own short stream
/// <c>samples:{siteId}:{batchId}</c>; a large request is several of these events in that stream (≤ 5,000 samples each).
/// Only what was measured is stored (the delay included, as computed then), not the Paris date nor the content hash:
/// those were computed once when the samples were checked, and travel with the event in memory to the inline
/// projection; only an event read back from the store (a rebuild) derives them again, with the same
/// <see cref="RecordedSample.Of"/>.
/// </summary>
public sealed record SamplesRecorded(
    string SiteId,
    string BatchId,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    IReadOnlyDictionary<string, string> Units,
    SampleColumns Samples)
{
    /// <summary>The samples with their derived fields, as checked at recording; null on an event read back from the store.</summary>
    private IReadOnlyList<RecordedSample>? _recorded;

    public static SamplesRecorded Of(string siteId, string batchId, DateTimeOffset recordedAt, string recordedBy, IReadOnlyList<RecordedSample> samples)
        => new(siteId, batchId, recordedAt, recordedBy,
            samples.GroupBy(s => s.Indicator).ToDictionary(g => g.Key, g => g.First().Unit),
            SampleColumns.Of(samples))
        { _recorded = samples };

    /// <summary>
    /// Set by the writer once these samples' rows are already in <c>nps.delay_samples</c>, copied in the same transaction
    /// (<see cref="DelaySamplesProjection.CopyAsync"/>): the inline projection then has nothing left to insert. Never stored;
    /// false on an event read back from the store, which a rebuild projects row by row as before.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    internal bool RowsCopied { get; set; }

    /// <summary>The samples as recorded, with their derived fields (Paris date, unit, content hash).</summary>
    public IReadOnlyList<RecordedSample> All()
    {
        if (_recorded is not null) return _recorded;
        var c = Samples;
        var all = new RecordedSample[c.Count];
        for (var i = 0; i < all.Length; i++)
            all[i] = RecordedSample.Of(c.Ids[i], c.Indicators[i], c.Starts[i], c.Ends[i], c.Methods[i], c.Comments[i], c.Delays[i],
                Units[c.Indicators[i]]);
        return _recorded = all;
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
