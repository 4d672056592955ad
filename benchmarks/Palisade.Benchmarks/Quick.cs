using System.Diagnostics;
using System.Globalization;
using Palisade.Engine;
using Palisade.Engine.Classes;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Benchmarks;

/// <summary>
/// Single-shot measurements for the tiers too big for BenchmarkDotNet on two cores (L, XL): every figure is taken in
/// the same process, so ratios hold even if absolute times drift. Also the p50/p99 latency of one explain.
/// </summary>
internal static class Quick
{
    public static void Run(string[] tiers)
    {
        foreach (var name in tiers)
        {
            if (!Tiers.TryParse(name, out var tier))
            {
                Console.Error.WriteLine($"unknown tier {name}");
                continue;
            }

            var inputs = Inputs.For(tier);
            var json = inputs.Json;
            GC.Collect();
            var sw = Stopwatch.StartNew();
            var loaded = ManifestLoader.LoadText(json, "bench.json", new LoadOptions());
            var parse = sw.Elapsed.TotalMilliseconds;
            var loadErrors = loaded.Diagnostics.Count;
            loaded = null;
            GC.Collect();
            var before = GC.GetTotalMemory(true);
            sw.Restart();
            var engine = new ClassEngine(inputs.Cluster);
            var index = sw.Elapsed.TotalMilliseconds;
            long allowed = 0;
            var slices = 0;
            foreach (var s in engine.Connectivity.All(2))
            {
                allowed += s.Allowed.Count();
                slices++;
            }

            var analysis = sw.Elapsed.TotalMilliseconds;
            var peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: pods {inputs.Cluster.Pods.Count}, policies {inputs.Cluster.Policies.Count}, json {json.Length / 1e6:F1} MB, load diagnostics {loadErrors}; " +
                $"classes {engine.Classes.Count}, rules {engine.RuleCount}, groups {engine.GroupCount}, atoms {slices}; " +
                $"parse {parse:F0} ms, index {index:F0} ms, analysis (index + all atoms, 2 threads) {analysis:F0} ms = {analysis / parse:F2}× parse; " +
                $"managed before {before / 1e6:F0} MB, peak working set {peak / 1e9:F2} GB"));

            if (tier == Tier.M)
            {
                var reference = new PolicyEngine(inputs.Cluster);
                var pods = inputs.Cluster.Pods;
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
        }
    }
}
