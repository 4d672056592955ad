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
            var endpoints = cluster.Pods.Select(p => (Endpoint)new PodEndpoint(p))
                .Concat(SmallClusterGen.ExternalAddresses.Select(a => (Endpoint)new ExternalEndpoint(a)))
                .ToList();
            foreach (var s in endpoints)
            {
                foreach (var d in endpoints)
                {
                    foreach (var pp in SmallClusterGen.ProbePorts)
                    {
                        var fast = engine.Decide(s, d, pp.Port, pp.Protocol);
                        var explained = engine.Evaluate(s, d, pp.Port, pp.Protocol).Reachability;
                        var reference = TierReferenceEvaluator.Allowed(cluster,
                            (s as PodEndpoint)?.Pod, (s as ExternalEndpoint)?.Address,
                            (d as PodEndpoint)?.Pod, (d as ExternalEndpoint)?.Address, pp.Port, pp.Protocol) switch
                        {
                            true => Reachability.Allowed,
                            false => Reachability.Denied,
                            null => Reachability.Undetermined,
                        };
                        if (fast != reference || explained != reference)
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }, iter: 2000, seed: null);
    }
}
