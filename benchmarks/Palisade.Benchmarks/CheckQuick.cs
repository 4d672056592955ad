using System.Diagnostics;
using System.Globalization;
using Palisade.Linting;
using Palisade.Manifests;
using Palisade.Manifests.Documents;
using Palisade.Proving;

namespace Palisade.Benchmarks;

/// <summary>
/// <c>quick-check MANIFESTS EXPECTATIONS [ROUNDS]</c>: the phases of a static <c>palisade check</c> in one process, each
/// timed (wall and CPU) and repeated ROUNDS times (default 2: the first round carries the JIT, later ones do not):
/// loading the manifests and the expectations, resolving them (the engine and endpoint lookup are built there),
/// proving every expectation with the engine, and linting.
/// </summary>
internal static class CheckQuick
{
    public static void Run(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: quick-check MANIFESTS EXPECTATIONS [ROUNDS]");
            return;
        }

        var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 2;
        for (var round = 1; round <= rounds; round++)
        {
            var snapshot = Phase(round, "load manifests", () => ManifestLoader.Load([args[0]], new LoadOptions { MaxFileSize = 1L << 30 }).Snapshot);
            var set = Phase(round, "read expectations", () => ExpectationsReader.Read(args[1], args[1]).Value!);
            var resolved = Phase(round, "resolve", () => ResolvedExpectations.Resolve(snapshot, set, null, "default").Value!);
            var results = Phase(round, "prove (engine)", () => new EngineProver().ProveAsync(resolved).GetAwaiter().GetResult());
            _ = Phase(round, "lint", () => Linter.Lint(snapshot, resolved.Checker.Engine, null).Diagnostics.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {results.Count(r => r.Passed)} of {results.Count} passed"));
        }
    }

    private static T Phase<T>(int round, string name, Func<T> run)
    {
        var cpu = Cpu();
        var sw = Stopwatch.StartNew();
        var value = run();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"round {round}: {name,-18} {sw.Elapsed.TotalMilliseconds,8:F0} ms wall {Cpu() - cpu,8:F0} ms CPU"));
        return value;
    }

    /// <summary>The process's CPU time so far, in milliseconds (all threads).</summary>
    private static double Cpu() => Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds;
}
