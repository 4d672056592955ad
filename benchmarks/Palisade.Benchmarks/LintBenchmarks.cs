using BenchmarkDotNet.Attributes;
using Palisade.Engine.Classes;
using Palisade.Linting;

namespace Palisade.Benchmarks;

/// <summary>
/// Lint of a generated tier. The baseline is the class engine's index of the same snapshot (classes, rule and peer
/// sets, port atoms): the goal is that lint costs about what indexing the selections costs, growing as n log n, not
/// as rules × pods. Compared: the whole linter, and building its context (pods by namespace) alone.
/// </summary>
public class LintBenchmarks : TierBenchmarks
{

    [Benchmark(Baseline = true, Description = "class engine index (bound)")]
    public int ClassEngineIndex() => new ClassEngine(Inputs.Snapshot).Classes.Count;

    [Benchmark(Description = "lint, every rule")]
    public int Lint() => Linter.Lint(Inputs.Snapshot).Findings.Count;
}
