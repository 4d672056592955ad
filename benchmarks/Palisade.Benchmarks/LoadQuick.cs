using System.Diagnostics;
using System.Globalization;
using Palisade.Manifests;

namespace Palisade.Benchmarks;

/// <summary>
/// <c>quick-load FILE [whole|streamed]</c>: loads one manifest file once, the way the CLI does, and prints the time,
/// the objects read and the process's peak working set. Run once per mode, each in a fresh process, to compare the
/// memory alive at the peak (BenchmarkDotNet reports allocations, not peaks).
/// </summary>
internal static class LoadQuick
{
    public static void Run(string[] args)
    {
        if (args.Length < 1)
        {
            Console.Error.WriteLine("usage: quick-load FILE [whole|streamed]");
            return;
        }

        var streamed = args.Length < 2 || args[1] != "whole";
        var size = new FileInfo(args[0]).Length;
        var sw = Stopwatch.StartNew();
        var result = ManifestLoader.Load([args[0]], new LoadOptions { StreamLists = streamed, MaxFileSize = 1L << 30 });
        var seconds = sw.Elapsed.TotalSeconds;
        var s = result.Snapshot;
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var c = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(c, $"{(streamed ? "streamed" : "whole")}: {size / 1e6:F0} MB in {seconds:F1} s; {s.Pods.Count} pods, {s.Workloads.Count} workloads, {s.Policies.Count} policies, {result.Diagnostics.Count} diagnostics; peak working set {self.PeakWorkingSet64 / (1024.0 * 1024 * 1024):F2} GiB"));
    }
}
