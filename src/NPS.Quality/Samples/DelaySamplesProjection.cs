using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace NPS.Quality.Samples;

/// <summary>
/// The flat table every read of samples uses (<c>nps.delay_samples</c>), kept inline with the events: one set-based
/// insert per <see cref="SamplesRecorded"/> (the samples travel as one typed array per column), one update per void.
/// Nothing else writes it, and nothing outside <see cref="DelaySampleReads"/> reads it.
/// The primary key (site_id, sample_id) is what makes a concurrent duplicate fail the whole commit.
/// </summary>
public sealed partial class DelaySamplesProjection : EventProjection
{
    public const string TableName = "nps.delay_samples";

    public DelaySamplesProjection()
    {
        var table = new Table(new PostgresqlObjectName("nps", "delay_samples", Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("site_id").AsPrimaryKey();
        table.AddColumn<string>("sample_id").AsPrimaryKey();
        table.AddColumn<string>("batch_stream").NotNull();
        table.AddColumn<string>("indicator").NotNull();
        table.AddColumn("start_at", "timestamptz").NotNull();
        table.AddColumn("end_at", "timestamptz").NotNull();
        table.AddColumn("sample_date", "date").NotNull();
        table.AddColumn("delay", "numeric").NotNull();
        table.AddColumn<string>("unit").NotNull();
        table.AddColumn<string>("method").NotNull();
        table.AddColumn<string>("comment");
        table.AddColumn("recorded_at", "timestamptz").NotNull();
        table.AddColumn<string>("recorded_by").NotNull();
        table.AddColumn("voided_at", "timestamptz");
        table.AddColumn<string>("void_reason");
        table.AddColumn<string>("voided_by");
        table.AddColumn<string>("content_hash").NotNull();
        // Every read takes sites' samples over a date range (all indicators at once). The index also carries every column the
        // compliance reads use (indicator, delay, method, and the recorded/voided instants of the as-of rule), so that a
        // month of 800 sites (160,000 samples) or a site's year is read from the index alone (an index-only scan, once
        // autovacuum has marked the pages visible), never from the table (issue 17).
        table.Indexes.Add(new IndexDefinition("ix_delay_samples_site_date_covering")
        {
            Columns = ["site_id", "sample_date", "indicator"],
            IncludeColumns = ["delay", "method", "recorded_at", "voided_at"],
        });
        SchemaObjects.Add(table);
        Options.DeleteDataInTableOnTeardown(table.Identifier.QualifiedName);
    }

    /// <summary>The rows of one event, and the monthly counts (<see cref="DelaySampleCounts"/>) in the same statement.</summary>
    private static readonly string InsertKeepingCounts = DelaySampleCounts.Keeping("""
        insert into nps.delay_samples (site_id, sample_id, batch_stream, indicator, start_at, end_at, sample_date, delay,
            unit, method, comment, recorded_at, recorded_by, content_hash)
        select ?, x.sample_id, ?, x.indicator, x.start_at, x.end_at, x.sample_date, x.delay, x.unit, x.method, x.comment, ?, ?, x.content_hash
        from unnest(?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::date[], ?::numeric[], ?::text[], ?::text[], ?::text[], ?::text[])
            as x(sample_id, indicator, start_at, end_at, sample_date, delay, unit, method, comment, content_hash)
        returning site_id, indicator, sample_date, delay, 1 as n, recorded_at as at
        """);

    /// <summary>A void, and the monthly counts in the same statement (a sample already voided changes nothing).</summary>
    private static readonly string VoidKeepingCounts = DelaySampleCounts.Keeping("""
        update nps.delay_samples set voided_at = ?, void_reason = ?, voided_by = ? where site_id = ? and sample_id = ? and voided_at is null
        returning site_id, indicator, sample_date, delay, -1 as n, voided_at as at
        """);

    public void Project(IEvent<SamplesRecorded> e, IDocumentOperations ops)
    {
        // One statement for the whole event: the columns travel as typed arrays (Npgsql's binary protocol). Measured
        // with 100,000 samples, a single jsonb parameter spent ~1.6 s in jsonb parsing alone; unnest of arrays does not.
        // The Paris dates and content hashes were computed when the samples were checked (RecordedSample.Of): taken as they are.
        // A large write copied its rows already, in this same transaction (CopyAsync): nothing to add.
        if (e.Data.RowsCopied) return;
        var c = e.Data.Samples;
        var all = e.Data.All();
        var n = c.Count;
        var starts = new DateTimeOffset[n]; var ends = new DateTimeOffset[n];
        var dates = new DateOnly[n]; var units = new string[n]; var hashes = new string[n];
        for (var i = 0; i < n; i++)
        {
            starts[i] = c.Starts[i].ToUniversalTime(); ends[i] = c.Ends[i].ToUniversalTime();
            dates[i] = all[i].SampleDate;
            units[i] = all[i].Unit;
            hashes[i] = all[i].ContentHash;
        }
        var (ids, indicators, delays, methods, comments) = (c.Ids, c.Indicators, c.Delays, c.Methods, c.Comments);
        ops.QueueSqlCommand(InsertKeepingCounts,
            e.Data.SiteId, e.StreamKey ?? SampleStreams.For(e.Data.SiteId, e.Data.BatchId), e.Data.RecordedAt.ToUniversalTime(), e.Data.RecordedBy,
            ids, indicators, starts, ends, dates, delays, units, methods, comments, hashes);
    }

    /// <summary>
    /// The rows of these events written with a binary COPY on the session's connection, inside the transaction that will also
    /// append the events (<see cref="SampleRowCopy"/>). Marks the events so that the inline projection does not insert them
    /// again. Returns false (nothing done) while the table does not exist yet: the projection then creates and fills it as usual.
    /// </summary>
    public static async Task<bool> CopyAsync(IDocumentSession session, string streamKey, IReadOnlyList<SamplesRecorded> events, CancellationToken ct)
    {
        await using var copy = await SampleRowCopy.OpenAsync(session, ct);
        if (copy is null) return false;
        foreach (var e in events)
            foreach (var s in e.All())
                await copy.WriteAsync(e.SiteId, streamKey, e.RecordedAt, e.RecordedBy, s, ct);
        await copy.CompleteAsync(ct);
        foreach (var e in events) e.RowsCopied = true;
        return true;
    }

    public void Project(IEvent<SampleVoided> e, IDocumentOperations ops)
        => ops.QueueSqlCommand(VoidKeepingCounts, e.Data.VoidedAt, e.Data.Reason, e.Data.VoidedBy, e.Data.SiteId, e.Data.SampleId);
}

/// <summary>
/// Rows of <c>nps.delay_samples</c> written with a binary COPY on the session's connection, inside the transaction that will
/// also append their events (begun here if need be): the same columns and values as the projection's insert, at the raw COPY
/// rate. Completing it adds the monthly counts (<see cref="DelaySampleCounts"/>) in the same transaction; disposing it
/// uncompleted cancels the COPY, which aborts the transaction: nothing of it is ever committed. A key taken meanwhile (a
/// concurrent identical write) fails the COPY, with the same unique violation the insert would raise at commit.
/// </summary>
public sealed class SampleRowCopy : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlBinaryImporter _importer;
    private readonly List<(string Site, DateTimeOffset RecordedAt, RecordedSample Sample)> _written = [];

    private readonly bool _undoable;

    private SampleRowCopy(NpgsqlConnection connection, NpgsqlBinaryImporter importer, bool undoable)
        => (_connection, _importer, _undoable) = (connection, importer, undoable);

    /// <summary>
    /// The COPY begun in the session's transaction, or null while the table does not exist yet. With <paramref name="undoable"/>,
    /// behind a savepoint: a COPY that fails on a key already taken (<see cref="CompleteAsync"/> answers false) is undone, and
    /// the transaction goes on.
    /// </summary>
    public static async Task<SampleRowCopy?> OpenAsync(IDocumentSession session, CancellationToken ct, bool undoable = false)
    {
        // One short query (each process may meet several databases, e.g. in tests: not cached).
        var exists = await session.QueryAsync<bool>($"select to_regclass('{DelaySamplesProjection.TableName}') is not null", ct);
        if (!exists.Single()) return null;
        await session.BeginTransactionAsync(ct);
        var connection = session.Connection!;
        if (undoable) await ExecuteAsync(connection, $"savepoint {Savepoint}", ct);
        var importer = await connection.BeginBinaryImportAsync(
            """
            copy nps.delay_samples (site_id, sample_id, batch_stream, indicator, start_at, end_at, sample_date, delay, unit, method,
                comment, recorded_at, recorded_by, content_hash) from stdin (format binary)
            """, ct);
        return new SampleRowCopy(connection, importer, undoable);
    }

    private const string Savepoint = "sample_rows";

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task WriteAsync(string siteId, string streamKey, DateTimeOffset recordedAt, string recordedBy, RecordedSample s, CancellationToken ct)
    {
        recordedAt = recordedAt.ToUniversalTime();
        await _importer.StartRowAsync(ct);
        await _importer.WriteAsync(siteId, NpgsqlTypes.NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(s.SampleId, NpgsqlTypes.NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(streamKey, NpgsqlTypes.NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(s.Indicator, NpgsqlTypes.NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(s.Start.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
        await _importer.WriteAsync(s.End.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
        await _importer.WriteAsync(s.SampleDate, NpgsqlTypes.NpgsqlDbType.Date, ct);
        await _importer.WriteAsync(s.Delay, NpgsqlTypes.NpgsqlDbType.Numeric, ct);
        await _importer.WriteAsync(s.Unit, NpgsqlTypes.NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(s.Method, NpgsqlTypes.NpgsqlDbType.Text, ct);
        if (s.Comment is null) await _importer.WriteNullAsync(ct);
        else await _importer.WriteAsync(s.Comment, NpgsqlTypes.NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(recordedAt, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
        await _importer.WriteAsync(recordedBy, NpgsqlTypes.NpgsqlDbType.Text, ct);
        await _importer.WriteAsync(s.ContentHash, NpgsqlTypes.NpgsqlDbType.Text, ct);
        _written.Add((siteId, recordedAt, s));
    }

    /// <summary>
    /// Ends the COPY and adds the rows' monthly counts, still uncommitted. False when an undoable COPY met a key already taken:
    /// its rows are undone, nothing else of the transaction.
    /// </summary>
    public async Task<bool> CompleteAsync(CancellationToken ct)
    {
        try
        {
            await _importer.CompleteAsync(ct);
        }
        catch (PostgresException e) when (_undoable && e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await _importer.DisposeAsync();
            await ExecuteAsync(_connection, $"rollback to savepoint {Savepoint}", ct);
            return false;
        }
        // The connection takes another command only once the importer is closed.
        await _importer.DisposeAsync();
        await DelaySampleCounts.AddCopiedAsync(_connection, _written, ct);
        return true;
    }

    /// <summary>Uncompleted, cancels the COPY (the transaction is then aborted); completed, already closed.</summary>
    public ValueTask DisposeAsync() => _importer.DisposeAsync();
}
