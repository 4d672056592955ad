using CsCheck;
using Palisade.Engine;
using Palisade.Linting;
using Palisade.Linting.Rules;
using Palisade.Model;
using Palisade.TestSupport;

namespace Palisade.Tests.Linting;

/// <summary>
/// Laws of the linter on generated small clusters, with NetworkPolicies only and with all three tiers: it never throws,
/// and what it calls redundant (PAL212), duplicate (PAL213) or shadowed (PAL218) can be deleted without changing any
/// verdict, so the coverage it claims is provable.
/// </summary>
public sealed class LintPropertyTests
{
    private static List<Reachability> Verdicts(ClusterSnapshot cluster)
    {
        var engine = new PolicyEngine(cluster);
        return [.. SmallClusterGen.Probes(cluster).Select(p => engine.Decide(p.From, p.To, p.Port, p.Protocol))];
    }

    private static ClusterSnapshot Replace(ClusterSnapshot cluster, NetworkPolicy old, NetworkPolicy? replacement) =>
        new(cluster.Namespaces, cluster.Pods, cluster.Workloads, cluster.Services,
            cluster.Policies.Where(p => !ReferenceEquals(p, old)).Concat(replacement is null ? [] : [replacement]));

    private static NetworkPolicy Without(NetworkPolicy policy, PolicyRule rule) => rule.Direction == Direction.Ingress
        ? policy with { Ingress = policy.Ingress.Where(r => !ReferenceEquals(r, rule)).ToEquatableArray() }
        : policy with { Egress = policy.Egress.Where(r => !ReferenceEquals(r, rule)).ToEquatableArray() };

    private static ClusterSnapshot WithoutRule(ClusterSnapshot cluster, AdminPolicy policy, AdminRule rule)
    {
        var smaller = rule.Direction == Direction.Ingress
            ? policy with { Ingress = policy.Ingress.Where(r => !ReferenceEquals(r, rule)).ToEquatableArray() }
            : policy with { Egress = policy.Egress.Where(r => !ReferenceEquals(r, rule)).ToEquatableArray() };
        return new ClusterSnapshot(cluster.Namespaces, cluster.Pods, cluster.Workloads, cluster.Services, cluster.Policies,
            cluster.AdminPolicies.Select(p => ReferenceEquals(p, policy) ? smaller : p), cluster.Nodes);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Linter_OnRandomClusters_NeverThrowsAndIsDeterministic(bool tiers)
    {
        (tiers ? SmallClusterGen.TierClusterGen : SmallClusterGen.ClusterGen).Sample(cluster =>
        {
            var a = Linter.Lint(cluster).Diagnostics;
            var b = Linter.Lint(cluster).Diagnostics;
            return a.SequenceEqual(b) && a.All(d => d.Code.StartsWith("PAL2", StringComparison.Ordinal));
        }, iter: 1000, seed: null);
    }

    [Fact]
    public void RedundantRule_Removed_NoVerdictChanges()
    {
        var reported = 0;
        SmallClusterGen.ClusterGen.Sample(cluster =>
        {
            var before = Verdicts(cluster);
            foreach (var (policy, rule, _, _) in RedundantRule.Find(cluster))
            {
                reported++;
                if (!before.SequenceEqual(Verdicts(Replace(cluster, policy, Without(policy, rule)))))
                {
                    return false;
                }
            }

            return true;
        }, iter: 2000, seed: null);

        // The generator must actually produce redundant rules, or the law above says nothing.
        Assert.True(reported > 20, $"only {reported} redundant rules were generated");
    }

    [Fact]
    public void DuplicatePolicy_Removed_NoVerdictChanges()
    {
        var reported = 0;
        var duplicateGen = SmallClusterGen.ClusterGen.Where(c => c.Policies.Count > 0)
            .Select(c => c.WithPolicies([c.Policies[0] with { Ref = c.Policies[0].Ref with { Name = "zz-copy" } }]));
        duplicateGen.Sample(cluster =>
        {
            var before = Verdicts(cluster);
            foreach (var (duplicate, _) in DuplicatePolicy.Duplicates(cluster))
            {
                reported++;
                if (!before.SequenceEqual(Verdicts(Replace(cluster, duplicate, null))))
                {
                    return false;
                }
            }

            return true;
        }, iter: 500, seed: null);

        Assert.True(reported >= 500, $"every generated copy should be reported, got {reported}");
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
}
