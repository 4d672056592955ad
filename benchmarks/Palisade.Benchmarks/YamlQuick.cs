using System.Diagnostics;
using System.Globalization;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Manifests.Yaml;

namespace Palisade.Benchmarks;

/// <summary>
/// <c>quick-yaml TIER...</c>: a generated tier written as YAML documents, read again and again on one thread: to the
/// node tree by YamlDotNet's way (<see cref="YamlReader"/>) and by the block YAML reader, and loaded whole
/// (<see cref="ManifestLoader"/>). Prints objects (documents) a second of process CPU time, the best of the runs (the
/// wall time beside it agrees when the run had a core to itself); run it with <c>DOTNET_PROCESSOR_COUNT=1</c> to keep
/// the runtime on one core. Each measurement warms up for two seconds first.
/// </summary>
internal static class YamlQuick
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);

    public static void Run(string[] args)
    {
        TierNames.Each(args, (name, tier) =>
        {
            var yaml = WireYaml.ToYaml(KubernetesObjects.Of(SyntheticCluster.Generate(tier, seed: 1)));
            var objects = BlockYamlReader.TryRead(yaml)?.Count ?? throw new InvalidOperationException("the block reader declined the tier");
            var runs = objects > 20_000 ? 3 : 7;
            var c = CultureInfo.InvariantCulture;
            Console.WriteLine(string.Create(c, $"{name}: {objects} objects, {yaml.Length / 1e6:F1} MB of YAML, best of {runs} runs"));
            var baseline = Measure(name, "YamlDotNet to the tree (YamlReader)", objects, runs, () => YamlReader.ReadDocuments(yaml, "t.yaml", []).Count, null);
            Measure(name, "block YAML reader to the tree", objects, runs, () => BlockYamlReader.TryRead(yaml)!.Count, baseline);
            Measure(name, "ManifestLoader.LoadText (whole load)", objects, runs, () => ManifestLoader.LoadText(yaml, "t.yaml", new LoadOptions()).Snapshot.Pods.Count, baseline);
        });
    }

    private static double Measure(string tier, string what, int objects, int runs, Func<int> read, double? baseline)
    {
        // Warm up until tiered compilation has settled (hot methods are re-jitted optimised about 100 ms after they get
        // hot, in the background): at tier S a handful of runs would otherwise time unoptimised code and the JIT
        // thread, not the reader. The shipped NativeAOT binary has no such phase.
        var warmUp = Stopwatch.StartNew();
        for (var i = 0; i < 3 || warmUp.Elapsed < WarmUp; i++)
        {
            read();
        }

        var bestWall = double.MaxValue;
        var bestCpu = double.MaxValue;
        using var self = Process.GetCurrentProcess();
        for (var run = 0; run < runs; run++)
        {
            GC.Collect();
            self.Refresh();
            var cpu = self.TotalProcessorTime;
            var wall = Stopwatch.StartNew();
            read();
            bestWall = Math.Min(bestWall, wall.Elapsed.TotalSeconds);
            self.Refresh();
            bestCpu = Math.Min(bestCpu, (self.TotalProcessorTime - cpu).TotalSeconds);
        }

        // The rate is per second of CPU: on a shared machine the wall time says how busy the others were.
        var rate = objects / bestCpu;
        var ratio = baseline is { } b ? string.Create(CultureInfo.InvariantCulture, $", {rate / b:F1}x the baseline") : " (baseline)";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{tier}: {what}: {bestCpu * 1000:F0} ms process CPU ({bestWall * 1000:F0} ms wall) = {rate:F0} objects/s of CPU{ratio}"));
        return rate;
    }
}
