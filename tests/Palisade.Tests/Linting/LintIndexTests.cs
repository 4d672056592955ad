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
        var generated = SyntheticCluster.Generate(Tier.S, 4);
        var copies = generated.Policies.Where((_, i) => i % 7 == 0)
            .Select(p => p with { Ref = new ObjectRef(p.Ref.Namespace, p.Ref.Name + "-copy") });
        var cluster = new ClusterSnapshot(generated.Namespaces, generated.Pods, generated.Workloads, generated.Services, generated.Policies.Concat(copies));

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
}
