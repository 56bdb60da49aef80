// Times the rendering of a typical dossier (issue 6; budget ≤ 60 ms): the 2018.1 referential (12 engagements, 8 indicators),
// one month, 360 samples, an audit with 8 findings and corrective actions — composition + PDF, no database.
// Run: ./build/bench.sh --dossier [--write DIR]   (also runs at the end of the full benchmark)
using System.Diagnostics;
using NPS.Quality.Pdf;
using NPS.Quality.Tests.Dossiers;

namespace NPS.Quality.Benchmarks;

public static class DossierBench
{
    public static void Run(string[] args)
    {
        var write = Array.IndexOf(args, "--write") is var w and >= 0 && w + 1 < args.Length ? args[w + 1] : null;
        foreach (var kind in new[] { "afnor", "internal" })
        {
            RenderResult? result = null;
            var timings = new List<double>();
            // CPU time and allocations per render as well as wall time: on a shared machine the wall time says as much
            // about the neighbours as about the code, the CPU time much less.
            var cpu = TimeSpan.Zero;
            var allocated = 0L;
            var collections = 0;
            for (var i = 0; i < 60; i++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var collectionsBefore = GC.CollectionCount(0);
                var watch = Stopwatch.StartNew();
                var snapshot = TypicalDossier.Snapshot(kind, samplesPerIndicator: 45);
                var model = NPS.Quality.Dossiers.DossierContent.Compose(snapshot, snapshot.Compliance(TypicalDossier.Site(snapshot.Referential)),
                    Templates.For(NPS.Quality.Shared.WireNames.Parse<NPS.Quality.Dossiers.DossierKind>(kind)!.Value));
                result = PdfRenderer.Render(model);
                if (i >= 10) // after warm-up
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                    cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                    allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                    collections += GC.CollectionCount(0) - collectionsBefore;
                }
            }
            timings.Sort();
            Console.WriteLine($"Typical {kind} dossier ({result!.PageCount} pages, {result.Bytes.Length / 1024} KB, {timings.Count} renders): " +
                $"p50 {timings[timings.Count / 2]:N1} ms, p95 {timings[(int)(timings.Count * 0.95)]:N1} ms, max {timings[^1]:N1} ms; " +
                $"CPU {cpu.TotalMilliseconds / timings.Count:N1} ms, {allocated / timings.Count / 1048576.0:N1} MB allocated, {collections / (double)timings.Count:N2} gen0 GCs per render " +
                $"(load average {(File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?")})");
            if (write is not null)
            {
                Directory.CreateDirectory(write);
                File.WriteAllBytes(Path.Combine(write, $"dossier-{kind}.pdf"), result.Bytes);
            }
        }

        var big = Stopwatch.StartNew();
        var annex = PdfRenderer.Render(TypicalDossier.Model("internal", samplesPerIndicator: 1250));
        Console.WriteLine($"Internal dossier with 10,000 samples (subtotals printed, full list attached as CSV): {annex.PageCount} pages, {annex.Bytes.Length / 1024} KB, {big.ElapsedMilliseconds} ms");
        if (write is not null) File.WriteAllBytes(Path.Combine(write, "dossier-internal-10000.pdf"), annex.Bytes);
    }

    private static readonly NPS.Quality.Dossiers.DossierTemplates Templates = TypicalDossier.Templates();
}
