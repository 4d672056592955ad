using BenchmarkDotNet.Attributes;
using Palisade.Generation;

namespace Palisade.Benchmarks;

/// <summary>
/// What every tier benchmark shares: the tiers (S and M unless a class names others), the same short monitoring job (the tiers take seconds an operation,
/// two cores are shared), allocations reported, and the generated input of the tier.
/// </summary>
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public abstract class TierBenchmarks
{
    [ParamsSource(nameof(Tiers))]
    public Tier Tier { get; set; }

    /// <summary>The tiers measured.</summary>
    public virtual IEnumerable<Tier> Tiers => [Tier.S, Tier.M];

    /// <summary>The generated input of <see cref="Tier"/>, shared between benchmark classes.</summary>
    internal Inputs Inputs { get; private set; } = null!;

    [GlobalSetup]
    public virtual void Setup() => Inputs = Inputs.For(Tier);
}
