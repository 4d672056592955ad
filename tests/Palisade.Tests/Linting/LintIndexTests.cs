using CsCheck;
using Palisade.Generation;
using Palisade.Linting;
using Palisade.Linting.Rules;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;

namespace Palisade.Tests.Linting;

/// <summary>
/// The lint indexes (pods by address, duplicate buckets, memoised selections) answer exactly what a scan of every pod
/// or every pair of policies answers: on random small clusters and on a generated tier S cluster.
/// </summary>
public sealed class LintIndexTests
{
    private static IEnumerable<IpCidr> Blocks(ClusterSnapshot cluster) =>
        cluster.Policies.SelectMany(p => p.Ingress.Concat(p.Egress))
            .SelectMany(r => r.Peers is Peers list ? list.Items.OfType<IpBlockPeer>() : [])
            .SelectMany(b => b.Except.Append(b.Cidr))
            .Concat(cluster.Pods.SelectMany(p => p.Ips).SelectMany(ip => new[] { ip.ToCidr(), new IpCidr(ip, ip.IsV6 ? 120 : 24), new IpCidr(ip, 0) }));

    private static void AssertAddressIndexEqualsScan(ClusterSnapshot cluster)
    {
        var context = new LintContext(cluster);
        foreach (var cidr in Blocks(cluster).Distinct())
        {
            var scanned = cluster.Pods.Where(p => !p.HostNetwork && p.Ips.Any(cidr.Contains)).ToList();
            Assert.Equal(scanned, context.PodsWithIpIn(cidr));
        }
    }

    /// <summary>
    /// Blocks with except ranges: the input's own, and for every pod address /0 and /16 blocks with that address's /24
    /// and /32 (nested and overlapping excepts), so that the index's jumps over except ranges meet every case.
    /// </summary>
    private static IEnumerable<IpBlockPeer> BlocksWithExcept(ClusterSnapshot cluster) =>
        cluster.Policies.SelectMany(p => p.Ingress.Concat(p.Egress))
            .SelectMany(r => r.Peers is Peers list ? list.Items.OfType<IpBlockPeer>() : [])
            .Concat(cluster.Pods.SelectMany(p => p.Ips).Take(20).SelectMany(ip => new[]
            {
                new IpBlockPeer(new IpCidr(ip, 0), new[] { new IpCidr(ip, ip.IsV6 ? 120 : 24) }.ToEquatableArray()),
                new IpBlockPeer(new IpCidr(ip, ip.IsV6 ? 112 : 16), new[] { ip.ToCidr(), new IpCidr(ip, ip.IsV6 ? 120 : 24) }.ToEquatableArray()),
                new IpBlockPeer(new IpCidr(ip, 0), new[] { ip.ToCidr() }.ToEquatableArray()),
            }));

    private static void AssertExceptIndexEqualsScan(ClusterSnapshot cluster)
    {
        var context = new LintContext(cluster);
        foreach (var block in BlocksWithExcept(cluster).Distinct())
        {
            var scanned = cluster.Pods.Where(p => !p.HostNetwork && p.Ips.Any(block.Matches)).ToList();
            Assert.Equal(scanned, context.PodsWithIpIn(block.Cidr, block.Except));
        }
    }

    /// <summary>A generated tier S cluster (of <paramref name="seed"/>) with the policies <paramref name="copy"/> makes from its own added.</summary>
    private static ClusterSnapshot WithCopies(int seed, Func<IReadOnlyList<NetworkPolicy>, IEnumerable<NetworkPolicy>> copy)
    {
        var generated = SyntheticCluster.Generate(Tier.S, seed);
        return new ClusterSnapshot(generated.Namespaces, generated.Pods, generated.Workloads, generated.Services, generated.Policies.Concat(copy(generated.Policies)));
    }

    /// <summary>The pairwise comparison PAL213 made before it bucketed policies.</summary>
    private static List<(NetworkPolicy Duplicate, NetworkPolicy Original)> PairwiseDuplicates(ClusterSnapshot cluster)
    {
        var found = new List<(NetworkPolicy, NetworkPolicy)>();
        var policies = cluster.Policies;
        for (var i = 0; i < policies.Count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var (a, b) = (policies[j], policies[i]);
                if (a.Ref.Namespace == b.Ref.Namespace && a.PodSelector.Equals(b.PodSelector) && a.PolicyTypes == b.PolicyTypes
                    && (!a.Isolates(Direction.Ingress) || (Coverage.Rules(a, b, Direction.Ingress) && Coverage.Rules(b, a, Direction.Ingress)))
                    && (!a.Isolates(Direction.Egress) || (Coverage.Rules(a, b, Direction.Egress) && Coverage.Rules(b, a, Direction.Egress))))
                {
                    found.Add((b, a));
                    break;
                }
            }
        }

        return found;
    }

    [Fact]
    public void PodsWithIpIn_OnRandomSmallClusters_EqualsScanOfEveryPod() =>
        SmallClusterGen.ClusterGen.Sample(cluster => AssertAddressIndexEqualsScan(cluster), iter: 200);

    [Fact]
    public void PodsWithIpIn_OnTierS_EqualsScanOfEveryPod() =>
        AssertAddressIndexEqualsScan(SyntheticCluster.Generate(Tier.S, 3));

    [Fact]
    public void PodsWithIpInExcept_OnRandomSmallClusters_EqualsScanOfEveryPod() =>
        SmallClusterGen.ClusterGen.Sample(cluster => AssertExceptIndexEqualsScan(cluster), iter: 200);

    [Fact]
    public void PodsWithIpInExcept_OnTierS_EqualsScanOfEveryPod() =>
        AssertExceptIndexEqualsScan(SyntheticCluster.Generate(Tier.S, 3));

    [Fact]
    public void Duplicates_OnRandomSmallClusters_EqualPairwiseComparison() =>
        SmallClusterGen.ClusterGen.Sample(
            cluster => Assert.Equal(PairwiseDuplicates(cluster), DuplicatePolicy.Duplicates(cluster).ToList()), iter: 300);

    [Fact]
    public void Duplicates_OnClustersWithCopiedPolicies_EqualPairwiseComparison()
    {
        // Random clusters rarely hold duplicates: copy some policies under new names so the buckets have work to do.
        var cluster = WithCopies(4, policies => policies.Where((_, i) => i % 7 == 0)
            .Select(p => p with { Ref = new ObjectRef(p.Ref.Namespace, p.Ref.Name + "-copy") }));

        var duplicates = DuplicatePolicy.Duplicates(cluster).ToList();

        Assert.NotEmpty(duplicates);
        Assert.Equal(PairwiseDuplicates(cluster), duplicates);
    }

    [Fact]
    public void SelectedPodsAndPeerPods_AskedTwice_AnswerTheSameAsAFreshContext()
    {
        var cluster = SyntheticCluster.Generate(Tier.S, 5);
        var shared = new LintContext(cluster);
        foreach (var policy in cluster.Policies.Take(200))
        {
            Assert.Equal(new LintContext(cluster).SelectedPods(policy), shared.SelectedPods(policy));
            foreach (var peer in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers is Peers list ? list.Items.OfType<PodPeer>() : []))
            {
                var fresh = new LintContext(cluster);
                Assert.Equal(fresh.PeerPods(policy, peer), shared.PeerPods(policy, peer));
                Assert.Equal(fresh.PeerPods(policy, peer, hostNetwork: true), shared.PeerPods(policy, peer, hostNetwork: true));
            }
        }
    }

    /// <summary>The selections as the context computed them before the label indexes: a scan of every pod or namespace.</summary>
    private static void AssertLabelIndexesEqualScan(ClusterSnapshot cluster)
    {
        var context = new LintContext(cluster);
        var selectors = cluster.Policies.Select(p => p.PodSelector)
            .Concat(cluster.Policies.SelectMany(p => p.Ingress.Concat(p.Egress))
                .SelectMany(r => r.Peers is Peers list ? list.Items.OfType<PodPeer>() : [])
                .SelectMany(peer => peer.Namespaces is SelectedNamespaces sn ? new[] { peer.PodSelector, sn.Selector } : [peer.PodSelector]))
            .Distinct().ToList();
        foreach (var selector in selectors)
        {
            Assert.Equal(cluster.Pods.Where(p => selector.Matches(p.Labels)), context.PodsMatchingAnywhere(selector));
            Assert.Equal(cluster.Namespaces.Where(n => LintContext.NamespaceMayMatch(selector, n)), context.NamespacesMayMatch(selector));
            foreach (var ns in cluster.Namespaces)
            {
                Assert.Equal(cluster.Pods.Where(p => p.Namespace == ns.Name && selector.Matches(p.Labels)), context.PodsMatching(ns.Name, selector));
            }
        }

        foreach (var policy in cluster.Policies)
        {
            Assert.Equal(cluster.Pods.Where(p => p.Namespace == policy.Ref.Namespace && !p.HostNetwork && policy.PodSelector.Matches(p.Labels)), context.SelectedPods(policy));
            foreach (var peer in policy.Ingress.Concat(policy.Egress).SelectMany(r => r.Peers is Peers list ? list.Items.OfType<PodPeer>() : []))
            {
                var namespaces = peer.Namespaces is SelectedNamespaces sn
                    ? cluster.Namespaces.Where(n => LintContext.NamespaceMayMatch(sn.Selector, n)).ToList()
                    : cluster.Namespaces.Where(n => n.Name == policy.Ref.Namespace).ToList();
                foreach (var hostNetwork in new[] { false, true })
                {
                    var scanned = namespaces.SelectMany(n => cluster.Pods.Where(p => p.Namespace == n.Name))
                        .Where(p => p.HostNetwork == hostNetwork && peer.PodSelector.Matches(p.Labels));
                    Assert.Equal(scanned, context.PeerPods(policy, peer, hostNetwork));
                }
            }
        }
    }

    [Fact]
    public void LabelIndexes_OnRandomSmallClusters_EqualScanOfEveryPodAndNamespace() =>
        SmallClusterGen.ClusterGen.Sample(cluster => AssertLabelIndexesEqualScan(cluster), iter: 200);

    [Fact]
    public void LabelIndexes_OnTierClusters_EqualScanOfEveryPodAndNamespace() =>
        SmallClusterGen.TierClusterGen.Sample(cluster => AssertLabelIndexesEqualScan(cluster), iter: 100);

    [Fact]
    public void LabelIndexes_OnTierS_EqualScanOfEveryPodAndNamespace() =>
        AssertLabelIndexesEqualScan(SyntheticCluster.Generate(Tier.S, 6));

    /// <summary>PAL212's search as it was before the selector-subset index: every policy of the namespace, in order.</summary>
    private static List<(NetworkPolicy, PolicyRule, NetworkPolicy, PolicyRule)> PairwiseRedundant(ClusterSnapshot cluster)
    {
        var duplicates = PairwiseDuplicates(cluster).Select(d => d.Duplicate).ToHashSet();
        var found = new List<(NetworkPolicy, PolicyRule, NetworkPolicy, PolicyRule)>();
        foreach (var policy in cluster.Policies.Where(p => !duplicates.Contains(p)))
        {
            foreach (var rule in new[] { Direction.Ingress, Direction.Egress }.Where(policy.Isolates).SelectMany(d => policy.Rules(d)))
            {
                var cover = cluster.Policies
                    .Where(o => o.Ref.Namespace == policy.Ref.Namespace && o.Isolates(rule.Direction) && !duplicates.Contains(o) && Coverage.Selector(o.PodSelector, policy.PodSelector))
                    .SelectMany(o => o.Rules(rule.Direction).Select(c => (Other: o, Candidate: c)))
                    .Where(x => !(ReferenceEquals(x.Other, policy) && x.Candidate.Index == rule.Index) && Coverage.Rule(x.Candidate, rule))
                    .Where(x => !(Coverage.Selector(policy.PodSelector, x.Other.PodSelector) && Coverage.Rule(rule, x.Candidate))
                        || (ReferenceEquals(x.Other, policy) ? x.Candidate.Index < rule.Index : x.Other.Ref.CompareTo(policy.Ref) < 0))
                    .Select(x => ((NetworkPolicy, PolicyRule)?)(x.Other, x.Candidate)).FirstOrDefault();
                if (cover is var (o, c))
                {
                    found.Add((policy, rule, o, c));
                }
            }
        }

        return found;
    }

    [Fact]
    public void RedundantRules_OnRandomSmallClusters_EqualPairwiseSearch() =>
        SmallClusterGen.ClusterGen.Sample(cluster => Assert.Equal(PairwiseRedundant(cluster), RedundantRule.Find(cluster).ToList()), iter: 300);

    [Fact]
    public void RedundantRules_OnTierSWithCopiedRules_EqualPairwiseSearch()
    {
        // Copies with one requirement more and one rule fewer: their rules are covered by the originals' (a subset lookup).
        var cluster = WithCopies(7, policies => policies.Where((p, i) => i % 5 == 0 && p.Ingress.Count > 0)
            .Select(p => p with
            {
                Ref = new ObjectRef(p.Ref.Namespace, p.Ref.Name + "-narrow"),
                PodSelector = new LabelSelector(p.PodSelector.Requirements.Items.Append(new SelectorRequirement("extra", SelectorOperator.Exists, EquatableArray<string>.Empty)).ToEquatableArray()),
            }));

        var found = RedundantRule.Find(cluster).ToList();

        Assert.NotEmpty(found);
        Assert.Equal(PairwiseRedundant(cluster), found);
    }

    [Fact]
    public void Linter_OneWorkerOrTwo_SameFindings()
    {
        var cluster = SyntheticCluster.Generate(Tier.S, 8);

        var serial = new Linter { Parallelism = 1 }.Run(cluster);
        var parallel = new Linter { Parallelism = 2 }.Run(cluster);

        Assert.NotEmpty(serial.Findings);
        Assert.Equal(serial.Findings, parallel.Findings);
        Assert.Equal(serial.Suppressed, parallel.Suppressed);
    }

    [Fact]
    public void PortSummaries_PoliciesWithOneNamespaceAndPodSelector_SummariseThePodsOnce()
    {
        // Three `{}` policies of one namespace select the same pods: what those declare is summarised once for PAL209,
        // PAL210 and PAL216 (it was summarised once per policy).
        var policies = string.Concat(Enumerable.Range(1, 3).Select(i => $$"""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: p{{i}}, namespace: dev}
            spec:
              podSelector: {}
              policyTypes: [Ingress]
              ingress: [{ports: [{port: {{8000 + i}}}, {port: http}]}]
            ---

            """));
        var context = LintInput.Context(LintInput.Pod("dev", "web", "app: web", ports: "http:8080") + policies);

        var findings = new Linter { Parallelism = 1 }.Run(context).Findings;

        Assert.DoesNotContain(findings, f => f.Code is "PAL209" or "PAL210" or "PAL216");
        Assert.Equal(1, context.Counters.PortSummaries);
    }
}
