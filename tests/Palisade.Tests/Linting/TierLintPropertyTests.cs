using CsCheck;
using Palisade.Engine;
using Palisade.Linting;
using Palisade.Linting.Rules;
using Palisade.Model;
using Palisade.TestSupport;

namespace Palisade.Tests.Linting;

/// <summary>Laws of the tier lint rules on generated clusters with all three tiers.</summary>
public sealed class TierLintPropertyTests
{
    private static List<Reachability> Verdicts(ClusterSnapshot cluster)
    {
        var engine = new PolicyEngine(cluster);
        return [.. SmallClusterGen.Probes(cluster).Select(p => engine.Decide(p.From, p.To, p.Port, p.Protocol))];
    }

    private static ClusterSnapshot WithoutRule(ClusterSnapshot cluster, AdminPolicy policy, AdminRule rule)
    {
        var smaller = rule.Direction == Direction.Ingress
            ? policy with { Ingress = policy.Ingress.Where(r => !ReferenceEquals(r, rule)).ToEquatableArray() }
            : policy with { Egress = policy.Egress.Where(r => !ReferenceEquals(r, rule)).ToEquatableArray() };
        return new ClusterSnapshot(cluster.Namespaces, cluster.Pods, cluster.Workloads, cluster.Services, cluster.Policies,
            cluster.AdminPolicies.Select(p => ReferenceEquals(p, policy) ? smaller : p), cluster.Nodes);
    }

    [Fact]
    public void ShadowedAdminRule_Removed_NoVerdictChanges()
    {
        var reported = 0;
        SmallClusterGen.TierClusterGen.Sample(cluster =>
        {
            var before = Verdicts(cluster);
            foreach (var (policy, rule, _, _) in ShadowedAdminRule.Find(cluster))
            {
                Interlocked.Increment(ref reported);
                if (!before.SequenceEqual(Verdicts(WithoutRule(cluster, policy, rule))))
                {
                    return false;
                }
            }

            return true;
        }, iter: 2000, seed: null);

        // The generator must produce shadowed rules, or the law above says nothing.
        Assert.True(reported > 20, $"only {reported} shadowed rules were generated");
    }

    [Fact]
    public void Linter_OnRandomTierClusters_NeverThrowsAndIsDeterministic()
    {
        SmallClusterGen.TierClusterGen.Sample(cluster =>
        {
            var a = Linter.Lint(cluster).Diagnostics;
            var b = Linter.Lint(cluster).Diagnostics;
            return a.SequenceEqual(b) && a.All(d => d.Code.StartsWith("PAL2", StringComparison.Ordinal));
        }, iter: 1000, seed: null);
    }
}
