using CsCheck;
using Palisade.Engine;
using Palisade.Model;
using Palisade.TestSupport;

namespace Palisade.Tests.Engine;

/// <summary>Engine laws checked on thousands of generated small clusters against the reference evaluator.</summary>
public sealed class EnginePropertyTests
{
    [Fact]
    public void Engine_OnRandomSmallClusters_EqualsReferenceEvaluator() =>
        SmallClusterGen.SampleEveryProbe(SmallClusterGen.ClusterGen, 3000, (engine, cluster, p) =>
        {
            var reference = ReferenceEvaluator.Allowed(cluster, p.FromPod, p.FromAddress, p.ToPod, p.ToAddress, p.Port, p.Protocol);
            return engine.IsAllowed(p.From, p.To, p.Port, p.Protocol) == reference && engine.Evaluate(p.From, p.To, p.Port, p.Protocol).Allowed == reference;
        });

    [Fact]
    public void AddingAPolicy_NeverOpensAnIsolatedPod_ThatWasDeniedAndStaysSelected()
    {
        // Monotonicity law: adding a policy can only add allows for pods that were already isolated in a direction;
        // it can deny only connections of pods it newly isolates.
        Gen.Select(SmallClusterGen.ClusterGen, SmallClusterGen.ClusterGen).Sample((a, b) =>
        {
            var extra = b.Policies.FirstOrDefault();
            if (extra is null)
            {
                return true;
            }

            var before = new PolicyEngine(a);
            var after = new PolicyEngine(a.WithPolicies([extra with { Ref = new ObjectRef(extra.Ref.Namespace, "extra") }]));
            foreach (var s in a.Pods)
            {
                foreach (var d in a.Pods)
                {
                    foreach (var pp in SmallClusterGen.ProbePorts)
                    {
                        var was = before.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), pp.Port, pp.Protocol);
                        var now = after.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), pp.Port, pp.Protocol);
                        var newlyIsolated =
                            (before.SelectingPolicies(s, Direction.Egress).Count == 0 && after.SelectingPolicies(s, Direction.Egress).Count > 0)
                            || (before.SelectingPolicies(d, Direction.Ingress).Count == 0 && after.SelectingPolicies(d, Direction.Ingress).Count > 0);
                        if (was && !now && !newlyIsolated)
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }, iter: 1000);
    }
}
