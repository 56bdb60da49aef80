// The network data set of issue 17 and every figure measured on it, against its goal:
//   800 sites, three years, ~200 samples per site and month (≈ 5.8 M samples), a yearly audit per site with findings and actions;
//   group compliance of a month across the sites p99 ≤ 300 ms; a site-year compliance p99 ≤ 100 ms; the site page's server
//   time ≤ 100 ms; the overview of the sites ≤ 200 ms; an import of 100,000 rows at ≥ 50 % of a raw binary COPY of the same
//   rows measured in the same run; a dossier accepted by a node killed with SIGKILL rendered by the other node ≤ 10 s.
// Run: ./build/bench.sh --network [--sites=800] [--months=36] [--per-month=200] [--skip-failover] [--import-only]
//      (or ./build.sh --target=Bench); develop with --sites=20.
// Seeding goes through the real shapes, in bulk: sites registered and audits run through the HTTP API (the commands);
// samples checked into RecordedSample (the same derived fields) and written by SampleWriting.AppendAsync — the events of
// the real write path and its binary COPY of the rows — one site per transaction, not 5.8 M HTTP calls.
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Alba;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using NPS.Quality.Referentials;
using NPS.Quality.Samples;

namespace NPS.Quality.Benchmarks;

public static partial class NetworkBench
{
    private static readonly List<string> Report = [];

    private static void Figure(string what, string measured, string goal, bool? met)
    {
        var line = $"  {what,-58} {measured,-40} goal {goal,-22} {(met is null ? "" : met.Value ? "MET" : "NOT MET")}";
        Report.Add(line);
        Console.WriteLine(line);
    }

    private static int Arg(string[] args, string name, int fallback)
        => args.FirstOrDefault(a => a.StartsWith($"--{name}=", StringComparison.Ordinal)) is { } a && int.TryParse(a[(name.Length + 3)..], out var v) ? v : fallback;

    private static double P(List<double> sorted, double q) => sorted[Math.Max(0, (int)Math.Ceiling(q * sorted.Count) - 1)];

    public static async Task RunAsync(IAlbaHost host, string adminToken, string[] args)
    {
        var siteCount = Arg(args, "sites", 800);
        var months = Arg(args, "months", 36);
        var perMonth = Arg(args, "per-month", 200);
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!;
        Console.WriteLine($"Network data set: {siteCount} sites, {months} months from 2017-01, ~{perMonth} samples per site and month " +
            $"(≈ {(long)siteCount * months * perMonth:N0} samples); machine: {Environment.ProcessorCount} cores, load {Load()}");

        if (!args.Contains("--skip-failover")) await FailoverAsync(connection);
        if (args.Contains("--failover-only")) return;

        var store = host.Services.GetRequiredService<IDocumentStore>();
        var catalog = host.Services.GetRequiredService<ReferentialCatalog>();
        async Task<IScenarioResult> Api(string token, Action<Scenario> scenario, int status)
            => await host.Scenario(s => { s.WithRequestHeader("Authorization", $"Bearer {token}"); scenario(s); s.StatusCodeShouldBe(status); });
        async Task<string> Token(string role, string? site)
        {
            var result = await Api(adminToken, s => s.Post.Json(new { name = $"bench-{role}-{Guid.NewGuid():N}", role, siteId = site }).ToUrl("/api/users"), 201);
            return JsonDocument.Parse(result.ReadAsText()).RootElement.GetProperty("token").GetString()!;
        }

        var watch = Stopwatch.StartNew();
        var sites = Enumerable.Range(1, siteCount).Select(i => $"site-{i:000}").ToList();
        // A data set kept by an earlier run (build/bench.sh --keep-data=DIR) is measured as it is.
        var seededAt = await SeededAtAsync(connection, siteCount, months, perMonth);
        if (seededAt is null)
        {
            seededAt = await SeedAsync();
            await using var db = new NpgsqlConnection(connection);
            await db.OpenAsync();
            await using var mark = new NpgsqlCommand("""
                create table nps.bench_seeded (sites int, months int, per_month int, seeded_at text);
                insert into nps.bench_seeded values (@sites, @months, @per_month, @at)
                """, db);
            mark.Parameters.AddWithValue("sites", siteCount);
            mark.Parameters.AddWithValue("months", months);
            mark.Parameters.AddWithValue("per_month", perMonth);
            mark.Parameters.AddWithValue("at", seededAt);
            await mark.ExecuteNonQueryAsync();
        }
        else Console.WriteLine($"  the data set seeded at {seededAt} is there: measuring it as it is");

        async Task<string> SeedAsync()
        {
            // 1. Sites, through the API.
            await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (site, _) =>
                await Api(adminToken, s => s.Post.Json(new
                {
                    siteId = site, name = $"Site {site}", arrondissements = new[] { "11e" },
                    referential = "qualiparis-services-sociaux", version = "2018.1",
                }).ToUrl("/api/sites"), 201));
            Console.WriteLine($"  seeded {siteCount} sites in {watch.Elapsed.TotalSeconds:N1} s");

            // 2. Samples, one site per transaction, on the real write path (events + binary COPY of the rows).
            watch.Restart();
            var referential = (await catalog.FindAsync(store.QuerySession(), "qualiparis-services-sociaux", "2018.1", default))!;
            var indicators = referential.Engagements.SelectMany(e => e.Indicators).ToList();
            long seeded = 0;
            await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (site, ct) =>
            {
                var samples = SamplesOf(site, indicators, months, perMonth);
                await using var session = store.LightweightSession();
                await SampleWriting.AppendAsync(session, site, samples, DateTimeOffset.UtcNow, "bench-seed", ct);
                await session.SaveChangesAsync(ct);
                var done = Interlocked.Add(ref seeded, samples.Count);
                if (done / 500_000 != (done - samples.Count) / 500_000)
                    Console.WriteLine($"    {done:N0} samples after {watch.Elapsed.TotalSeconds:N0} s");
            });
            Console.WriteLine($"  seeded {seeded:N0} samples in {watch.Elapsed.TotalSeconds:N1} s ({seeded / watch.Elapsed.TotalSeconds:N0} samples/s)");

            // 3. A yearly audit per site, through the API: planned, started, a minor NC with its corrective action, an
            //    observation, concluded.
            watch.Restart();
            var auditor = await Token("auditor", null);
            var years = Enumerable.Range(0, (months + 11) / 12).Select(y => 2017 + y).ToList();
            await Parallel.ForEachAsync(sites, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (site, _) =>
            {
                foreach (var year in years)
                {
                    var planned = await Api(auditor, s => s.Post.Json(new
                    {
                        kind = "internal", type = year == 2017 ? "initial" : "surveillance", plannedOn = $"{year}-06-15",
                        auditors = new[] { "Anne Martin" }, scope = "accueil et rendez-vous",
                    }).ToUrl($"/api/sites/{site}/audits"), 201);
                    var id = JsonDocument.Parse(planned.ReadAsText()).RootElement.GetProperty("id").GetString()!;
                    var version = 1;
                    await Api(auditor, s => s.Post.Json(new { expectedVersion = version }).ToUrl($"/api/audits/{id}/start"), 200);
                    version++;
                    var finding = await Api(auditor, s => s.Post.Json(new
                    {
                        category = "NC_MINEURE", engagement = "ACC-01", statement = "Temps d'attente non affiché à l'accueil",
                        evidence = new { text = $"observation du 15/06/{year}", sampleIds = Array.Empty<string>() }, expectedVersion = version,
                    }).ToUrl($"/api/audits/{id}/findings"), 201);
                    version++;
                    var findingId = JsonDocument.Parse(finding.ReadAsText()).RootElement.GetProperty("id").GetString()!;
                    await Api(auditor, s => s.Post.Json(new
                    {
                        category = "PS", engagement = "TEL-01", statement = "Décroché rapide", evidence = new { text = "écoute", sampleIds = Array.Empty<string>() },
                        expectedVersion = version,
                    }).ToUrl($"/api/audits/{id}/findings"), 201);
                    version++;
                    await Api(auditor, s => s.Post.Json(new
                    {
                        description = "Afficher le temps d'attente", owner = "responsable de l'accueil", dueOn = $"{year}-09-30", expectedVersion = version,
                    }).ToUrl($"/api/audits/{id}/findings/{findingId}/actions"), 201);
                    version++;
                    await Api(auditor, s => s.Post.Json(new { conclusion = "favorable_with_reservations", statement = "Synthèse", expectedVersion = version })
                        .ToUrl($"/api/audits/{id}/conclude"), 200);
                }
            });
            Console.WriteLine($"  seeded {siteCount * years.Count:N0} audits in {watch.Elapsed.TotalSeconds:N1} s");
            // Everything was recorded just now: "as of a past instant" is an instant after the seeding (the imports below come later).
            var at = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

            // What autovacuum does on its own after a bulk load (visibility map for index-only scans, statistics).
            watch.Restart();
            await using (var db = new NpgsqlConnection(connection))
            {
                await db.OpenAsync();
                await using var vacuum = new NpgsqlCommand("vacuum (analyze) nps.delay_samples", db) { CommandTimeout = 0 };
                await vacuum.ExecuteNonQueryAsync();
                await using var size = new NpgsqlCommand(
                    "select pg_size_pretty(pg_table_size('nps.delay_samples')), pg_size_pretty(pg_indexes_size('nps.delay_samples'))", db);
                await using var r = await size.ExecuteReaderAsync();
                await r.ReadAsync();
                Console.WriteLine($"  vacuum analyze {watch.Elapsed.TotalSeconds:N1} s; nps.delay_samples: table {r.GetString(0)}, indexes {r.GetString(1)}");
            }
            return at;
        }

        Console.WriteLine();
        Console.WriteLine($"Figures (load {Load()}):");
        var admin = adminToken;
        var lastYear = 2017 + (months - 1) / 12;
        var random = new Random(17);

        // --import-only: the import figure alone (the pages take most of a run).
        if (!args.Contains("--import-only"))
        {
            // Group compliance of one month across every site (auditors and administrators).
            var group = await Timed(40, 5, async _ => await Api(admin, s => s.Get.Url($"/api/compliance?from={lastYear}-06-01&to={lastYear}-06-30"), 200));
            Figure($"group compliance, a month across {siteCount} sites", $"p50 {P(group, 0.5):N0} ms, p99 {P(group, 0.99):N0} ms", "p99 ≤ 300 ms", P(group, 0.99) <= 300);
            var groupAsOf = await Timed(20, 2, async _ => await Api(admin, s => s.Get.Url($"/api/compliance?from={lastYear}-06-01&to={lastYear}-06-30&asOf={seededAt}"), 200));
            Figure("  the same, as of the end of the seeding (asOf)", $"p50 {P(groupAsOf, 0.5):N0} ms, p99 {P(groupAsOf, 0.99):N0} ms", "p99 ≤ 300 ms", P(groupAsOf, 0.99) <= 300);

            // A site's year.
            var siteYear = await Timed(200, 10, async _ =>
                await Api(admin, s => s.Get.Url($"/api/sites/{sites[random.Next(sites.Count)]}/compliance?from={lastYear}-01-01&to={lastYear}-12-31"), 200));
            Figure($"site-year compliance (~{12 * perMonth:N0} samples)", $"p50 {P(siteYear, 0.5):N0} ms, p99 {P(siteYear, 0.99):N0} ms", "p99 ≤ 100 ms", P(siteYear, 0.99) <= 100);

            // Pages, signed in as a person does (cookie session); Alba runs in-process, so this is the server's time.
            var cookies = await SignInAsync(host, admin);
            async Task Page(string url) => await host.Scenario(s => { s.Get.Url(url); s.WithRequestHeader("Cookie", cookies); s.StatusCodeShouldBe(200); });
            var sitePage = await Timed(60, 5, async _ => await Page($"/sites/{sites[random.Next(sites.Count)]}"));
            Figure("site page, server time", $"p50 {P(sitePage, 0.5):N0} ms, p99 {P(sitePage, 0.99):N0} ms", "≤ 100 ms", P(sitePage, 0.99) <= 100);
            // A month of the data set (the overview otherwise opens on the last complete month, which it does not hold).
            var overviewUrl = $"/?mois={lastYear}-06&page=1";
            var overview = await Timed(40, 3, async _ => await Page(overviewUrl));
            var bytes = (await host.Scenario(s => { s.Get.Url(overviewUrl); s.WithRequestHeader("Cookie", cookies); })).ReadAsText().Length;
            Figure($"overview of {siteCount} sites ({overviewUrl}, {bytes / 1024:N0} KB)", $"p50 {P(overview, 0.5):N0} ms, p99 {P(overview, 0.99):N0} ms", "≤ 200 ms", P(overview, 0.99) <= 200);
        }

        // Import of 100,000 rows over HTTP against a raw binary COPY of the same rows, in this run, on this data set.
        // Into a new site of this run: the measured sites keep the data set's shape from one run to the next, and the
        // imports meet a site of an ordinary size, not the rows of every earlier run (--keep-data).
        var importSite = $"bench-import-{DateTime.UtcNow:yyyyMMddHHmmss}";
        await Api(admin, s => s.Post.Json(new
        {
            siteId = importSite, name = "Site des imports du banc", arrondissements = new[] { "11e" },
            referential = "qualiparis-services-sociaux", version = "2018.1",
        }).ToUrl("/api/sites"), 201);
        var lead = await Token("quality_lead", importSite);
        var imports = new List<double>();
        var copies = new List<double>();
        // A first import warms the path up (tiered JIT: the first 100,000-row import of a process runs largely unoptimised
        // code and takes about twice as long); the five after it are measured, each beside its own raw COPY.
        for (var round = -1; round < 5; round++)
        {
            var prefix = $"N{round + 1}{Guid.NewGuid():N}"[..12];
            var body = Csv(prefix, 100_000);
            var w = Stopwatch.StartNew();
            await host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", $"Bearer {lead}");
                s.Post.Url($"/api/sites/{importSite}/samples/import");
                s.ConfigureHttpContext(c => { c.Request.ContentType = "text/csv"; c.Request.ContentLength = body.Length; c.Request.Body = new MemoryStream(body); });
                s.StatusCodeShouldBe(200);
            });
            var took = w.Elapsed.TotalMilliseconds;
            var copy = await RawCopyAsync(connection, $"R{prefix}", 100_000);
            if (round < 0) continue;
            imports.Add(took);
            copies.Add(copy);
        }
        // Each pair ran under the same conditions (autovacuum, other work on the machine): shown as well.
        var pairs = imports.Zip(copies, (i, c) => c / i).ToList();
        imports.Sort(); copies.Sort();
        var ratio = copies[2] / imports[2];
        Console.WriteLine($"  each import beside its raw COPY: {string.Join(", ", pairs.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))}");
        Figure("import of 100,000 CSV rows over HTTP (median of 5, after one)", $"{imports[2]:N0} ms (all: {string.Join(", ", imports.Select(x => x.ToString("N0", CultureInfo.InvariantCulture)))})", "", null);
        Figure("raw binary COPY of the same rows, same indexes (median)", $"{copies[2]:N0} ms", "", null);
        Figure("import rate / raw COPY rate", $"{ratio:P0}", "≥ 50 %", ratio >= 0.5);

        Console.WriteLine();
        Console.WriteLine("Summary:");
        foreach (var line in Report) Console.WriteLine(line);
    }

    /// <summary>When a data set of this shape was seeded in this database, or null.</summary>
    private static async Task<string?> SeededAtAsync(string connection, int sites, int months, int perMonth)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var find = new NpgsqlCommand("select to_regclass('nps.bench_seeded') is not null", db);
        if (!(bool)(await find.ExecuteScalarAsync())!) return null;
        await using var read = new NpgsqlCommand(
            "select seeded_at from nps.bench_seeded where sites = @sites and months = @months and per_month = @per_month", db);
        read.Parameters.AddWithValue("sites", sites);
        read.Parameters.AddWithValue("months", months);
        read.Parameters.AddWithValue("per_month", perMonth);
        return await read.ExecuteScalarAsync() as string
            ?? throw new InvalidOperationException("another data set is kept in this cluster: give another --keep-data directory");
    }

    private static async Task<List<double>> Timed(int count, int warmUp, Func<int, Task> request)
    {
        var timings = new List<double>();
        for (var i = 0; i < count + warmUp; i++)
        {
            var watch = Stopwatch.StartNew();
            await request(i);
            if (i >= warmUp) timings.Add(watch.Elapsed.TotalMilliseconds);
        }
        timings.Sort();
        return timings;
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>A site's samples: every month, ~perMonth samples spread over the indicators, delays around each threshold.</summary>
    private static List<RecordedSample> SamplesOf(string site, IReadOnlyList<Indicator> indicators, int months, int perMonth)
    {
        var random = new Random(site.GetHashCode());
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        var samples = new List<RecordedSample>(months * perMonth);
        var i = 0;
        for (var m = 0; m < months; m++)
        {
            var month = new DateOnly(2017, 1, 1).AddMonths(m);
            var n = perMonth - 20 + random.Next(41);
            for (var k = 0; k < n; k++)
            {
                var indicator = indicators[k % indicators.Count];
                var day = month.AddDays(random.Next(DateTime.DaysInMonth(month.Year, month.Month)));
                var local = day.ToDateTime(new TimeOnly(9 + random.Next(8), random.Next(60)));
                var start = new DateTimeOffset(local, paris.GetUtcOffset(local));
                var threshold = (double)indicator.Threshold;
                var end = indicator.Unit switch
                {
                    DelayUnit.Minutes => start.AddMinutes(Math.Round(threshold * (0.3 + random.NextDouble()))),
                    DelayUnit.Seconds => start.AddSeconds(Math.Round(threshold * (0.3 + random.NextDouble()))),
                    _ => start.AddDays(Math.Round(threshold * (0.2 + random.NextDouble()))),
                };
                var delay = DelayCalculator.Delay(indicator.Unit, start, end);
                samples.Add(RecordedSample.Of($"{site}-{i++:000000}", indicator.Code, start, end, "auto_mesure", null, delay, indicator.Unit.Code()));
            }
        }
        return samples;
    }

    private static byte[] Csv(string prefix, int rows)
    {
        var csv = new StringBuilder("identifiant;indicateur;debut;fin;methode;commentaire\n", rows * 80);
        for (var i = 0; i < rows; i++)
        {
            var day = 1 + i % 28;
            var minutes = 5 + i % 25;
            csv.Append(prefix).Append(i).Append(";ACC-01-ATTENTE;")
               .Append(CultureInfo.InvariantCulture, $"{day:00}/11/2019 09:00;{day:00}/11/2019 09:{minutes:00};file_attente;\n");
        }
        return Encoding.UTF8.GetBytes(csv.ToString());
    }

    /// <summary>
    /// The yardstick: the same kind of rows (same columns, the date and hash computed as the import does) written by a raw
    /// binary COPY into a table shaped like <c>nps.delay_samples</c>, with the same indexes, in one transaction. Milliseconds.
    /// </summary>
    public static async Task<double> RawCopyAsync(string connection, string prefix, int rows)
    {
        var t0 = new DateTimeOffset(2019, 11, 4, 9, 0, 0, TimeSpan.FromHours(1));
        var samples = Enumerable.Range(0, rows).Select(i => RecordedSample.Of($"{prefix}{i}", "ACC-01-ATTENTE", t0.AddDays(i % 28),
            t0.AddDays(i % 28).AddMinutes(5 + i % 25), "file_attente", null, 5 + i % 25, "minutes")).ToList();
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using (var create = new NpgsqlCommand("create table if not exists nps.bench_raw_copy (like nps.delay_samples including all)", db))
            await create.ExecuteNonQueryAsync();
        var watch = Stopwatch.StartNew();
        await using var tx = await db.BeginTransactionAsync();
        await using (var copy = await db.BeginBinaryImportAsync("""
            copy nps.bench_raw_copy (site_id, sample_id, batch_stream, indicator, start_at, end_at, sample_date, delay, unit, method,
                comment, recorded_at, recorded_by, content_hash) from stdin (format binary)
            """))
        {
            var now = DateTimeOffset.UtcNow;
            foreach (var s in samples)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteAsync(s.SampleId, NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteAsync("samples:bench:raw", NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteAsync(s.Indicator, NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteAsync(s.Start.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(s.End.ToUniversalTime(), NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await copy.WriteAsync(s.SampleDate, NpgsqlTypes.NpgsqlDbType.Date);
                await copy.WriteAsync(s.Delay, NpgsqlTypes.NpgsqlDbType.Numeric);
                await copy.WriteAsync(s.Unit, NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteAsync(s.Method, NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteNullAsync();
                await copy.WriteAsync(now, NpgsqlTypes.NpgsqlDbType.TimestampTz);
                await copy.WriteAsync("bench", NpgsqlTypes.NpgsqlDbType.Text);
                await copy.WriteAsync(s.ContentHash, NpgsqlTypes.NpgsqlDbType.Text);
            }
            await copy.CompleteAsync();
        }
        await tx.CommitAsync();
        return watch.Elapsed.TotalMilliseconds;
    }

    [GeneratedRegex("name=\"__csrf\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex CsrfField();

    /// <summary>Signs in on /connexion with the token, as a person does; returns the session's cookies.</summary>
    private static async Task<string> SignInAsync(IAlbaHost host, string token)
    {
        var form = await host.Scenario(s => s.Get.Url("/connexion"));
        var jar = new Dictionary<string, string>();
        void Take(IScenarioResult r)
        {
            foreach (var set in r.Context.Response.Headers.SetCookie)
            {
                var pair = set!.Split(';')[0];
                jar[pair[..pair.IndexOf('=')]] = pair;
            }
        }
        Take(form);
        var csrf = CsrfField().Match(form.ReadAsText()).Groups[1].Value;
        var signedIn = await host.Scenario(s =>
        {
            s.Post.FormData(new Dictionary<string, string> { ["jeton"] = token, ["__csrf"] = csrf }).ToUrl("/connexion");
            s.WithRequestHeader("Cookie", string.Join("; ", jar.Values));
            s.StatusCodeShouldBe(302);
        });
        Take(signedIn);
        return string.Join("; ", jar.Values);
    }

    // ---- Two nodes: the dossier of a node killed with SIGKILL, rendered by the other one ----

    private const string FailoverToken = "npsq_bench-failover-admin-token";

    /// <summary>
    /// Two service processes (the Release build) on a database of their own; node A holds every rendering, accepts a
    /// dossier (202) and is killed; the time until node B reports it ready is the figure. Three rounds.
    /// </summary>
    private static async Task FailoverAsync(string server)
    {
        var dll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "NPS.Quality", "bin", "Release", "net10.0", "NPS.Quality.dll"));
        if (!File.Exists(dll))
        {
            Figure("dossier of a killed node, rendered by the other", $"not measured ({dll} missing)", "≤ 10 s", null);
            return;
        }
        var database = $"nps_failover_{Guid.NewGuid():N}"[..24];
        await using (var db = new NpgsqlConnection(server))
        {
            await db.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {database}", db);
            await create.ExecuteNonQueryAsync();
        }
        var connection = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 20 }.ConnectionString;
        var timings = new List<double>();
        var nodes = new List<Process>();
        try
        {
            var b = await StartNodeAsync(dll, connection, hold: false);
            nodes.Add(b.Process);
            for (var round = 0; round < 3; round++)
            {
                var a = await StartNodeAsync(dll, connection, hold: true);
                nodes.Add(a.Process);
                // A member of the cluster: registered in Wolverine's node table (its first heartbeat written). A node killed
                // before that is not seen as a node at all (see README, Several nodes).
                while (await RegisteredNodesAsync(connection) < 2) await Task.Delay(200);
                using var requested = await Authorized(a.Client, HttpMethod.Post, "/api/sites/paris-11/dossiers",
                    new { kind = "afnor", from = "2017-10-01", to = "2017-10-31" });
                if (requested.StatusCode != HttpStatusCode.Accepted) throw new InvalidOperationException(await requested.Content.ReadAsStringAsync());
                var id = JsonDocument.Parse(await requested.Content.ReadAsStringAsync()).RootElement.GetProperty("dossierId").GetString()!;
                a.Process.Kill(entireProcessTree: true);
                await a.Process.WaitForExitAsync();
                var watch = Stopwatch.StartNew();
                string status;
                do
                {
                    await Task.Delay(100);
                    using var answer = await Authorized(b.Client, HttpMethod.Get, $"/api/dossiers/{id}", null);
                    status = JsonDocument.Parse(await answer.Content.ReadAsStringAsync()).RootElement.GetProperty("status").GetString()!;
                } while (status == "pending" && watch.Elapsed < TimeSpan.FromMinutes(3));
                timings.Add(watch.Elapsed.TotalSeconds);
                Console.WriteLine($"  failover round {round + 1}: dossier {status} on node B {watch.Elapsed.TotalSeconds:N1} s after node A was killed");
            }
        }
        finally
        {
            foreach (var node in nodes.Where(n => !n.HasExited)) { node.Kill(entireProcessTree: true); await node.WaitForExitAsync(); }
            await using var db = new NpgsqlConnection(server);
            await db.OpenAsync();
            await using var drop = new NpgsqlCommand($"drop database if exists {database} with (force)", db);
            await drop.ExecuteNonQueryAsync();
        }
        timings.Sort();
        Figure("dossier of a killed node (SIGKILL after its 202) ready on the other", $"{string.Join(" s, ", timings.Select(t => t.ToString("N1", CultureInfo.InvariantCulture)))} s",
            "≤ 10 s", timings.Count > 0 && timings[^1] <= 10);
    }

    private static async Task<long> RegisteredNodesAsync(string connection)
    {
        await using var db = new NpgsqlConnection(connection);
        await db.OpenAsync();
        await using var schema = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'wolverine_nodes' limit 1", db);
        if (await schema.ExecuteScalarAsync() is not string name) return 0;
        await using var count = new NpgsqlCommand($"select count(*) from {name}.wolverine_nodes", db);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static async Task<HttpResponseMessage> Authorized(HttpClient client, HttpMethod method, string url, object? body)
    {
        using var request = new HttpRequestMessage(method, url) { Content = body is null ? null : System.Net.Http.Json.JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", FailoverToken);
        return await client.SendAsync(request);
    }

    private static async Task<(Process Process, HttpClient Client)> StartNodeAsync(string dll, string connection, bool hold)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        // From the project's folder, as ./build.sh --target=Run starts it (referentials and templates found from there).
        var project = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dll)!, "..", "..", ".."));
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ConnectionStrings__Marten"] = connection;
        start.Environment["NPS_QUALITY_BOOTSTRAP_TOKEN"] = FailoverToken;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        if (hold) start.Environment["Testing__HoldDossierRenderingSeconds"] = "600";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(2) };
        var giveUp = DateTime.UtcNow.AddMinutes(5);
        while (DateTime.UtcNow < giveUp && !process.HasExited)
        {
            try
            {
                using var answer = await Authorized(client, HttpMethod.Get, "/api/sites", null);
                if (answer.StatusCode == HttpStatusCode.OK && (await answer.Content.ReadAsStringAsync()).Contains("paris-18")) return (process, client);
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new InvalidOperationException("a node never answered");
    }
}
