using Marten;
using NPS.Quality.Referentials;
using NPS.Quality.Shared;

namespace NPS.Quality.Samples;

/// <summary>
/// A large import (from <see cref="SampleWriting.CopyFrom"/> rows, every id distinct) is copied while it is checked: the rows
/// are checked chunk by chunk on the thread pool, and each checked chunk is sorted out and its new rows go into the binary
/// COPY at once, while PostgreSQL inserts the previous ones. The answer is the same as the sequential path's: a bad row or a
/// conflict anywhere stops the copying, the remaining chunks are still checked so that the 400 lists every bad row, the COPY
/// is cancelled and the transaction never commits. Measured on the network store, the sequential path spent about half of an
/// import checking rows and looking up their ids before the first row was copied (issue 17).
/// </summary>
public static class LargeImport
{
    /// <summary>A chunk of rows, once checked.</summary>
    private sealed class Chunk(TaskCreationOptions options)
        : TaskCompletionSource<(List<(RecordedSample Sample, int Line)> Samples, List<FieldError> Errors)>(options);

    public static bool Applies(IReadOnlyList<CsvSampleRow> rows) => rows.Count >= SampleWriting.CopyFrom && SampleCsv.IdsAreDistinct(rows);

    /// <summary>
    /// Checks, sorts out and copies the rows; appends their events (nothing committed here). Null when the samples table
    /// does not exist yet (nothing done: the sequential path creates it through the projection).
    /// </summary>
    /// <param name="ids">The file's ids, in file order, that can be looked up.</param>
    /// <param name="storedHashes">The content hash of each of these ids already stored for the site.</param>
    public static async Task<Outcome<RecordingResult>?> WriteAsync(IDocumentSession session, string siteId, ReferentialDefinition referential,
        IReadOnlyList<CsvSampleRow> rows, string[] ids, Func<string[], Task<Dictionary<string, string>>> storedHashes, string recordedBy,
        DateTimeOffset now, CancellationToken ct)
    {
        var chunks = new Chunk[SampleCsv.ChunkCount(rows)];
        for (var i = 0; i < chunks.Length; i++) chunks[i] = new(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();
        var checking = CheckInOrderAsync(rows, referential, chunks, stop.Token);
        try
        {
            // A new file, the usual case, holds no stored id: its rows are copied at once, without first looking up every id
            // (100,000 key probes, 0.2–0.6 s on the network store, before the first row could be copied). A few ids across the
            // file are probed first, so that a file sent again, or the growing export of a spreadsheet, goes straight to the
            // full lookup; a stored id the probe missed makes the COPY fail on its key, and it is undone and done again.
            var stored = (await storedHashes(Probe(ids))).Count == 0 ? null : await storedHashes(ids);
            var (outcome, undone) = await CopyAsync(session, siteId, chunks, rows.Count, stored, recordedBy, now, ct);
            if (undone) (outcome, _) = await CopyAsync(session, siteId, chunks, rows.Count, await storedHashes(ids), recordedBy, now, ct);
            return outcome;
        }
        finally
        {
            // A failed COPY (a key taken meanwhile, a lost connection) leaves nothing running behind the request.
            await stop.CancelAsync();
            await checking;
        }
    }

    /// <summary>At most 64 ids spread across the file, the first and the last among them.</summary>
    public static string[] Probe(string[] ids)
        => ids.Length <= 64 ? ids : Enumerable.Range(0, 64).Select(i => ids[(int)((long)i * (ids.Length - 1) / 63)]).ToArray();

    /// <summary>
    /// One pass over the checked chunks: sorted out against <paramref name="stored"/> and copied. With <paramref name="stored"/>
    /// null (no stored id expected), the COPY is undoable: undone is true when it met a key already taken.
    /// </summary>
    private static async Task<(Outcome<RecordingResult>? Outcome, bool Undone)> CopyAsync(IDocumentSession session, string siteId, Chunk[] chunks,
        int rowCount, Dictionary<string, string>? stored, string recordedBy, DateTimeOffset now, CancellationToken ct)
    {
        var sorting = new SampleWriting.Sorting(stored ?? [], rowCount);
        await using var copy = await SampleRowCopy.OpenAsync(session, ct, undoable: stored is null);
        if (copy is null) return (null, false);
        var batchId = Guid.NewGuid().ToString("N");
        var key = SampleStreams.For(siteId, batchId);
        var errors = new List<FieldError>();
        foreach (var chunk in chunks)
        {
            var (samples, chunkErrors) = await chunk.Task;
            errors.AddRange(chunkErrors);
            var before = sorting.New.Count;
            sorting.Add(samples.Select(s => s.Sample));
            // Once the file is refused, the rest is only checked (for the full list of errors), no longer copied.
            if (errors.Count > 0 || sorting.Conflicts.Count > 0) continue;
            for (var i = before; i < sorting.New.Count; i++)
                await copy.WriteAsync(siteId, key, now, recordedBy, sorting.New[i], ct);
        }
        // Refused: disposing the COPY uncompleted cancels it, and the transaction is never committed.
        if (errors.Count > 0) return (Outcome<RecordingResult>.Refused(SampleCsv.Refusal(errors)), false);
        if (sorting.Conflict() is { } conflict) return (Outcome<RecordingResult>.Refused(conflict), false);
        if (!await copy.CompleteAsync(ct)) return (null, true);

        if (sorting.New.Count > 0)
        {
            var events = sorting.New.Chunk(SampleStreams.SamplesPerEvent)
                .Select(part => SamplesRecorded.Of(siteId, batchId, now, recordedBy, part))
                .ToArray();
            foreach (var e in events) e.RowsCopied = true;
            session.Events.StartStream(key, events.Cast<object>().ToArray());
        }
        return (Outcome<RecordingResult>.Ok(new RecordingResult(sorting.New.Count, sorting.Duplicates)), false);
    }

    /// <summary>
    /// Checks the chunks in file order, each completed as soon as it is checked, on threads of their own: on the thread pool
    /// the checking loops held its threads (two on a 2-core machine), and the COPY's own continuations waited behind them.
    /// One core is left to PostgreSQL and the COPY; the checks, a few microseconds a row, stay ahead of the COPY.
    /// </summary>
    private static Task CheckInOrderAsync(IReadOnlyList<CsvSampleRow> rows, ReferentialDefinition referential,
        Chunk[] chunks, CancellationToken stop)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount - 1)).Select(_ => Task.Factory.StartNew(() =>
        {
            for (var p = Interlocked.Increment(ref next); p < chunks.Length && !stop.IsCancellationRequested; p = Interlocked.Increment(ref next))
            {
                try { chunks[p].SetResult(SampleCsv.CheckChunk(rows, p, referential)); }
                catch (Exception e) { chunks[p].SetException(e); }
            }
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
    }
}
