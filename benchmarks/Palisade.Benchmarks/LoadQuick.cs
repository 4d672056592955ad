using System.Diagnostics;
using System.Globalization;
using Palisade.Manifests;

namespace Palisade.Benchmarks;

/// <summary>
/// <c>quick-load FILE [streamed|whole|strict]</c>: loads one manifest file once, the way the CLI does, and prints the
/// time, the objects read (and how many took the direct conversion) and the process's peak working set. <c>streamed</c>
/// is the loader's way; <c>whole</c> reads a list's whole tree first; <c>strict</c> streams but converts every object
/// through the strict path (no direct conversion). Run once per mode, each in a fresh process, to compare the memory
/// alive at the peak (BenchmarkDotNet reports allocations, not peaks).
/// </summary>
internal static class LoadQuick
{
    public static void Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: quick-load FILE [streamed|whole|strict]");
            return;
        }

        var mode = args.Length < 2 ? "streamed" : args[1];
        var size = new FileInfo(args[0]).Length;
        var sw = Stopwatch.StartNew();
        var result = ManifestLoader.Load([args[0]], new LoadOptions { StreamLists = mode != "whole", DirectConversion = mode != "strict", MaxFileSize = 1L << 30 });
        var seconds = sw.Elapsed.TotalSeconds;
        var s = result.Snapshot;
        var objects = s.Namespaces.Count(n => n.Declared) + s.Pods.Count(p => !p.FromTemplate) + s.Workloads.Count + s.Services.Count + s.Policies.Count
            + s.AdminPolicies.Count + s.Nodes.Count;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{mode}: {size / 1e6:F0} MB in {seconds:F1} s, {objects} objects = {objects / seconds:F0} objects/s ({result.DirectlyConverted.Converted} direct, {result.DirectlyConverted.Declined} declined); {s.Pods.Count} pods, {s.Workloads.Count} workloads, {s.Policies.Count} policies, {result.Diagnostics.Count} diagnostics; peak working set {self.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB"));
    }
}
