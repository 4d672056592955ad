using CsCheck;
using Palisade.Engine;
using Palisade.Model;
using Palisade.TestSupport;

namespace Palisade.Tests.Engine;

/// <summary>The engine against the simple tier reference evaluator on generated clusters with all three tiers.</summary>
public sealed class TierPropertyTests
{
    [Fact]
    public void Engine_OnRandomClustersWithAllThreeTiers_EqualsTierReferenceEvaluator()
    {
        SmallClusterGen.TierClusterGen.Sample(cluster =>
        {
            var engine = new PolicyEngine(cluster);
            return SmallClusterGen.Probes(cluster).All(p =>
            {
                var fast = engine.Decide(p.From, p.To, p.Port, p.Protocol);
                var explained = engine.Evaluate(p.From, p.To, p.Port, p.Protocol).Reachability;
                var reference = TierReferenceEvaluator.Allowed(cluster, p.FromPod, p.FromAddress, p.ToPod, p.ToAddress, p.Port, p.Protocol) switch
                {
                    true => Reachability.Allowed,
                    false => Reachability.Denied,
                    null => Reachability.Undetermined,
                };
                return fast == reference && explained == reference;
            });
        }, iter: 2000, seed: null);
    }
}
