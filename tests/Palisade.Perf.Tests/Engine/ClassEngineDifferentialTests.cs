using CsCheck;
using Palisade.Engine;
using Palisade.Engine.Classes;
using Palisade.Generation;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;

namespace Palisade.Perf.Tests.Engine;

/// <summary>The class engine against the exact engine, cell for cell, on thousands of generated small clusters.</summary>
public sealed class ClassEngineDifferentialTests
{
    private static readonly PortProtocol[] Probes =
    [
        new(1, Protocol.TCP), new(52, Protocol.UDP), new(53, Protocol.UDP), new(53, Protocol.TCP), new(79, Protocol.TCP),
        new(80, Protocol.TCP), new(81, Protocol.TCP), new(82, Protocol.TCP), new(83, Protocol.TCP), new(80, Protocol.SCTP),
        new(81, Protocol.SCTP), new(8080, Protocol.TCP), new(65535, Protocol.UDP),
    ];

    /// <summary>Where small clusters come from: <see cref="SyntheticCluster.Small"/> with random seeds, or <see cref="SmallClusterGen.ClusterGen"/>.</summary>
    public enum SmallClusters
    {
        Seeded,
        CsCheck,
    }

    [Theory]
    [InlineData(SmallClusters.Seeded, 3000)]
    [InlineData(SmallClusters.CsCheck, 1500)]
    public void ClassEngine_OnSmallClusters_EqualsPolicyEngineOnEveryCell(SmallClusters source, int iter) =>
        Generator(source).Sample(Agrees, iter: iter, seed: null);

    [Fact]
    public void ClassEngine_OnCsCheckTierClusters_EqualsPolicyEngineAndTierReferenceAtEveryAtomBound()
    {
        SmallClusterGen.TierClusterGen.Sample(TierAgrees, iter: 1500, seed: null);
    }

    [Fact]
    public void ClassEngine_OnTierClustersWithUnknownPodAddresses_SaysUndeterminedWhereReferenceDoes()
    {
        // IP-less pods next to cluster-wide networks peers: the tiers' undetermined cells must come through as such.
        var undetermined = 0;
        SmallClusterGen.TierClusterGen.Where(c => ClassEngine.UnknownAddressMatch(c) is null && c.Pods.Any(p => p.Ips.IsEmpty))
            .Sample(c =>
            {
                undetermined += CountUndetermined(c);
                return TierAgrees(c);
            }, iter: 800, seed: null);
        Assert.True(undetermined > 0, "no generated cluster had an undetermined cell");
    }

    [Fact]
    public void ClassEngine_PodsWithoutIpOutsideCidrs_EqualsPolicyEngineWithTheSameAssumption()
    {
        // The input the class engine refuses by default (IP-less pods and ipBlock peers) has exact verdicts once such
        // pods are taken to be outside every block; both engines must then agree cell for cell, tiers included.
        var options = new EngineOptions { PodsWithoutIpOutsideCidrs = true };
        var seen = 0;
        ClusterSnapshot? refused = null;
        SmallClusterGen.TierClusterGen.Where(c => ClassEngine.UnknownAddressMatch(c) is not null).Sample(cluster =>
        {
            seen++;
            refused ??= cluster;
            var reference = new PolicyEngine(cluster, options);
            var engine = new ClassEngine(cluster, options);
            var ports = engine.Atoms.SelectMany(a => a.Intervals).SelectMany(i => new[] { new PortProtocol(i.From, i.Protocol), new PortProtocol(i.To, i.Protocol) })
                .Concat(Probes).Distinct().ToArray();
            foreach (var s in cluster.Pods)
            {
                foreach (var d in cluster.Pods)
                {
                    foreach (var p in ports)
                    {
                        if (engine.Decide(s, d, p.Port, p.Protocol) != reference.Decide(new PodEndpoint(s), new PodEndpoint(d), p.Port, p.Protocol))
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }, iter: 600, seed: null);
        Assert.True(seen > 0);
        Assert.Throws<NotSupportedException>(() => new ClassEngine(refused!));
    }

    [Fact]
    public void PortSlices_OnSeededSmallClusters_EqualPolicyEngineAtEveryAtomBound()
    {
        Gen.Int.Sample(seed =>
        {
            var cluster = WithAddresses(SyntheticCluster.Small(seed));
            var reference = new PolicyEngine(cluster);
            var engine = new ClassEngine(cluster);
            foreach (var slice in engine.Connectivity().All(parallelism: 1))
            {
                foreach (var interval in slice.Atom.Intervals)
                {
                    foreach (var port in new[] { interval.From, interval.To })
                    {
                        foreach (var s in cluster.Pods)
                        {
                            foreach (var d in cluster.Pods)
                            {
                                if (slice.IsAllowed(engine, s, d) != reference.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), port, interval.Protocol))
                                {
                                    return false;
                                }
                            }
                        }
                    }
                }
            }

            return true;
        }, iter: 1000, seed: null);
    }

    [Theory]
    [InlineData(SmallClusters.Seeded, 1500)]
    [InlineData(SmallClusters.CsCheck, 1000)]
    public void Table_OnSmallClusters_EqualsPerAtomSlicesOnEveryAtom(SmallClusters source, int iter) =>
        Generator(source).Sample(TableAgreesWithSlices, iter: iter, seed: null);

    private static Gen<ClusterSnapshot> Generator(SmallClusters source) =>
        source == SmallClusters.Seeded ? Gen.Int.Select(SyntheticCluster.Small) : SmallClusterGen.ClusterGen;

    [Theory]
    [InlineData("port-ranges")]
    [InlineData("cidrs")]
    [InlineData("identical-policies")]
    [InlineData("unique-labels")]
    [InlineData("many-namespaces")]
    public void Table_OnScaledDownAdversarialShapes_EqualsPolicyEngineAtEveryAtomBound(string shape)
    {
        // Many atoms (port-ranges), excepts cutting through pod IPs (cidrs), identical policies, one class per pod,
        // many namespaces: each small enough to compare every pod pair at both bounds of every atom interval.
        var cluster = shape switch
        {
            "port-ranges" => SyntheticCluster.PortRanges(11, 60, 40),
            "cidrs" => SyntheticCluster.Cidrs(12, 80, 60),
            "identical-policies" => SyntheticCluster.IdenticalPolicies(60, 40),
            "unique-labels" => SyntheticCluster.UniqueLabels(13, 60),
            _ => SyntheticCluster.ManyNamespaces(14, 30),
        };
        var reference = new PolicyEngine(cluster);
        var engine = new ClassEngine(cluster);
        var table = engine.Table;
        var mismatches = 0;
        var checkedCells = 0;
        foreach (var atom in engine.Atoms)
        {
            foreach (var interval in atom.Intervals)
            {
                foreach (var port in interval.From == interval.To ? [interval.From] : new[] { interval.From, interval.To })
                {
                    foreach (var s in cluster.Pods)
                    {
                        foreach (var d in cluster.Pods)
                        {
                            if (ReferenceEquals(s, d))
                            {
                                continue;
                            }

                            checkedCells++;
                            var expected = reference.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), port, interval.Protocol);
                            if (table.IsAllowed(engine.ClassOf(s), engine.ClassOf(d), port, interval.Protocol) != expected)
                            {
                                mismatches++;
                            }
                        }
                    }
                }
            }
        }

        Assert.True(checkedCells > 0);
        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Table_OnGeneratedTierS_EqualsPerAtomSlicesOnEveryAtom()
    {
        Assert.True(TableAgreesWithSlices(SyntheticCluster.Generate(Tier.S, 5)));
    }

    [Fact]
    public void DenseMode_OnSeededSmallClusters_EqualsClassMode()
    {
        Gen.Int.Sample(seed =>
        {
            var cluster = WithAddresses(SyntheticCluster.Small(seed));
            var classes = new ClassEngine(cluster);
            var dense = new ClassEngine(cluster, podLevel: true);
            return Probes.All(p => classes.Connectivity().ForPort(p.Port, p.Protocol)!.CountPodPairs()
                == dense.Connectivity().ForPort(p.Port, p.Protocol)!.CountPodPairs());
        }, iter: 500, seed: null);
    }

    [Fact]
    public void ClassEngine_OnGeneratedTierS_EqualsPolicyEngineOnSampledCells()
    {
        var cluster = SyntheticCluster.Generate(Tier.S, 7);
        var reference = new PolicyEngine(cluster);
        var engine = new ClassEngine(cluster);
        Assert.True(engine.Classes.Count < cluster.Pods.Count);
        var rng = new Random(3);
        var ports = new PortProtocol[] { new(53, Protocol.UDP), new(8080, Protocol.TCP), new(9095, Protocol.TCP), new(443, Protocol.TCP), new(514, Protocol.UDP), new(3868, Protocol.SCTP) };
        var mismatches = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var s = cluster.Pods[rng.Next(cluster.Pods.Count)];
            var d = cluster.Pods[rng.Next(cluster.Pods.Count)];
            var p = ports[rng.Next(ports.Length)];
            if (engine.IsAllowed(s, d, p.Port, p.Protocol) != reference.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), p.Port, p.Protocol))
            {
                mismatches++;
            }
        }

        Assert.Equal(0, mismatches);
    }

    [Fact]
    public void Transpose64_OfRandomBlock_MovesEveryBit()
    {
        var rng = new Random(5);
        var size = 130;
        var m = new BitMatrix(size);
        for (var i = 0; i < 4000; i++)
        {
            Bits.Set(m.Row(rng.Next(size)), rng.Next(size));
        }

        var t = new BitMatrix(size);
        m.TransposeInto(t);
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                Assert.Equal(m.Get(r, c), t.Get(c, r));
            }
        }
    }

    /// <summary>The table against the per-atom bit matrices (the earlier algorithm), atom by atom, cell by cell.</summary>
    private static bool TableAgreesWithSlices(ClusterSnapshot cluster)
    {
        cluster = WithAddresses(cluster);
        var engine = new ClassEngine(cluster);
        var table = engine.Table;
        foreach (var slice in engine.Connectivity().All(parallelism: 1))
        {
            var derived = table.Slice(engine, slice.Atom);
            for (var s = 0; s < engine.Classes.Count; s++)
            {
                if (!slice.Allowed.ReadRow(s).SequenceEqual(derived.Allowed.ReadRow(s)))
                {
                    return false;
                }
            }

            if (table.CountPodPairs(slice.Atom) != slice.CountPodPairs())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Gives every pod without an IP one of its own: next to ipBlocks such pods make verdicts undetermined, which the
    /// class engine refuses (PAL183) rather than answer; the exact engine's undetermined cells are tested elsewhere.
    /// </summary>
    private static ClusterSnapshot WithAddresses(ClusterSnapshot cluster)
    {
        var pods = cluster.Pods.Select((p, i) => p.Ips.IsEmpty
            ? p with { Ips = new[] { IpAddr.Parse(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"10.200.{i / 250}.{(i % 250) + 1}")) } }
            : p).ToList();
        return new ClusterSnapshot(cluster.Namespaces, pods, cluster.Workloads, cluster.Services, cluster.Policies, cluster.AdminPolicies, cluster.Nodes);
    }

    /// <summary>
    /// Every pod pair at every atom bound and probe port: the class engine's three-way decision equals the exact
    /// engine's and the tier reference evaluator's; the table, the slices and IsAllowed agree with it. A NetworkPolicy
    /// ipBlock next to an IP-less pod is refused by the class engine, so such pods get addresses first.
    /// </summary>
    private static bool TierAgrees(ClusterSnapshot cluster)
    {
        if (ClassEngine.UnknownAddressMatch(cluster) is not null)
        {
            cluster = WithAddresses(cluster);
        }

        var reference = new PolicyEngine(cluster);
        var engine = new ClassEngine(cluster);
        var ports = engine.Atoms.SelectMany(a => a.Intervals).SelectMany(i => new[] { new PortProtocol(i.From, i.Protocol), new PortProtocol(i.To, i.Protocol) })
            .Concat(Probes).Distinct().ToArray();
        foreach (var s in cluster.Pods)
        {
            foreach (var d in cluster.Pods)
            {
                foreach (var p in ports)
                {
                    var expected = reference.Decide(new PodEndpoint(s), new PodEndpoint(d), p.Port, p.Protocol);
                    var simple = TierReferenceEvaluator.Allowed(cluster, s, null, d, null, p.Port, p.Protocol);
                    var simpleAnswer = simple is null ? Reachability.Undetermined : simple.Value ? Reachability.Allowed : Reachability.Denied;
                    var actual = engine.Decide(s, d, p.Port, p.Protocol);
                    if (actual != expected || actual != simpleAnswer
                        || engine.IsAllowed(s, d, p.Port, p.Protocol) != (expected == Reachability.Allowed)
                        || engine.Connectivity().ForPort(p.Port, p.Protocol)!.IsAllowed(engine, s, d) != (expected == Reachability.Allowed))
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }

    private static int CountUndetermined(ClusterSnapshot cluster)
    {
        var engine = new ClassEngine(cluster);
        return Enumerable.Range(0, engine.Classes.Count).Sum(s => engine.Table.UndeterminedRowCells(s).Count());
    }

    private static bool Agrees(ClusterSnapshot cluster)
    {
        cluster = WithAddresses(cluster);
        var reference = new PolicyEngine(cluster);
        var engine = new ClassEngine(cluster);
        foreach (var s in cluster.Pods)
        {
            foreach (var d in cluster.Pods)
            {
                foreach (var p in Probes)
                {
                    var expected = reference.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), p.Port, p.Protocol);
                    if (engine.IsAllowed(s, d, p.Port, p.Protocol) != expected)
                    {
                        return false;
                    }

                    if (engine.Connectivity().ForPort(p.Port, p.Protocol)!.IsAllowed(engine, s, d) != expected)
                    {
                        return false;
                    }

                    if (!ReferenceEquals(s, d) && engine.Table.IsAllowed(engine.ClassOf(s), engine.ClassOf(d), p.Port, p.Protocol) != expected)
                    {
                        return false;
                    }
                }
            }
        }

        return true;
    }
}
