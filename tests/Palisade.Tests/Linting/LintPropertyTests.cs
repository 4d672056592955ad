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

    /// <summary>
    /// On clusters of <paramref name="gen"/>, removing any one thing the linter reports (<paramref name="without"/>)
    /// leaves every verdict as it was; returns how many were reported, so a test can tell the law was exercised.
    /// </summary>
    private static int RemovingEachReported<T>(Gen<ClusterSnapshot> gen, int iter, Func<ClusterSnapshot, IEnumerable<T>> reported, Func<ClusterSnapshot, T, ClusterSnapshot> without)
    {
        var count = 0;
        gen.Sample(cluster =>
        {
            var before = Verdicts(cluster);
            foreach (var item in reported(cluster))
            {
                Interlocked.Increment(ref count);
                if (!before.SequenceEqual(Verdicts(without(cluster, item))))
                {
                    return false;
                }
            }

            return true;
        }, iter: iter, seed: null);
        return count;
    }

    [Fact]
    public void RedundantRule_Removed_NoVerdictChanges()
    {
        var reported = RemovingEachReported(
            SmallClusterGen.ClusterGen, 2000, c => RedundantRule.Find(c), (c, r) => Replace(c, r.Policy, Without(r.Policy, r.Rule)));

        // The generator must actually produce redundant rules, or the law above says nothing.
        Assert.True(reported > 20, $"only {reported} redundant rules were generated");
    }

    [Fact]
    public void DuplicatePolicy_Removed_NoVerdictChanges()
    {
        var duplicateGen = SmallClusterGen.ClusterGen.Where(c => c.Policies.Count > 0)
            .Select(c => c.WithPolicies([c.Policies[0] with { Ref = c.Policies[0].Ref with { Name = "zz-copy" } }]));

        var reported = RemovingEachReported(duplicateGen, 500, c => DuplicatePolicy.Duplicates(c), (c, d) => Replace(c, d.Duplicate, null));

        Assert.True(reported >= 500, $"every generated copy should be reported, got {reported}");
    }

    [Fact]
    public void ShadowedAdminRule_Removed_NoVerdictChanges()
    {
        var reported = RemovingEachReported(
            SmallClusterGen.TierClusterGen, 2000, c => ShadowedAdminRule.Find(c), (c, s) => WithoutRule(c, s.Policy, s.Rule));

        // The generator must produce shadowed rules, or the law above says nothing.
        Assert.True(reported > 20, $"only {reported} shadowed rules were generated");
    }
}
