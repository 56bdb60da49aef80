// Times the two budgets of issue 4 in-process, over HTTP (Alba), on the PostgreSQL named by ConnectionStrings__Marten:
//   importing 100,000 samples as CSV ≤ 2.5 s; a site-month compliance with 10,000 samples ≤ 50 ms p99.
// Run: ./build/bench.sh   (starts and stops its own throwaway PostgreSQL)
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Alba;
using JasperFx.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NPS.Quality.Access;
using Wolverine;

namespace NPS.Quality.Benchmarks;

public static class Bench
{
    public static async Task Main(string[] args)
    {
        const string adminToken = "npsq_bench-admin-token-only-for-the-benchmark";
        Environment.SetEnvironmentVariable(UserAdministration.BootstrapTokenVariable, adminToken);
        JasperFxEnvironment.AutoStartHost = true;
        var rounds = args.Length > 0 && int.TryParse(args[0], out var r0) ? r0 : 3;
        if (args.Contains("--dossier"))
        {
            DossierBench.Run(args);
            return;
        }

        await using var host = await AlbaHost.For<global::Program>(b =>
        {
            b.ConfigureServices(s => s.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning)));
            b.ConfigureServices(s => s.RunWolverineInSoloMode());
        });

        if (args.Contains("--network"))
        {
            await NetworkBench.RunAsync(host, adminToken, args);
            return;
        }

        async Task<string> Token(string role, string site)
        {
            var result = await host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", $"Bearer {adminToken}");
                s.Post.Json(new { name = $"bench-{role}-{site}-{Guid.NewGuid():N}", role, siteId = site }).ToUrl("/api/users");
                s.StatusCodeShouldBe(201);
            });
            return JsonDocument.Parse(result.ReadAsText()).RootElement.GetProperty("token").GetString()!;
        }

        static byte[] Csv(string prefix, int rows, int month)
        {
            var csv = new StringBuilder("identifiant;indicateur;debut;fin;methode;commentaire\n", rows * 80);
            for (var i = 0; i < rows; i++)
            {
                var day = 1 + i % 28;
                var minutes = 5 + i % 25;
                csv.Append(prefix).Append(i).Append(";ACC-01-ATTENTE;")
                   .Append($"{day:00}/{month:00}/2017 09:00;{day:00}/{month:00}/2017 09:{minutes:00};file_attente;\n");
            }
            return Encoding.UTF8.GetBytes(csv.ToString());
        }

        async Task<TimeSpan> Import(string token, string site, byte[] body)
        {
            var watch = Stopwatch.StartNew();
            await host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", $"Bearer {token}");
                s.Post.Url($"/api/sites/{site}/samples/import");
                s.ConfigureHttpContext(c => { c.Request.ContentType = "text/csv"; c.Request.ContentLength = body.Length; c.Request.Body = new MemoryStream(body); });
                s.StatusCodeShouldBe(200);
            });
            return watch.Elapsed;
        }

        if (args.Contains("--phases"))
        {
            // The import's steps one by one, to see where its time goes.
            var store = host.Services.GetRequiredService<Marten.IDocumentStore>();
            var catalog = host.Services.GetRequiredService<NPS.Quality.Referentials.ReferentialCatalog>();
            for (var round = 0; round < rounds; round++)
            {
                var body = Csv($"P{Guid.NewGuid():N}-", 100_000, 10);
                await using var session = store.LightweightSession();
                var w = Stopwatch.StartNew();
                var (_, referential, _) = await NPS.Quality.Samples.SampleWriting.LoadAsync(session, catalog, "paris-11", DateTimeOffset.UtcNow, default);
                var file = await NPS.Quality.Samples.SampleCsv.ReadAsync(new MemoryStream(body), default);
                var read = w.ElapsedMilliseconds; w.Restart();
                var (checkedRows, errors) = NPS.Quality.Samples.SampleCsv.Check(file.Rows, referential!);
                var check = w.ElapsedMilliseconds; w.Restart();
                var checkedSamples = checkedRows.Select(x => x.Sample).ToList();
                var stored = await NPS.Quality.Samples.SampleWriting.StoredHashesAsync(session, "paris-11",
                    checkedSamples.Select(x => x.SampleId).ToArray(), default);
                var (fresh, _, _) = NPS.Quality.Samples.SampleWriting.SortOut(stored, checkedSamples);
                var sort = w.ElapsedMilliseconds; w.Restart();
                await NPS.Quality.Samples.SampleWriting.AppendAsync(session, "paris-11", fresh, DateTimeOffset.UtcNow, "bench", default);
                var append = w.ElapsedMilliseconds; w.Restart();
                await session.SaveChangesAsync();
                var save = w.ElapsedMilliseconds;
                // The yardstick of issue 17 in the same round: the same number of rows by a raw binary COPY.
                var raw = await NetworkBench.RawCopyAsync(Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!, $"R{round}{Guid.NewGuid():N}"[..12], 100_000);
                Console.WriteLine($"  read {read} ms, check {check} ms ({errors.Count} errors), existing ids {sort} ms, " +
                    $"append (rows copied, counts) {append} ms, save (events) + commit {save} ms; raw COPY of 100,000 rows {raw:N0} ms");
            }
            return;
        }

        if (args.Contains("--store"))
        {
            var store = host.Services.GetRequiredService<Marten.IDocumentStore>();
            var t0 = DateTimeOffset.Parse("2017-10-02T09:00:00+02:00", System.Globalization.CultureInfo.InvariantCulture);
            for (var round = 0; round < 3; round++)
            {
                var samples = Enumerable.Range(0, 100_000).Select(i => new NPS.Quality.Samples.RecordedSample($"Z{round}-{i}", "ACC-01-ATTENTE", t0, t0.AddMinutes(12),
                    "file_attente", null, 12m, "minutes", new DateOnly(2017, 10, 2), "0123456789abcdef0123456789abcdef")).ToList();
                var w = Stopwatch.StartNew();
                var json = JsonSerializer.Serialize(samples);
                Console.WriteLine($"  serialize {w.ElapsedMilliseconds} ms ({json.Length / 1024 / 1024} MB)");
                await using var session = store.LightweightSession();
                w.Restart();
                await NPS.Quality.Samples.SampleWriting.AppendAsync(session, "paris-11", samples, DateTimeOffset.UtcNow, "bench", default);
                await session.SaveChangesAsync();
                Console.WriteLine($"  append+project+commit {w.ElapsedMilliseconds} ms");
            }
            return;
        }
        if (args.Contains("--export"))
        {
            // The samples export of 100,000 samples, CSV then xlsx, read to the end (issue 12: measured, not asserted).
            var lead = await Token("quality_lead", "paris-11");
            Console.WriteLine($"  import of 100,000 rows: {(await Import(lead, "paris-11", Csv($"E{Guid.NewGuid():N}-", 100_000, 10))).TotalMilliseconds:N0} ms");
            for (var round = 0; round < rounds; round++)
                foreach (var format in new[] { "csv", "xlsx" })
                {
                    GC.Collect();
                    var before = GC.GetTotalMemory(true);
                    var watch = Stopwatch.StartNew();
                    var result = await host.Scenario(s =>
                    {
                        s.WithRequestHeader("Authorization", $"Bearer {lead}");
                        s.Get.Url($"/api/sites/paris-11/samples/export?format={format}");
                        s.StatusCodeShouldBe(200);
                    });
                    var body = new MemoryStream();
                    await result.Context.Response.Body.CopyToAsync(body);
                    var bytes = body.Length;
                    var elapsed = watch.ElapsedMilliseconds;
                    body.Position = 0;
                    long rows = 0;
                    if (format == "csv") rows = System.Text.Encoding.UTF8.GetString(body.ToArray()).Count(c => c == '\n');
                    else
                    {
                        using var zip = new System.IO.Compression.ZipArchive(body);
                        using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
                        var xml = await sheet.ReadToEndAsync();
                        for (var at = xml.IndexOf("<row", StringComparison.Ordinal); at >= 0; at = xml.IndexOf("<row", at + 4, StringComparison.Ordinal)) rows++;
                    }
                    Console.WriteLine($"  {rows:N0} rows (header included)");
                    Console.WriteLine($"  export {format}: {elapsed:N0} ms, {bytes / 1024.0 / 1024.0:N1} MB, managed heap after {(GC.GetTotalMemory(false) - before) / 1024.0 / 1024.0:N0} MB more than before, peak working set {System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1024 / 1024:N0} MB");
                }
            return;
        }
        var lead11 = await Token("quality_lead", "paris-11");
        var lead14 = await Token("quality_lead", "paris-14");
        var manager14 = await Token("site_manager", "paris-14");

        Console.WriteLine($"Import of 100,000 CSV rows ({rounds} rounds, fresh ids each), beside a raw binary COPY of 100,000 such rows:");
        var connection = Environment.GetEnvironmentVariable("ConnectionStrings__Marten")!;
        for (var r = 0; r < rounds; r++)
        {
            var body = Csv($"B{Guid.NewGuid():N}-", 100_000, 1 + r % 12);
            var import = (await Import(lead11, "paris-11", body)).TotalMilliseconds;
            var copy = await NetworkBench.RawCopyAsync(connection, $"R{Guid.NewGuid():N}-", 100_000);
            Console.WriteLine($"  round {r + 1}: {import:N0} ms ({body.Length / 1024.0 / 1024.0:N1} MB); raw COPY {copy:N0} ms; import at {copy / import:P0} of the raw COPY rate");
        }

        await Import(lead14, "paris-14", Csv($"C{Guid.NewGuid():N}-", 10_000, 10));
        var timings = new List<double>();
        for (var i = 0; i < 300; i++)
        {
            var watch = Stopwatch.StartNew();
            await host.Scenario(s =>
            {
                s.WithRequestHeader("Authorization", $"Bearer {manager14}");
                s.Get.Url("/api/sites/paris-14/compliance?from=2017-10-01&to=2017-10-31");
                s.StatusCodeShouldBe(200);
            });
            if (i >= 20) timings.Add(watch.Elapsed.TotalMilliseconds); // after warm-up
        }
        timings.Sort();
        double P(double q) => timings[(int)Math.Ceiling(q * timings.Count) - 1];
        Console.WriteLine($"Site-month compliance with 10,000 samples ({timings.Count} requests): p50 {P(0.5):N1} ms, p99 {P(0.99):N1} ms, max {timings[^1]:N1} ms");
        DossierBench.Run(args);
    }
}
