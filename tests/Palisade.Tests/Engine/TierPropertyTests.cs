using Palisade.Engine;
using Palisade.Model;
using Palisade.TestSupport;

namespace Palisade.Tests.Engine;

/// <summary>The engine against the simple tier reference evaluator on generated clusters with all three tiers.</summary>
public sealed class TierPropertyTests
{
    [Fact]
    public void Engine_OnRandomClustersWithAllThreeTiers_EqualsTierReferenceEvaluator() =>
        SmallClusterGen.SampleEveryProbe(SmallClusterGen.TierClusterGen, 2000, (engine, cluster, p) =>
        {
            var reference = TierReferenceEvaluator.Allowed(cluster, p.FromPod, p.FromAddress, p.ToPod, p.ToAddress, p.Port, p.Protocol) switch
            {
                true => Reachability.Allowed,
                false => Reachability.Denied,
                null => Reachability.Undetermined,
            };
            return engine.Decide(p.From, p.To, p.Port, p.Protocol) == reference && engine.Evaluate(p.From, p.To, p.Port, p.Protocol).Reachability == reference;
        });
}
