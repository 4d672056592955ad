using System.Text;
using Palisade.Engine;
using Palisade.Generation;
using Palisade.Manifests.Wire;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Benchmarks;

/// <summary>One generated input, shared by the benchmarks of a tier: the model, its JSON text and the probe ports.</summary>
internal sealed class Inputs
{
    private static readonly Dictionary<Tier, Inputs> Cache = [];

    private Inputs(Tier tier)
    {
        Snapshot = SyntheticCluster.Generate(tier, seed: 1);
        var sb = new StringBuilder();
        using (var w = new StringWriter(sb))
        {
            WireJson.WriteList(KubernetesObjects.Of(Snapshot), w);
        }

        Json = sb.ToString();
        Probes = [.. Snapshot.Pods.SelectMany(p => p.Ports).Select(p => new PortProtocol(p.Number, p.Protocol)).Append(new PortProtocol(53, Protocol.UDP)).Distinct().Order().Take(8)];
        var rng = new Random(2);
        Sample = [.. Enumerable.Range(0, SampleSize).Select(_ => Snapshot.Pods[rng.Next(Snapshot.Pods.Count)])];
    }

    /// <summary>Sources evaluated by the per-pair evaluators; their time scales by pods / SampleSize.</summary>
    public const int SampleSize = 10;

    public ClusterSnapshot Snapshot { get; }

    public string Json { get; }

    public IReadOnlyList<PortProtocol> Probes { get; }

    public IReadOnlyList<Pod> Sample { get; }

    public static Inputs For(Tier tier)
    {
        lock (Cache)
        {
            if (!Cache.TryGetValue(tier, out var inputs))
            {
                inputs = new Inputs(tier);
                Cache[tier] = inputs;
            }

            return inputs;
        }
    }
}
