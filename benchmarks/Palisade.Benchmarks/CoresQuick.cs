using System.Diagnostics;
using System.Globalization;
using Palisade.Engine.Classes;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;

namespace Palisade.Benchmarks;

/// <summary>
/// <c>quick-cores table TIER...</c> and <c>quick-cores load TIER [FILES]</c>: one worker against two, in the same
/// process, runs alternating (1, 2, 1, 2, ...) so that load on the shared machine falls on both alike. <c>table</c>
/// builds the connectivity table of a generated tier (the index is built beforehand, untimed); <c>load</c> writes the
/// tier into a temporary folder of FILES manifest files (YAML streams and JSON lists, 200 by default) and loads the
/// folder. Prints the median wall and process CPU (user + sys) time of each and the ratio, plus the load average.
/// </summary>
internal static class CoresQuick
{
    private const int Runs = 7;

    public static void Run(string[] args)
    {
        if (args.Length < 2 || args[0] is not ("table" or "load"))
        {
            Console.Error.WriteLine("usage: quick-cores table TIER... | quick-cores load TIER [FILES]");
            return;
        }

        Console.WriteLine($"processors {Environment.ProcessorCount}; load average before: {LoadAverage()}");
        if (args[0] == "table")
        {
            TierNames.Each(args.Skip(1), (name, tier) =>
            {
                var snapshot = Inputs.For(tier).Snapshot;
                var table = new ClassEngine(snapshot) { Parallelism = 1 }.Table;
                var index = Enumerable.Range(0, 5).Select(run =>
                {
                    var sw = Stopwatch.StartNew();
                    GC.KeepAlive(new ClassEngine(snapshot));
                    return sw.Elapsed.TotalMilliseconds;
                }).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: the index before the table (one thread), median of 5: {Median(index):F1} ms"));
                Compare($"{name} table ({table.ClassCount} classes, {table.ExplicitCells} explicit cells, port sets {table.PortSetsBeforeRows} shared + {table.PortSets.Count - table.PortSetsBeforeRows} from rows)", workers =>
                {
                    var engine = new ClassEngine(snapshot) { Parallelism = workers };
                    return () => engine.Table.ExplicitCells;
                });
            });
        }
        else
        {
            var files = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;
            TierNames.Each(args.Skip(1).Take(1), (name, tier) =>
            {
                var folder = Directory.CreateTempSubdirectory("palisade-cores-");
                try
                {
                    var bytes = Write(Inputs.For(tier).Snapshot, folder.FullName, files);
                    Compare($"{name} folder load ({files} files, {bytes / 1e6:F1} MB)", workers => () =>
                    {
                        var result = ManifestLoader.Load([folder.FullName], new LoadOptions { Parallelism = workers });
                        return result.Snapshot.Pods.Count + result.Diagnostics.Count;
                    });
                }
                finally
                {
                    folder.Delete(recursive: true);
                }
            });
        }

        Console.WriteLine($"load average after: {LoadAverage()}");
    }

    /// <summary>Times the work of 1 and of 2 workers, alternating, after one warm-up run of each.</summary>
    private static void Compare(string what, Func<int, Func<long>> prepare)
    {
        var workerCounts = new[] { 1, 2 };
        var wall = workerCounts.ToDictionary(w => w, _ => new List<double>());
        var cpu = workerCounts.ToDictionary(w => w, _ => new List<double>());
        long? answer = null;
        for (var run = -1; run < Runs; run++)
        {
            foreach (var workers in workerCounts)
            {
                var work = prepare(workers);
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using var self = Process.GetCurrentProcess();
                var cpu0 = self.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var result = work();
                var elapsed = sw.Elapsed.TotalMilliseconds;
                self.Refresh();
                var used = (self.TotalProcessorTime - cpu0).TotalMilliseconds;
                if (answer is { } a && a != result)
                {
                    throw new InvalidOperationException($"{workers} workers gave {result}, not {a}");
                }

                answer = result;
                if (run >= 0)
                {
                    wall[workers].Add(elapsed);
                    cpu[workers].Add(used);
                }
            }
        }

        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c,
            $"{what}: median of {Runs}, wall 1 worker {Median(wall[1]):F1} ms, 2 workers {Median(wall[2]):F1} ms = {Median(wall[1]) / Median(wall[2]):F2}× faster; " +
            $"CPU (user+sys) 1 worker {Median(cpu[1]):F1} ms, 2 workers {Median(cpu[2]):F1} ms = {Median(cpu[2]) / Median(cpu[1]):F2}× the CPU; " +
            $"wall per run 1: [{string.Join(' ', wall[1].Select(x => x.ToString("F0", c)))}], 2: [{string.Join(' ', wall[2].Select(x => x.ToString("F0", c)))}]"));
    }

    /// <summary>Writes the snapshot's objects round-robin into <paramref name="files"/> files, a third JSON lists, the rest YAML streams.</summary>
    private static long Write(Model.ClusterSnapshot snapshot, string folder, int files)
    {
        var objects = KubernetesObjects.Of(snapshot).ToList();
        long bytes = 0;
        for (var f = 0; f < files; f++)
        {
            var part = objects.Where((_, i) => i % files == f);
            string path;
            string text;
            if (f % 3 == 0)
            {
                var writer = new StringWriter();
                WireJson.WriteList(part, writer);
                (path, text) = (string.Create(CultureInfo.InvariantCulture, $"part-{f:0000}.json"), writer.ToString());
            }
            else
            {
                (path, text) = (string.Create(CultureInfo.InvariantCulture, $"part-{f:0000}.yaml"), WireYaml.ToYaml(part));
            }

            File.WriteAllText(Path.Combine(folder, path), text);
            bytes += text.Length;
        }

        return bytes;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
