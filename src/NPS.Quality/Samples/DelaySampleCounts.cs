using Marten;
using Npgsql;
using NpgsqlTypes;
using NPS.Quality.Referentials;

namespace NPS.Quality.Samples;

/// <summary>
/// The monthly counts behind the network views (issue 17): per site, indicator, month and threshold, how many samples count
/// now (not voided) and how many of them are within that threshold, for every threshold a published referential gives the
/// indicator (the thresholds registered in <c>nps.delay_sample_thresholds</c>). A month of 800 sites is then ~8,000 rows
/// instead of 160,000 samples.
/// <para>
/// <see cref="DelaySamplesProjection"/> keeps them in the statement (or the transaction) that writes or voids the rows, so a
/// read right after a write sees it. <c>nps.delay_sample_sites</c> holds, per site, the last instant a sample was recorded or
/// voided: the counts are the site's state as of any instant from then on, and <see cref="CountsAsync"/> answers only then
/// (and for whole months, every method): otherwise the caller reads <see cref="DelaySampleReads"/>, the rule of record.
/// </para>
/// </summary>
public static class DelaySampleCounts
{
    public const string CountsTable = "nps.delay_sample_counts";
    public const string SitesTable = "nps.delay_sample_sites";
    public const string ThresholdsTable = "nps.delay_sample_thresholds";

    /// <summary>The advisory lock key under which the tables are created (any constant of this service's own).</summary>
    private const long SchemaLock = 0x4E5053_17_0001;

    /// <summary>Created if missing by <see cref="EnsureThresholdsAsync"/> (at start-up), before any write can use them.</summary>
    private const string Schema = $"""
        create table if not exists {ThresholdsTable} (indicator text not null, threshold numeric not null, primary key (indicator, threshold));
        create table if not exists {CountsTable} (site_id text not null, month date not null, indicator text not null, threshold numeric not null,
            n int not null, within int not null, primary key (month, site_id, indicator, threshold) include (n, within));
        create table if not exists {SitesTable} (site_id text primary key, changed_at timestamptz not null);
        """;

    /// <summary>
    /// Adds to the counts the rows of <paramref name="source"/> (site_id, indicator, sample_date, delay, n: n = 1 for a row
    /// recorded, −1 for a row voided, or a count), once per threshold of <paramref name="thresholds"/> (indicator, threshold), aliased t.
    /// Rows are locked in key order, so that two writes of one site never wait for each other in a cycle.
    /// </summary>
    private static string Add(string source, string thresholds = $"{ThresholdsTable} t") => $"""
        insert into {CountsTable} as c (site_id, month, indicator, threshold, n, within)
        select r.site_id, date_trunc('month', r.sample_date)::date, r.indicator, t.threshold, sum(r.n)::int,
               coalesce(sum(r.n) filter (where r.delay <= t.threshold), 0)::int
        from {source} r join {thresholds} on t.indicator = r.indicator
        group by 1, 2, 3, 4
        order by 2, 1, 3, 4
        on conflict (month, site_id, indicator, threshold) do update set n = c.n + excluded.n, within = c.within + excluded.within
        """;

    /// <summary>Moves each site's last change forward to the latest <c>at</c> of <paramref name="source"/> (site_id, at).</summary>
    private static string Stamp(string source) => $"""
        insert into {SitesTable} as s (site_id, changed_at)
        select st.site_id, max(st.at) from {source} st group by st.site_id order by 1
        on conflict (site_id) do update set changed_at = greatest(s.changed_at, excluded.changed_at)
        """;

    /// <summary>
    /// The statement that writes rows and keeps the counts: <paramref name="write"/> must return (site_id, indicator,
    /// sample_date, delay, n, at) — an insert's or a void's <c>returning</c> clause.
    /// </summary>
    public static string Keeping(string write) => $"""
        with w as ({write}),
        counted as ({Add("w")})
        {Stamp("w")}
        """;

    /// <summary>
    /// After a binary COPY of these rows (which no statement returns): the same counts and stamp, from the rows grouped here
    /// by site, indicator, month and delay (a few hundred groups for 100,000 samples).
    /// </summary>
    public static async Task AddCopiedAsync(NpgsqlConnection connection, IEnumerable<(string Site, DateTimeOffset RecordedAt, RecordedSample Sample)> rows,
        CancellationToken ct)
    {
        var groups = new Dictionary<(string Site, string Indicator, DateOnly Month, decimal Delay), (int N, DateTimeOffset At)>();
        foreach (var (site, at, s) in rows)
        {
            var key = (site, s.Indicator, new DateOnly(s.SampleDate.Year, s.SampleDate.Month, 1), s.Delay);
            groups[key] = groups.TryGetValue(key, out var g) ? (g.N + 1, g.At > at ? g.At : at) : (1, at);
        }
        if (groups.Count == 0) return;
        await using var command = new NpgsqlCommand(Keeping("""
            select * from unnest(@sites::text[], @indicators::text[], @months::date[], @delays::numeric[], @ns::int[], @ats::timestamptz[])
                as r(site_id, indicator, sample_date, delay, n, at)
            """), connection);
        command.Parameters.AddWithValue("sites", NpgsqlDbType.Array | NpgsqlDbType.Text, groups.Keys.Select(k => k.Site).ToArray());
        command.Parameters.AddWithValue("indicators", NpgsqlDbType.Array | NpgsqlDbType.Text, groups.Keys.Select(k => k.Indicator).ToArray());
        command.Parameters.AddWithValue("months", NpgsqlDbType.Array | NpgsqlDbType.Date, groups.Keys.Select(k => k.Month).ToArray());
        command.Parameters.AddWithValue("delays", NpgsqlDbType.Array | NpgsqlDbType.Numeric, groups.Keys.Select(k => k.Delay).ToArray());
        command.Parameters.AddWithValue("ns", NpgsqlDbType.Array | NpgsqlDbType.Integer, groups.Values.Select(v => v.N).ToArray());
        command.Parameters.AddWithValue("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz, groups.Values.Select(v => v.At.ToUniversalTime()).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Registers the thresholds of these referentials and counts the samples already stored against each new one, so that the
    /// counts hold every threshold a site may follow. Idempotent and cheap when nothing is new (start-up runs it each time).
    /// Registering locks the samples table against writes (share mode) until it commits: a write in flight finishes first and
    /// is counted by the backfill; a later write sees the new threshold. Two registrations run one after the other.
    /// </summary>
    public static async Task EnsureThresholdsAsync(IDocumentStore store, IEnumerable<ReferentialDefinition> referentials, CancellationToken ct)
    {
        var pairs = referentials.SelectMany(r => r.Engagements.SelectMany(e => e.Indicators)).Select(i => (i.Code, i.Threshold)).Distinct().ToList();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // Concurrent "create table if not exists" can still collide in PostgreSQL's catalog (the first start publishes several
        // versions at once): one creator at a time, under a transaction-scoped advisory lock.
        await using (var creating = await connection.BeginTransactionAsync(ct))
        {
            await using (var schema = new NpgsqlCommand($"select pg_advisory_xact_lock({SchemaLock}); {Schema}", connection))
                await schema.ExecuteNonQueryAsync(ct);
            await creating.CommitAsync(ct);
        }
        if ((await MissingAsync(connection, pairs, ct)).Count == 0) return;

        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var lockRegistry = new NpgsqlCommand($"lock table {ThresholdsTable} in exclusive mode", connection)) await lockRegistry.ExecuteNonQueryAsync(ct);
        var missing = await MissingAsync(connection, pairs, ct);
        if (missing.Count > 0)
        {
            bool samples;
            await using (var exists = new NpgsqlCommand($"select to_regclass('{DelaySamplesProjection.TableName}') is not null", connection))
                samples = (bool)(await exists.ExecuteScalarAsync(ct))!;
            await using var register = new NpgsqlCommand(samples
                ? $"""
                  lock table {DelaySamplesProjection.TableName} in share mode;
                  insert into {ThresholdsTable} (indicator, threshold) select * from unnest(@indicators::text[], @thresholds::numeric[]) on conflict do nothing;
                  {Add($"(select site_id, indicator, sample_date, delay, count(*) as n from {DelaySamplesProjection.TableName} where voided_at is null and indicator = any(@indicators) group by 1, 2, 3, 4)",
                      "unnest(@indicators::text[], @thresholds::numeric[]) as t(indicator, threshold)")};
                  {Stamp($"(select site_id, greatest(max(recorded_at), max(voided_at)) as at from {DelaySamplesProjection.TableName} group by site_id)")};
                  """
                : $"insert into {ThresholdsTable} (indicator, threshold) select * from unnest(@indicators::text[], @thresholds::numeric[]) on conflict do nothing",
                connection);
            register.Parameters.AddWithValue("indicators", NpgsqlDbType.Array | NpgsqlDbType.Text, missing.Select(p => p.Indicator).ToArray());
            register.Parameters.AddWithValue("thresholds", NpgsqlDbType.Array | NpgsqlDbType.Numeric, missing.Select(p => p.Threshold).ToArray());
            register.CommandTimeout = 0; // a backfill of millions of samples, once per new threshold
            await register.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
    }

    private static NpgsqlCommand MissingCommand(IReadOnlyList<(string Indicator, decimal Threshold)> pairs, NpgsqlConnection? connection = null)
    {
        var command = new NpgsqlCommand($"""
            select p.indicator, p.threshold from unnest(@indicators::text[], @thresholds::numeric[]) as p(indicator, threshold)
            where not exists (select 1 from {ThresholdsTable} t where t.indicator = p.indicator and t.threshold = p.threshold)
            """, connection);
        command.Parameters.AddWithValue("indicators", NpgsqlDbType.Array | NpgsqlDbType.Text, pairs.Select(p => p.Indicator).ToArray());
        command.Parameters.AddWithValue("thresholds", NpgsqlDbType.Array | NpgsqlDbType.Numeric, pairs.Select(p => p.Threshold).ToArray());
        return command;
    }

    private static async Task<List<(string Indicator, decimal Threshold)>> MissingAsync(NpgsqlConnection connection,
        IReadOnlyList<(string Indicator, decimal Threshold)> pairs, CancellationToken ct)
    {
        await using var command = MissingCommand(pairs, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await ReadPairsAsync(reader, ct);
    }

    private static async Task<List<(string Indicator, decimal Threshold)>> ReadPairsAsync(System.Data.Common.DbDataReader reader, CancellationToken ct)
    {
        var pairs = new List<(string, decimal)>();
        while (await reader.ReadAsync(ct)) pairs.Add((reader.GetString(0), reader.GetDecimal(1)));
        return pairs;
    }

    /// <summary>Whether the period is whole calendar months, the grain of the counts.</summary>
    public static bool WholeMonths(DateOnly from, DateOnly to) => from.Day == 1 && to.AddDays(1).Day == 1 && from <= to;

    /// <summary>
    /// What <see cref="DelaySampleReads.CountsAsOfAsync"/> answers, from the monthly counts where they can say it and from
    /// the samples elsewhere: the counts answer for a period of whole months, every method, every threshold asked
    /// registered, and only for the sites with no sample recorded or voided after <paramref name="asOf"/>.
    /// </summary>
    public static async Task<Dictionary<(string Site, string Indicator), (int N, int WithinThreshold)>> ReadAsync(IQuerySession session,
        IReadOnlyList<(string Site, string Indicator, decimal Threshold)> thresholds, DateOnly from, DateOnly to, DateTimeOffset asOf,
        IReadOnlyList<string>? methods, CancellationToken ct)
    {
        if (await CountsAsync(session, thresholds, from, to, asOf, methods, ct) is not { } counted)
            return await DelaySampleReads.CountsAsOfAsync(session, thresholds, from, to, asOf, methods, ct);
        if (counted.Unanswered.Count == 0) return counted.Counts;
        var unanswered = counted.Unanswered.ToHashSet(StringComparer.Ordinal);
        var read = await DelaySampleReads.CountsAsOfAsync(session, thresholds.Where(t => unanswered.Contains(t.Site)).ToList(), from, to, asOf, methods, ct);
        foreach (var (key, value) in read) counted.Counts[key] = value;
        return counted.Counts;
    }

    /// <summary>
    /// The monthly counts' answer, and the sites they cannot answer for (a sample recorded or voided after
    /// <paramref name="asOf"/>: those sites' counts are left out); null when they cannot answer at all (part of a month,
    /// some methods only, a threshold not registered).
    /// </summary>
    public static async Task<(Dictionary<(string Site, string Indicator), (int N, int WithinThreshold)> Counts, IReadOnlyList<string> Unanswered)?> CountsAsync(
        IQuerySession session, IReadOnlyList<(string Site, string Indicator, decimal Threshold)> thresholds, DateOnly from, DateOnly to, DateTimeOffset asOf,
        IReadOnlyList<string>? methods, CancellationToken ct)
    {
        if (methods is not null || !WholeMonths(from, to) || thresholds.Count == 0) return null;
        var pairs = thresholds.Select(t => (t.Indicator, t.Threshold)).Distinct().ToList();
        var sites = thresholds.Select(t => t.Site).Distinct().ToArray();
        var unanswered = new List<string>();
        try
        {
            // One round trip: the thresholds not registered, then the sites changed since asOf.
            await using var check = MissingCommand(pairs);
            check.CommandText += $"; select site_id from {SitesTable} where site_id = any(@sites) and changed_at > @as_of";
            check.Parameters.AddWithValue("sites", NpgsqlDbType.Array | NpgsqlDbType.Text, sites);
            check.Parameters.AddWithValue("as_of", NpgsqlDbType.TimestampTz, asOf.ToUniversalTime());
            await using var reader = await session.ExecuteReaderAsync(check, ct);
            if ((await ReadPairsAsync(reader, ct)).Count > 0) return null;
            await reader.NextResultAsync(ct);
            while (await reader.ReadAsync(ct)) unanswered.Add(reader.GetString(0));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // a store that never started this version: the samples are the answer
        }

        var answered = unanswered.Count == 0 ? sites : sites.Except(unanswered, StringComparer.Ordinal).ToArray();
        var counts = new Dictionary<(string, string), (int, int)>();
        if (answered.Length == 0) return (counts, unanswered);
        var wanted = new Dictionary<(string, string), decimal>();
        foreach (var t in thresholds) wanted.TryAdd((t.Site, t.Indicator), t.Threshold);
        await using var command = new NpgsqlCommand($"""
            select site_id, indicator, threshold, sum(n)::int as n, sum(within)::int as within_threshold
            from {CountsTable}
            where site_id = any(@sites) and month between @from and @to
            group by site_id, indicator, threshold
            having sum(n) > 0
            """);
        command.Parameters.AddWithValue("sites", NpgsqlDbType.Array | NpgsqlDbType.Text, answered);
        command.Parameters.AddWithValue("from", NpgsqlDbType.Date, from);
        command.Parameters.AddWithValue("to", NpgsqlDbType.Date, to);
        await using (var reader = await session.ExecuteReaderAsync(command, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var key = (reader.GetString(0), reader.GetString(1));
                if (wanted.TryGetValue(key, out var own) && own == reader.GetDecimal(2)) counts[key] = (reader.GetInt32(3), reader.GetInt32(4));
            }
        }
        return (counts, unanswered);
    }
}
