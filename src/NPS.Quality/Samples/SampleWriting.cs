using Marten;
using Microsoft.AspNetCore.Mvc;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;
using NPS.Quality.Sites;

namespace NPS.Quality.Samples;

/// <summary>The answer of a batch or an import.</summary>
public sealed record RecordingResult(int Accepted, int Duplicates);

/// <summary>
/// The write path shared by single, batch and import: idempotency against what is stored, then the events of one new
/// short stream, several samples per event. Nothing here commits: Wolverine's transaction does, once.
/// </summary>
public static class SampleWriting
{
    /// <summary>The site and the referential version in force now, or the 404 to answer.</summary>
    public static async Task<(Site? Site, ReferentialDefinition? Referential, ProblemDetails? Problem)> LoadAsync(
        IQuerySession session, ReferentialCatalog catalog, string siteId, DateTimeOffset now, CancellationToken ct)
    {
        var site = await session.LoadAsync<Site>(siteId, ct);
        if (site is null) return (null, null, Problems.NotFound($"Site inconnu : {siteId}."));
        var period = site.ReferentialAt(now);
        var referential = await catalog.FindAsync(session, period.Referential, period.Version, ct);
        return referential is null
            ? (site, null, Problems.NotFound($"Référentiel non publié : {period.Referential} {period.Version}."))
            : (site, referential, null);
    }

    /// <summary>
    /// What every sample handler does: the site and the referential version in force now (or 404), the input checked
    /// against it (or 400), then sorted out against what is stored and appended (or 409), and the answer. The stored
    /// ids may be looked up while the input is checked (<paramref name="lookAhead"/>, I/O beside CPU on large files).
    /// </summary>
    public static async Task<Outcome<T>> WriteAsync<T>(IDocumentSession session, ReferentialCatalog catalog, string siteId, string recordedBy,
        DateTimeOffset now, Func<ReferentialDefinition, (IReadOnlyList<RecordedSample> Samples, ProblemDetails? Refusal)> check,
        Func<IReadOnlyList<RecordedSample>, RecordingResult, Outcome<T>> answer, CancellationToken ct,
        Func<Task<Dictionary<string, string>>>? lookAhead = null) where T : class
    {
        var (_, referential, missing) = await LoadAsync(session, catalog, siteId, now, ct);
        if (missing is not null) return Outcome<T>.Refused(missing);
        var early = lookAhead?.Invoke();
        var (samples, refusal) = check(referential!);
        var stored = early is null ? null : await early;
        if (refusal is not null) return Outcome<T>.Refused(refusal);
        stored ??= await StoredHashesAsync(session, siteId, samples.Select(s => s.SampleId).ToArray(), ct);
        var (result, conflict) = await RecordAsync(session, siteId, stored, samples, now, recordedBy, ct);
        return conflict is not null ? Outcome<T>.Refused(conflict) : answer(samples, result!);
    }

    /// <summary>
    /// The shared end of single, batch and import: sort out against what is stored, then append the new samples —
    /// or the 409 that writes nothing.
    /// </summary>
    public static async Task<(RecordingResult? Result, ProblemDetails? Conflict)> RecordAsync(IDocumentSession session, string siteId,
        IReadOnlyDictionary<string, string> stored, IReadOnlyList<RecordedSample> samples, DateTimeOffset now, string recordedBy,
        CancellationToken ct)
    {
        var (fresh, duplicates, conflict) = SortOut(stored, samples);
        if (conflict is not null) return (null, conflict);
        await AppendAsync(session, siteId, fresh, now, recordedBy, ct);
        return (new RecordingResult(fresh.Count, duplicates), null);
    }

    /// <summary>The content hash of each of these ids already stored for the site.</summary>
    public static Task<Dictionary<string, string>> StoredHashesAsync(IQuerySession session, string siteId, string[] ids, CancellationToken ct)
        => DelaySampleReads.StoredHashesAsync(session, siteId, ids, ct);

    /// <summary>
    /// The idempotency rule, pure: new, duplicate (same content) or conflict (other content — voided or not, since ids
    /// are never reused).
    /// </summary>
    public static (List<RecordedSample> New, int Duplicates, ProblemDetails? Conflict) SortOut(
        IReadOnlyDictionary<string, string> stored, IReadOnlyList<RecordedSample> samples)
    {
        var sort = new Sorting(stored, samples.Count);
        sort.Add(samples);
        return sort.Conflict() is { } problem ? ([], sort.Duplicates, problem) : (sort.New, sort.Duplicates, null);
    }

    /// <summary>
    /// <see cref="SortOut"/> over samples that come in parts (a large import sorts out each chunk as soon as it is checked).
    /// </summary>
    public sealed class Sorting(IReadOnlyDictionary<string, string> stored, int capacity = 0)
    {
        public List<RecordedSample> New { get; } = new(capacity);
        public int Duplicates { get; private set; }
        public List<string> Conflicts { get; } = [];

        public void Add(IEnumerable<RecordedSample> samples)
        {
            foreach (var sample in samples)
            {
                if (!stored.TryGetValue(sample.SampleId, out var hash)) New.Add(sample);
                else if (hash == sample.ContentHash) Duplicates++;
                else Conflicts.Add(sample.SampleId);
            }
        }

        /// <summary>The 409 naming the ids stored with another content, or null.</summary>
        public ProblemDetails? Conflict()
        {
            if (Conflicts.Count == 0) return null;
            var named = string.Join(", ", Conflicts.Take(20)) + (Conflicts.Count > 20 ? $" (et {Conflicts.Count - 20} autres)" : "");
            var problem = Problems.Conflict(
                $"{Fr.Count(Conflicts.Count, "identifiant déjà enregistré", "identifiants déjà enregistrés")} avec un autre contenu : {named}. Rien n'a été enregistré ; " +
                "pour corriger un échantillon, annulez-le puis enregistrez-en un nouveau sous un autre identifiant.");
            problem.Extensions["sampleIds"] = Conflicts;
            return problem;
        }
    }

    /// <summary>
    /// From this many samples on, their rows are written with a binary COPY in the write's transaction
    /// (<see cref="DelaySamplesProjection.CopyAsync"/>) instead of the projection's insert: with 100,000 samples the insert
    /// from arrays took ~0.7 s of a 2–2.5 s import, the COPY runs at the raw COPY rate (README, Performance). Below, one statement in Marten's batch
    /// costs less than the extra round trips of a COPY.
    /// </summary>
    public const int CopyFrom = 100;

    /// <summary>
    /// Appends the new samples as one new stream (their rows copied at once when there are many); returns its key, or null
    /// when there is nothing to write. Nothing is committed here.
    /// </summary>
    public static async Task<string?> AppendAsync(IDocumentSession session, string siteId, IReadOnlyList<RecordedSample> samples,
        DateTimeOffset now, string recordedBy, CancellationToken ct)
    {
        if (samples.Count == 0) return null;
        var batchId = Guid.NewGuid().ToString("N");
        var events = samples.Chunk(SampleStreams.SamplesPerEvent)
            .Select(chunk => SamplesRecorded.Of(siteId, batchId, now, recordedBy, chunk))
            .ToArray();
        var key = SampleStreams.For(siteId, batchId);
        if (samples.Count >= CopyFrom) await DelaySamplesProjection.CopyAsync(session, key, events, ct);
        session.Events.StartStream(key, events.Cast<object>().ToArray());
        return key;
    }
}
