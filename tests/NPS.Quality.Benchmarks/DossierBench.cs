// Times the rendering of a typical dossier (issue 6; budget ≤ 60 ms): the 2018.1 referential (12 engagements, 8 indicators),
// one month, 360 samples, an audit with 8 findings and corrective actions — composition + PDF, no database.
// Run: ./build/bench.sh --dossier [--write DIR] [--warmup N]   (also runs at the end of the full benchmark)
using System.Diagnostics;
using System.Runtime.InteropServices;
using NPS.Quality.Pdf;
using NPS.Quality.Tests.Dossiers;

namespace NPS.Quality.Benchmarks;

public static class DossierBench
{
    public static void Run(string[] args)
    {
        var write = Array.IndexOf(args, "--write") is var w and >= 0 && w + 1 < args.Length ? args[w + 1] : null;
        var warmup = Array.IndexOf(args, "--warmup") is var u and >= 0 && u + 1 < args.Length ? int.Parse(args[u + 1], System.Globalization.CultureInfo.InvariantCulture) : Warmup;
        foreach (var kind in new[] { "afnor", "internal" })
        {
            RenderResult? result = null;
            var timings = new List<double>();
            // CPU time and allocations per render as well as wall time: on a shared machine the wall time says as much
            // about the neighbours as about the code, the CPU time much less.
            var cpu = TimeSpan.Zero;
            // The rendering thread's own CPU time as well: the process's also counts the JIT's background compilations.
            var threadCpu = new List<double>();
            var allocated = 0L;
            var collections = 0;
            var pause = TimeSpan.Zero;
            var jitted = 0L;
            var jitTime = TimeSpan.Zero;
            for (var i = 0; i < warmup + 50; i++)
            {
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var threadBefore = ThreadCpuMilliseconds();
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                var collectionsBefore = GC.CollectionCount(0);
                var pauseBefore = GC.GetTotalPauseDuration();
                var jittedBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
                var jitTimeBefore = System.Runtime.JitInfo.GetCompilationTime();
                var watch = Stopwatch.StartNew();
                var snapshot = TypicalDossier.Snapshot(kind, samplesPerIndicator: 45);
                var model = NPS.Quality.Dossiers.DossierContent.Compose(snapshot, snapshot.Compliance(TypicalDossier.Site(snapshot.Referential)),
                    Templates.For(NPS.Quality.Shared.WireNames.Parse<NPS.Quality.Dossiers.DossierKind>(kind)!.Value));
                result = PdfRenderer.Render(model);
                if (i >= warmup)
                {
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                    threadCpu.Add(ThreadCpuMilliseconds() - threadBefore);
                    cpu += Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
                    allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
                    collections += GC.CollectionCount(0) - collectionsBefore;
                    pause += GC.GetTotalPauseDuration() - pauseBefore;
                    jitted += System.Runtime.JitInfo.GetCompiledMethodCount() - jittedBefore;
                    jitTime += System.Runtime.JitInfo.GetCompilationTime() - jitTimeBefore;
                }
            }
            timings.Sort();
            threadCpu.Sort();
            Console.WriteLine($"Typical {kind} dossier ({result!.PageCount} pages, {result.Bytes.Length / 1024} KB, {timings.Count} renders after {warmup}): " +
                $"p50 {timings[timings.Count / 2]:N1} ms, p95 {timings[(int)(timings.Count * 0.95)]:N1} ms, max {timings[^1]:N1} ms; " +
                $"CPU {cpu.TotalMilliseconds / timings.Count:N1} ms (rendering thread: min {threadCpu[0]:N1}, p50 {threadCpu[threadCpu.Count / 2]:N1} ms), {allocated / timings.Count / 1048576.0:N1} MB allocated, {collections / (double)timings.Count:N2} gen0 GCs ({pause.TotalMilliseconds / timings.Count:N1} ms paused), {jitted / (double)timings.Count:N0} methods JIT-compiled ({jitTime.TotalMilliseconds / timings.Count:N1} ms) per render " +
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

    /// <summary>
    /// Renders before measuring: enough for the methods called once per render to reach the JIT's optimised tier (30 calls),
    /// as in a service that has been running for a while. 10 until 27 Nov 2026.
    /// </summary>
    private const int Warmup = 40;

    private static double ThreadCpuMilliseconds()
    {
        if (!OperatingSystem.IsLinux() || clock_gettime(ClockThreadCpuTime, out var t) != 0) return double.NaN;
        return t.Seconds * 1000.0 + t.Nanoseconds / 1e6;
    }

    private const int ClockThreadCpuTime = 3; // CLOCK_THREAD_CPUTIME_ID

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clock, out TimeSpec time);
}
