using System.Data.Common;
using Marten;
using Npgsql;
using NpgsqlTypes;

namespace NPS.Quality.Samples;

/// <summary>
/// A row of <c>nps.delay_samples</c>. Read as of an instant, <see cref="VoidedAt"/> (and the reason and author) is the
/// void made by then, null otherwise.
/// </summary>
public sealed record StoredSample(
    string SampleId, string Indicator, DateTimeOffset Start, DateTimeOffset End, DateOnly SampleDate, decimal Delay, string Unit,
    string Method, string? Comment, DateTimeOffset RecordedAt, string RecordedBy,
    DateTimeOffset? VoidedAt, string? VoidReason, string? VoidedBy, string BatchStream)
{
    public bool Voided => VoidedAt is not null;
}

/// <summary>
/// What a page of samples is filtered on: an indicator, the Paris dates of the starts (both ends included); and, for the
/// samples page, a measurement method, voided or not, within or beyond the indicator's threshold (given by
/// <see cref="Thresholds"/>, the referential's), and a piece of the sample id (case ignored).
/// </summary>
public sealed record SampleFilter(string? Indicator = null, DateOnly? From = null, DateOnly? To = null)
{
    public string? Method { get; init; }
    public bool? Voided { get; init; }
    public bool? WithinThreshold { get; init; }
    public string? IdContains { get; init; }
    public IReadOnlyDictionary<string, decimal>? Thresholds { get; init; }
}

/// <summary>An indicator's samples that count in one month (by the Paris date of their start), and how many are within its threshold.</summary>
public sealed record MonthlyCount(string Indicator, DateOnly Month, int N, int WithinThreshold);

/// <summary>
/// Every read of <c>nps.delay_samples</c>, the table <see cref="DelaySamplesProjection"/> keeps: no other code runs SQL
/// on it. Columns are read by name. The "as of an instant" rule is written in <see cref="AsOfRows"/> (and, as a plain filter
/// for the counting reads, in <see cref="CountsAt"/>).
/// </summary>
public static class DelaySampleReads
{
    private const string Table = DelaySamplesProjection.TableName;

    private const string RowColumns =
        "sample_id, indicator, start_at, end_at, sample_date, delay, unit, method, comment, recorded_at, recorded_by, " +
        "voided_at, void_reason, voided_by, batch_stream";

    /// <summary>
    /// The samples as they stood at <c>@as_of</c>, the one place that says it: those recorded by then, and a void
    /// counts from its own instant on (a void made later is not there yet: its columns read null). A sample counts
    /// as of t when it is in these rows with a null <c>voided_at</c>.
    /// </summary>
    private const string AsOfRows = $"""
        select site_id, sample_id, indicator, start_at, end_at, sample_date, delay, unit, method, comment, recorded_at, recorded_by,
               case when voided_at <= @as_of then voided_at end as voided_at,
               case when voided_at <= @as_of then void_reason end as void_reason,
               case when voided_at <= @as_of then voided_by end as voided_by,
               batch_stream
        from {Table}
        where recorded_at <= @as_of
        """;

    /// <summary>
    /// <see cref="AsOfRows"/>' rule as a filter on the table's own columns, for the counting reads: a sample counts at
    /// <c>@as_of</c> when it was recorded by then and not voided by then.
    /// </summary>
    private const string CountsAt = "recorded_at <= @as_of and (voided_at is null or voided_at > @as_of)";

    /// <summary>The content hash of each of these ids already stored for the site (voided or not: ids are never reused).</summary>
    public static async Task<Dictionary<string, string>> StoredHashesAsync(IQuerySession session, string siteId, string[] ids, CancellationToken ct)
    {
        // One primary-key probe per id, whatever the site's size: with "sample_id = any(@ids)" the planner chose a parallel
        // scan of the whole table for 100,000 ids on a large store (1.5 s, and two cores taken from the row checks it runs
        // beside); the lateral LIMIT 1 keeps the probes (0.2–0.6 s, issue 17).
        await using var command = new NpgsqlCommand($"""
            select i.id as sample_id, s.content_hash from unnest(@ids) as i(id)
            cross join lateral (select d.content_hash from {Table} d where d.site_id = @site and d.sample_id = i.id limit 1) s
            """);
        command.Parameters.AddWithValue("site", NpgsqlDbType.Text, siteId);
        command.Parameters.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, ids);
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        int id = reader.GetOrdinal("sample_id"), hash = reader.GetOrdinal("content_hash");
        while (await reader.ReadAsync(ct)) stored[reader.GetString(id)] = reader.GetString(hash);
        return stored;
    }

    /// <summary>
    /// The ids among these that are stored for the site. Before the first sample ever recorded the table may not exist
    /// yet: then none is.
    /// </summary>
    public static async Task<IReadOnlySet<string>> StoredIdsAsync(IQuerySession session, string siteId, string[] ids, CancellationToken ct)
    {
        var exists = await session.QueryAsync<bool>($"select to_regclass('{Table}') is not null", ct);
        if (!exists.Single()) return new HashSet<string>();
        return (await StoredHashesAsync(session, siteId, ids, ct)).Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>One sample as stored now (with the stream that recorded it), or null.</summary>
    public static async Task<StoredSample?> FindAsync(IQuerySession session, string siteId, string sampleId, CancellationToken ct)
    {
        var command = new NpgsqlCommand($"select {RowColumns} from {Table} where site_id = @site and sample_id = @id");
        command.Parameters.AddWithValue("site", NpgsqlDbType.Text, siteId);
        command.Parameters.AddWithValue("id", NpgsqlDbType.Text, sampleId);
        return (await RowsAsync(session, command, ct)).SingleOrDefault();
    }

    /// <summary>
    /// A page of the site's samples as stored now, newest first (by start, then id), voided ones included; and how many
    /// match in all (also past the last page).
    /// </summary>
    public static async Task<(IReadOnlyList<StoredSample> Items, int Total)> PageAsync(IQuerySession session, string siteId,
        SampleFilter filter, int page, int pageSize, CancellationToken ct)
    {
        // The thresholds join only decides "within or beyond"; a sample of an indicator the map lacks is neither.
        const string source = $"""
            from {Table} left join unnest(@codes::text[], @thresholds::numeric[]) as limits(code, threshold) on limits.code = indicator
            """;
        const string where = """
            where site_id = @site and (@indicator::text is null or indicator = @indicator)
              and (@from::date is null or sample_date >= @from) and (@to::date is null or sample_date <= @to)
              and (@method::text is null or method = @method)
              and (@voided::boolean is null or (voided_at is not null) = @voided)
              and (@within::boolean is null or (limits.threshold is not null and (delay <= limits.threshold) = @within))
              and (@id_part::text is null or strpos(lower(sample_id), lower(@id_part)) > 0)
            """;
        var command = PageFiltered($"""
            select {RowColumns}, count(*) over () as total {source}
            {where}
            order by start_at desc, sample_id
            limit @limit offset @offset
            """, siteId, filter);
        command.Parameters.AddWithValue("limit", NpgsqlDbType.Integer, pageSize);
        command.Parameters.AddWithValue("offset", NpgsqlDbType.Bigint, (long)(page - 1) * pageSize);
        var total = 0;
        var items = await RowsAsync(session, command, ct, reader => total = (int)reader.GetInt64(reader.GetOrdinal("total")));
        if (items.Count == 0 && page > 1)
        {
            // Past the last page: still say how many there are.
            await using var count = PageFiltered($"select count(*) as total {source} {where}", siteId, filter);
            await using var reader = await session.ExecuteReaderAsync(count, ct);
            if (await reader.ReadAsync(ct)) total = (int)reader.GetInt64(reader.GetOrdinal("total"));
        }
        return (items, total);
    }

    /// <summary>
    /// Every sample of the site whose Paris date is in the period, as it stood at <paramref name="asOf"/> (voided ones
    /// included, with the voids made by then); by date, start, id.
    /// </summary>
    public static async Task<List<StoredSample>> AsOfAsync(IQuerySession session, string siteId, DateOnly from, DateOnly to,
        DateTimeOffset asOf, CancellationToken ct)
    {
        var command = AsOf($"""
            select {RowColumns} from ({AsOfRows}) s
            where site_id = @site and sample_date between @from and @to
            order by sample_date, start_at, sample_id
            """, siteId, from, to, asOf);
        return await RowsAsync(session, command, ct);
    }

    /// <summary>
    /// The delays that count at <paramref name="asOf"/>, by site and indicator: samples of the period (Paris dates, both
    /// ends included) recorded by then and not voided by then, of the given methods (all when null); one site, or every
    /// site when <paramref name="siteId"/> is null. One query on the (site_id, sample_date) index.
    /// </summary>
    public static async Task<Dictionary<(string Site, string Indicator), List<decimal>>> DelaysAsOfAsync(IQuerySession session,
        string? siteId, DateOnly from, DateOnly to, DateTimeOffset asOf, IReadOnlyList<string>? methods, CancellationToken ct)
    {
        await using var command = AsOf($"""
            select site_id, indicator, delay from ({AsOfRows}) s
            where (@site::text is null or site_id = @site) and sample_date between @from and @to and voided_at is null
              and (@methods::text[] is null or method = any(@methods))
            """, siteId, from, to, asOf).WithMethods(methods);
        var delays = new Dictionary<(string, string), List<decimal>>();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        int site = reader.GetOrdinal("site_id"), indicator = reader.GetOrdinal("indicator"), delay = reader.GetOrdinal("delay");
        while (await reader.ReadAsync(ct))
        {
            var key = (reader.GetString(site), reader.GetString(indicator));
            if (!delays.TryGetValue(key, out var list)) delays[key] = list = [];
            list.Add(reader.GetDecimal(delay));
        }
        return delays;
    }

    /// <summary>
    /// Per site and indicator, the samples of the period that count at <paramref name="asOf"/> (the same samples as
    /// <see cref="DelaysAsOfAsync"/>) and how many are within that site's threshold for the indicator (delay ≤ threshold),
    /// in a grouped query per set of thresholds: what a view of many sites needs, without reading every delay. Only the (site, indicator,
    /// threshold) triples given are counted (each site's thresholds come from the referential version it follows); a pair
    /// without sample has no row. The sites are looked up on the (site_id, sample_date, indicator) index, which covers
    /// every column read here.
    /// </summary>
    /// <remarks>
    /// The sites are taken by the thresholds they follow (one set per referential version in use: one or two queries), and
    /// each row finds its threshold by the indicator's place in that set, in one hash aggregate. The as-of rule is
    /// <see cref="CountsAt"/>, <see cref="AsOfRows"/> written as a filter the planner can estimate: joining the thresholds,
    /// or filtering on AsOfRows' CASE columns, gave plans that sorted or rescanned 160,000 rows of a network month (450–700 ms
    /// instead of ~120 ms, issue 17).
    /// </remarks>
    public static async Task<Dictionary<(string Site, string Indicator), (int N, int WithinThreshold)>> CountsAsOfAsync(IQuerySession session,
        IReadOnlyList<(string Site, string Indicator, decimal Threshold)> thresholds, DateOnly from, DateOnly to, DateTimeOffset asOf,
        IReadOnlyList<string>? methods, CancellationToken ct)
    {
        var counts = new Dictionary<(string, string), (int, int)>();
        var sets = thresholds.GroupBy(t => t.Site)
            .Select(site => (Site: site.Key, Set: site.DistinctBy(t => t.Indicator).Select(t => (t.Indicator, t.Threshold)).OrderBy(t => t.Indicator, StringComparer.Ordinal).ToList()))
            .GroupBy(s => string.Join('\n', s.Set.Select(t => $"{t.Indicator}={t.Threshold}")));
        foreach (var set in sets)
        {
            var pairs = set.First().Set;
            await using var command = AsOf($"""
                select site_id, indicator, count(*)::int as n,
                       (count(*) filter (where delay <= (@thresholds::numeric[])[array_position(@indicators::text[], indicator::text)]))::int as within_threshold
                from {Table}
                where site_id = any(@site_ids) and sample_date between @from and @to and {CountsAt}
                  and indicator = any(@indicators) and (@methods::text[] is null or method = any(@methods))
                group by site_id, indicator
                """, null, from, to, asOf).WithMethods(methods);
            command.Parameters.AddWithValue("indicators", NpgsqlDbType.Array | NpgsqlDbType.Text, pairs.Select(p => p.Indicator).ToArray());
            command.Parameters.AddWithValue("thresholds", NpgsqlDbType.Array | NpgsqlDbType.Numeric, pairs.Select(p => p.Threshold).ToArray());
            command.Parameters.AddWithValue("site_ids", NpgsqlDbType.Array | NpgsqlDbType.Text, set.Select(s => s.Site).ToArray());
            await using var reader = await session.ExecuteReaderAsync(command, ct);
            int site = reader.GetOrdinal("site_id"), indicator = reader.GetOrdinal("indicator"), n = reader.GetOrdinal("n"),
                within = reader.GetOrdinal("within_threshold");
            while (await reader.ReadAsync(ct))
                counts[(reader.GetString(site), reader.GetString(indicator))] = (reader.GetInt32(n), reader.GetInt32(within));
        }
        return counts;
    }

    /// <summary>
    /// Month by month, per indicator, the samples of the site that count at <paramref name="asOf"/> (the same samples as
    /// <see cref="DelaysAsOfAsync"/>) and how many are within the indicator's threshold (delay ≤ threshold), in one grouped
    /// query. Only the indicators given are counted; a month without sample has no row.
    /// </summary>
    public static async Task<List<MonthlyCount>> MonthlyCountsAsOfAsync(IQuerySession session, string siteId, DateOnly from, DateOnly to,
        DateTimeOffset asOf, IReadOnlyDictionary<string, decimal> thresholds, IReadOnlyList<string>? methods, CancellationToken ct)
    {
        await using var command = AsOf($"""
            select s.indicator, date_trunc('month', s.sample_date::timestamp)::date as month, count(*)::int as n,
                   (count(*) filter (where s.delay <= t.threshold))::int as within_threshold
            from ({AsOfRows}) s
            join unnest(@indicators::text[], @thresholds::numeric[]) as t(indicator, threshold) on t.indicator = s.indicator
            where s.site_id = @site and s.sample_date between @from and @to and s.voided_at is null
              and (@methods::text[] is null or s.method = any(@methods))
            group by s.indicator, month
            order by s.indicator, month
            """, siteId, from, to, asOf).WithMethods(methods);
        command.Parameters.AddWithValue("indicators", NpgsqlDbType.Array | NpgsqlDbType.Text, thresholds.Keys.ToArray());
        command.Parameters.AddWithValue("thresholds", NpgsqlDbType.Array | NpgsqlDbType.Numeric, thresholds.Values.ToArray());
        var counts = new List<MonthlyCount>();
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        int indicator = reader.GetOrdinal("indicator"), month = reader.GetOrdinal("month"), n = reader.GetOrdinal("n"),
            within = reader.GetOrdinal("within_threshold");
        while (await reader.ReadAsync(ct))
            counts.Add(new MonthlyCount(reader.GetString(indicator), reader.GetFieldValue<DateOnly>(month), reader.GetInt32(n), reader.GetInt32(within)));
        return counts;
    }

    /// <summary>
    /// Every sample of the site as stored now (voided ones included, with their void), oldest first (by Paris date,
    /// start, id), filtered on the Paris dates of the starts; read row by row, for exports of any size.
    /// </summary>
    public static async IAsyncEnumerable<StoredSample> StreamAsync(IQuerySession session, string siteId, DateOnly? from, DateOnly? to,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = Filtered($"""
            select {RowColumns} from {Table}
            where site_id = @site and (@indicator::text is null or indicator = @indicator)
              and (@from::date is null or sample_date >= @from) and (@to::date is null or sample_date <= @to)
            order by sample_date, start_at, sample_id
            """, siteId, new SampleFilter(null, from, to));
        var exists = await session.QueryAsync<bool>($"select to_regclass('{Table}') is not null", ct);
        if (!exists.Single()) yield break;
        await using var reader = await session.ExecuteReaderAsync(command, ct);
        var row = new RowReader(reader);
        while (await reader.ReadAsync(ct)) yield return row.Read();
    }

    private static NpgsqlCommand Filtered(string sql, string siteId, SampleFilter filter)
    {
        var command = new NpgsqlCommand(sql);
        command.Parameters.AddWithValue("site", NpgsqlDbType.Text, siteId);
        command.Parameters.AddWithValue("indicator", NpgsqlDbType.Text, (object?)filter.Indicator ?? DBNull.Value);
        command.Parameters.AddWithValue("from", NpgsqlDbType.Date, (object?)filter.From ?? DBNull.Value);
        command.Parameters.AddWithValue("to", NpgsqlDbType.Date, (object?)filter.To ?? DBNull.Value);
        return command;
    }

    /// <summary><see cref="Filtered"/> and the samples page's own filters.</summary>
    private static NpgsqlCommand PageFiltered(string sql, string siteId, SampleFilter filter)
    {
        var command = Filtered(sql, siteId, filter);
        command.Parameters.AddWithValue("method", NpgsqlDbType.Text, (object?)filter.Method ?? DBNull.Value);
        command.Parameters.AddWithValue("voided", NpgsqlDbType.Boolean, (object?)filter.Voided ?? DBNull.Value);
        command.Parameters.AddWithValue("within", NpgsqlDbType.Boolean, (object?)filter.WithinThreshold ?? DBNull.Value);
        command.Parameters.AddWithValue("id_part", NpgsqlDbType.Text, (object?)filter.IdContains ?? DBNull.Value);
        var thresholds = filter.Thresholds ?? new Dictionary<string, decimal>();
        command.Parameters.AddWithValue("codes", NpgsqlDbType.Array | NpgsqlDbType.Text, thresholds.Keys.ToArray());
        command.Parameters.AddWithValue("thresholds", NpgsqlDbType.Array | NpgsqlDbType.Numeric, thresholds.Keys.Select(k => thresholds[k]).ToArray());
        return command;
    }

    private static NpgsqlCommand AsOf(string sql, string? siteId, DateOnly from, DateOnly to, DateTimeOffset asOf)
    {
        var command = new NpgsqlCommand(sql);
        command.Parameters.AddWithValue("site", NpgsqlDbType.Text, (object?)siteId ?? DBNull.Value);
        command.Parameters.AddWithValue("from", NpgsqlDbType.Date, from);
        command.Parameters.AddWithValue("to", NpgsqlDbType.Date, to);
        command.Parameters.AddWithValue("as_of", NpgsqlDbType.TimestampTz, asOf.ToUniversalTime());
        return command;
    }

    /// <summary>The methods that count (<c>@methods</c>; null: all).</summary>
    private static NpgsqlCommand WithMethods(this NpgsqlCommand command, IReadOnlyList<string>? methods)
    {
        command.Parameters.AddWithValue("methods", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)methods?.ToArray() ?? DBNull.Value);
        return command;
    }

    /// <summary>Runs a command that selects <see cref="RowColumns"/> (and perhaps more, which <paramref name="more"/> reads).</summary>
    private static async Task<List<StoredSample>> RowsAsync(IQuerySession session, NpgsqlCommand command, CancellationToken ct,
        Action<DbDataReader>? more = null)
    {
        await using (command)
        {
            var rows = new List<StoredSample>();
            await using var reader = await session.ExecuteReaderAsync(command, ct);
            var row = new RowReader(reader);
            while (await reader.ReadAsync(ct))
            {
                rows.Add(row.Read());
                more?.Invoke(reader);
            }
            return rows;
        }
    }

    /// <summary>The columns of a <see cref="StoredSample"/>, found by name once per query.</summary>
    private sealed class RowReader(DbDataReader r)
    {
        private readonly int _id = r.GetOrdinal("sample_id"), _indicator = r.GetOrdinal("indicator"), _start = r.GetOrdinal("start_at"),
            _end = r.GetOrdinal("end_at"), _date = r.GetOrdinal("sample_date"), _delay = r.GetOrdinal("delay"), _unit = r.GetOrdinal("unit"),
            _method = r.GetOrdinal("method"), _comment = r.GetOrdinal("comment"), _recordedAt = r.GetOrdinal("recorded_at"),
            _recordedBy = r.GetOrdinal("recorded_by"), _voidedAt = r.GetOrdinal("voided_at"), _voidReason = r.GetOrdinal("void_reason"),
            _voidedBy = r.GetOrdinal("voided_by"), _stream = r.GetOrdinal("batch_stream");

        public StoredSample Read() => new(r.GetString(_id), r.GetString(_indicator), Instant(_start), Instant(_end),
            r.GetFieldValue<DateOnly>(_date), r.GetDecimal(_delay), r.GetString(_unit), r.GetString(_method), Text(_comment),
            Instant(_recordedAt), r.GetString(_recordedBy), r.IsDBNull(_voidedAt) ? null : Instant(_voidedAt), Text(_voidReason),
            Text(_voidedBy), r.GetString(_stream));

        private DateTimeOffset Instant(int i) => r.GetFieldValue<DateTimeOffset>(i);

        private string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
    }
}
