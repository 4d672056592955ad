using System.Diagnostics;
using System.Globalization;
using Palisade.Engine;
using Palisade.Engine.Classes;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Model;

namespace Palisade.Benchmarks;

/// <summary>
/// Single-shot measurements for the tiers too big for BenchmarkDotNet on two cores (L, XL): every figure is taken in
/// the same process, so ratios hold even if absolute times drift. Also the p50/p99 latency of one explain.
/// </summary>
internal static class Quick
{
    /// <summary>Items of the v1 List the wire writer writes for the snapshot (every object but template stand-ins).</summary>
    private static int Documents(Model.ClusterSnapshot c) => KubernetesObjects.Of(c).Count();

    public static void Run(string[] tiers)
    {
        TierNames.Each(tiers, (name, tier) =>
        {
            var inputs = Inputs.For(tier);
            var json = inputs.Json;
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var loaded = ManifestLoader.LoadText(json, "bench.json", new LoadOptions());
            var parse = sw.Elapsed.TotalMilliseconds;
            var loadErrors = loaded.Diagnostics.Count;
            foreach (var d in loaded.Diagnostics.Take(3))
            {
                Console.WriteLine($"{name}: load diagnostic: {d}");
            }

            loaded = null;
            GC.Collect();
            var before = GC.GetTotalMemory(true);
            sw.Restart();
            var engine = new ClassEngine(inputs.Snapshot);
            var index = sw.Elapsed.TotalMilliseconds;
            var table = engine.Table;
            var analysis = sw.Elapsed.TotalMilliseconds;

            // Warm runs (JIT done): the minimum of a few, for the tiers where that is affordable.
            var warmIndex = index;
            var warm = analysis;
            var warmCpu = double.MaxValue;
            for (var run = 0; run < (inputs.Snapshot.Pods.Count <= 20_000 ? 5 : 1); run++)
            {
                sw.Restart();
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var again = new ClassEngine(inputs.Snapshot);
                var i2 = sw.Elapsed.TotalMilliseconds;
                _ = again.Table;
                warmIndex = Math.Min(warmIndex, i2);
                warm = Math.Min(warm, sw.Elapsed.TotalMilliseconds);
                warmCpu = Math.Min(warmCpu, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds);
            }
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            var managed = GC.GetTotalMemory(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: pods {inputs.Snapshot.Pods.Count}, policies {inputs.Snapshot.Policies.Count}, json {json.Length / 1e6:F1} MB, load diagnostics {loadErrors}; " +
                $"classes {engine.Classes.Count}, rules {engine.RuleCount}, groups {engine.GroupCount}, atoms {engine.Atoms.Count}, port sets {table.PortSets.Count}, explicit cells {table.ExplicitCells}; " +
                $"parse {parse:F0} ms, index {index:F0} ms, analysis (index + table of every port) {analysis:F0} ms = {analysis / parse:F3}× parse; warm: index {warmIndex:F1} ms, analysis {warm:F1} ms (process CPU {warmCpu:F1} ms); " +
                $"managed before {before / 1e6:F0} MB, after {managed / 1e6:F0} MB, peak working set {peak / 1e9:F2} GB"));

            if (inputs.Snapshot.Pods.Count <= 20_000)
            {
                // End to end as the CLI does it: load the JSON, analyse, write the compact output (characters counted).
                GC.Collect();
                sw.Restart();
                var cluster = ManifestLoader.LoadText(json, "bench.json", new LoadOptions()).Snapshot;
                var counter = new CountingWriter();
                Reports.CompactMatrixReport.Write(new ClassEngine(cluster), counter);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{name}: end to end (load JSON, analyse, write compact: {counter.Count / 1e6:F1} M characters) {sw.Elapsed.TotalMilliseconds:F0} ms; load alone {parse:F0} ms = {Documents(inputs.Snapshot)} documents, {Documents(inputs.Snapshot) / (parse / 1000):F0} documents/s"));
            }

            if (tier == Tier.M)
            {
                for (var warmup = 0; warmup < 2000; warmup++)
                {
                    _ = engine.Explain(new PodEndpoint(inputs.Snapshot.Pods[warmup]), new PodEndpoint(inputs.Snapshot.Pods[warmup * 3 % inputs.Snapshot.Pods.Count]), 8080, Net.Protocol.TCP);
                }

                var reference = new PolicyEngine(inputs.Snapshot);
                var pods = inputs.Snapshot.Pods;
                var times = new double[20_000];
                for (var i = 0; i < times.Length; i++)
                {
                    var s = pods[(i * 7919) % pods.Count];
                    var d = pods[(i * 104729) % pods.Count];
                    var t = Stopwatch.GetTimestamp();
                    _ = engine.Explain(new PodEndpoint(s), new PodEndpoint(d), 8080, Net.Protocol.TCP);
                    times[i] = Stopwatch.GetElapsedTime(t).TotalMicroseconds;
                }

                Array.Sort(times);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"explain one pair after indexing (tier M, 20,000 pairs): p50 {times[times.Length / 2]:F1} µs, p99 {times[(int)(times.Length * 0.99)]:F1} µs"));
            }
        });
    }
}
