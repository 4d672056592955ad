using CsCheck;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;
using static Palisade.Tests.Engine.ClusterBuilder;

namespace Palisade.Tests.Engine;

/// <summary>
/// <see cref="PodPartition"/>, the one grouping of pods no policy can tell apart: checked by brute force against the
/// exact engine's verdict rows on generated clusters, and case by case where a verdict is undetermined or depends on
/// something a label projection could miss (the partition must keep such pods apart, never merge them).
/// </summary>
public sealed class PodPartitionTests
{
    private static readonly PortProtocol Tcp80 = new(80, Protocol.TCP);

    public static TheoryData<string, bool> Generators => new()
    {
        { nameof(SmallClusterGen.ClusterGen), false },
        { nameof(SmallClusterGen.ClusterGen), true },
        { nameof(SmallClusterGen.TierClusterGen), false },
        { nameof(SmallClusterGen.TierClusterGen), true },
        { nameof(SmallClusterGen.WorkloadClusterGen), false },
        { nameof(SmallClusterGen.WireClusterGen), false },
    };

    [Theory]
    [MemberData(nameof(Generators))]
    public void Partition_OnGeneratedClusters_GroupsOnlyPodsWithTheSameVerdictRow(string generator, bool podsWithoutIpOutsideCidrs)
    {
        Generator(generator).Sample(cluster =>
        {
            var engine = new PolicyEngine(cluster, new EngineOptions { PodsWithoutIpOutsideCidrs = podsWithoutIpOutsideCidrs });
            var partition = engine.Partition;
            var members = partition.Classes.SelectMany(c => c).ToList();
            if (members.Count != cluster.Pods.Count || members.Distinct(ReferenceEqualityComparer.Instance).Count() != cluster.Pods.Count)
            {
                return false; // every pod in exactly one class
            }

            return partition.Classes.All(c => c.Skip(1).All(q => FirstDifference(engine, c[0], q, SmallClusterGen.ProbePorts) is null));
        }, iter: 600, seed: null);
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void Matrix_OnGeneratedClusters_EqualsEveryPodPairOfEachCell(string generator, bool podsWithoutIpOutsideCidrs)
    {
        // The matrix evaluates one pod per partition class of each workload; the cell must equal the verdict over every
        // pod pair (an endpoint with itself: every pair of distinct pods, and each pod with a replica of itself).
        Generator(generator).Sample(cluster =>
        {
            var engine = new PolicyEngine(cluster, new EngineOptions { PodsWithoutIpOutsideCidrs = podsWithoutIpOutsideCidrs });
            var matrix = new ConnectivityMatrix(engine, SmallClusterGen.ProbePorts);
            foreach (var from in matrix.Endpoints)
            {
                foreach (var to in matrix.Endpoints)
                {
                    foreach (var port in matrix.PortsFor(to))
                    {
                        var expected = EveryPair(engine, from, to, port);
                        if (matrix.Decide(from, to, port) != expected || matrix.ExplainCell(from, to, port).Decided.Reachability != expected)
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }, iter: 400, seed: null);
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void ClassIndex_OnGeneratedClusters_HasThePartitionsClasses(string generator, bool podsWithoutIpOutsideCidrs)
    {
        Generator(generator).Sample(cluster =>
        {
            var engine = new PolicyEngine(cluster, new EngineOptions { PodsWithoutIpOutsideCidrs = podsWithoutIpOutsideCidrs });
            if (PolicyEngine.UnknownAddressMatch(cluster) is not null)
            {
                return true; // the class index refuses such input
            }

            var classes = engine.ClassIndex.Classes;
            return classes.Count == engine.Partition.Classes.Count
                && classes.All(c => c.Pods.SequenceEqual(engine.Partition.Classes[c.Id], ReferenceEqualityComparer.Instance)
                    && c.Pods.All(p => engine.ClassIndex.ClassOf(p).Id == engine.Partition.ClassOf(p)));
        }, iter: 300, seed: null);
    }

    [Fact]
    public void PodWithoutIp_BehindIpBlock_IsKeptApartFromPodWithIp()
    {
        // Same labels; one pod's IP is not in the input, so a rule with an ipBlock peer may or may not admit it.
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/known", "10.0.0.1", ["app", "web"])
            .Pod("x/unknown", null, ["app", "web"])
            .Pod("x/db", "10.0.0.9", ["app", "db"])
            .Policy(Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([Block("10.0.0.0/24")])]))
            .Build();
        var engine = AssertApart(cluster, "x/known", "x/unknown");
        Assert.Equal(Reachability.Allowed, Decide(engine, "x/known", "x/db"));
        Assert.Equal(Reachability.Undetermined, Decide(engine, "x/unknown", "x/db"));

        var assumed = new PolicyEngine(cluster, new EngineOptions { PodsWithoutIpOutsideCidrs = true });
        Assert.NotEqual(assumed.Partition.ClassOf(Pod(cluster, "x/known")), assumed.Partition.ClassOf(Pod(cluster, "x/unknown")));
        Assert.Equal(Reachability.Denied, Decide(assumed, "x/unknown", "x/db"));
    }

    [Fact]
    public void PodsWithoutIp_WithTheSameLabels_ShareAClass_AndAreBothUndetermined()
    {
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/a", null, ["app", "web"])
            .Pod("x/b", null, ["app", "web", "version", "2"])
            .Pod("x/db", "10.0.0.9", ["app", "db"])
            .Policy(Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([Block("10.0.0.0/24")])]))
            .Build();
        var engine = AssertTogether(cluster, "x/a", "x/b");
        Assert.Equal(Reachability.Undetermined, Decide(engine, "x/a", "x/db"));
        Assert.Equal(Reachability.Undetermined, Decide(engine, "x/b", "x/db"));
    }

    [Fact]
    public void WorkloadWithAPodWithoutIp_BehindIpBlock_CellIsUndetermined()
    {
        // The replicas differ only in whether the input gives their IP: the matrix must evaluate both.
        var web = new WorkloadRef("Deployment", new ObjectRef("x", "web"));
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", null, declared: true)],
            [
                new Pod(new ObjectRef("x", "web-1"), Labels.Of("app", "web"), new[] { IpAddr.Parse("10.0.0.1") }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, web),
                new Pod(new ObjectRef("x", "web-2"), Labels.Of("app", "web"), EquatableArray<IpAddr>.Empty, false, EquatableArray<ContainerPort>.Empty, web),
                new Pod(new ObjectRef("x", "db"), Labels.Of("app", "db"), new[] { IpAddr.Parse("10.0.0.9") }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, null),
            ],
            [new Workload("Deployment", web.Ref, Labels.Of("app", "web"), 2)],
            [],
            [Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([Block("10.0.0.0/24")])])]);
        var matrix = new ConnectivityMatrix(new PolicyEngine(cluster), [Tcp80]);
        var from = matrix.Endpoints.Single(e => e.Ref.Name == "web");
        var to = matrix.Endpoints.Single(e => e.Ref.Name == "db");
        Assert.Equal(Reachability.Undetermined, matrix.Decide(from, to, Tcp80));
        Assert.Equal(2, matrix.ExplainCell(from, to, Tcp80).Pairs);
    }

    [Fact]
    public void UnresolvedNamedPort_IsKeptApartFromAPodThatDeclaresIt()
    {
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/declares", "10.0.0.1", ["app", "web"], new ContainerPort("http", 80, Protocol.TCP))
            .Pod("x/undeclared", "10.0.0.2", ["app", "web"])
            .Pod("x/client", "10.0.0.9", ["app", "client"])
            .Policy(Policy("x/web-in", LabelSelector.MatchLabels("app", "web"), ingress: [Rule([], Named("http"))]))
            .Build();
        var engine = AssertApart(cluster, "x/declares", "x/undeclared");
        Assert.Equal(Reachability.Allowed, Decide(engine, "x/client", "x/declares"));
        Assert.Equal(Reachability.Denied, Decide(engine, "x/client", "x/undeclared"));
    }

    [Fact]
    public void UnnamedContainerPorts_NoRuleNames_DoNotSplitAClass()
    {
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/a", "10.0.0.1", ["app", "web"], new ContainerPort(null, 8080, Protocol.TCP))
            .Pod("x/b", "10.0.0.2", ["app", "web"], new ContainerPort("metrics", 9090, Protocol.TCP))
            .Pod("x/client", "10.0.0.9", ["app", "client"])
            .Policy(Policy("x/web-in", LabelSelector.MatchLabels("app", "web"), ingress: [Rule([PodSel("app", "client")], Tcp(8080))]))
            .Build();
        AssertTogether(cluster, "x/a", "x/b");
    }

    [Fact]
    public void UndeclaredNamespace_ItsLabelsAreItsNameOnly_KeptApartFromADeclaredOneASelectorMatches()
    {
        // Namespace z is only referred to: the engine reads its labels as the name label alone, so a namespaceSelector
        // on team=a matches y's pods and not z's, although the pods' labels are equal.
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", null, declared: true), Namespace.Create("y", Labels.Of("team", "a"), declared: true)],
            [
                new Pod(new ObjectRef("x", "db"), Labels.Of("app", "db"), new[] { IpAddr.Parse("10.0.0.9") }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, null),
                new Pod(new ObjectRef("y", "c"), Labels.Of("app", "client"), new[] { IpAddr.Parse("10.0.0.1") }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, null),
                new Pod(new ObjectRef("z", "c"), Labels.Of("app", "client"), new[] { IpAddr.Parse("10.0.0.2") }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, null),
                new Pod(new ObjectRef("w", "c"), Labels.Of("app", "client"), new[] { IpAddr.Parse("10.0.0.3") }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, null),
            ],
            [],
            [],
            [Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([NsSel("team", "a")])])]);
        Assert.False(cluster.Namespaces.Single(n => n.Name == "z").Declared);
        var engine = AssertApart(cluster, "y/c", "z/c");
        Assert.Equal(Reachability.Allowed, Decide(engine, "y/c", "x/db"));
        Assert.Equal(Reachability.Denied, Decide(engine, "z/c", "x/db"));

        // Two undeclared namespaces look alike to every selector: their pods share a class.
        AssertTogether(cluster, "z/c", "w/c");
    }

    [Fact]
    public void NamespaceWithPolicies_IsKeptApartFromALookalikeNamespace()
    {
        // A podSelector-only peer admits pods of the policy's own namespace only.
        var cluster = new ClusterBuilder().Ns("x").Ns("y")
            .Pod("x/c", "10.0.0.1", ["app", "client"])
            .Pod("y/c", "10.0.0.2", ["app", "client"])
            .Pod("x/db", "10.0.0.9", ["app", "db"])
            .Policy(Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([PodSel("app", "client")])]))
            .Build();
        var engine = AssertApart(cluster, "x/c", "y/c");
        Assert.Equal(Reachability.Allowed, Decide(engine, "x/c", "x/db"));
        Assert.Equal(Reachability.Denied, Decide(engine, "y/c", "x/db"));
    }

    [Fact]
    public void HostNetworkPod_IsLikeAnyPodForNetworkPolicy_ButApartUnderClusterWidePolicies()
    {
        var pods = new ClusterBuilder().Ns("x")
            .Pod("x/pod", "10.0.0.1", ["app", "web"])
            .HostNetworkPod("x/host", "10.0.0.2", "app", "web")
            .Pod("x/client", "10.0.0.9", ["app", "client"])
            .Policy(Policy("x/web-in", LabelSelector.MatchLabels("app", "web"), ingress: [Rule([PodSel("app", "client")])]))
            .Build();
        AssertTogether(pods, "x/pod", "x/host");

        // A cluster-wide Deny on app=web never has a host-network pod as subject.
        var deny = new AdminPolicy(AdminPolicyKind.ClusterNetworkPolicy, "deny-web", PolicyTier.Admin, 1,
            new AdminSubject(LabelSelector.Everything, LabelSelector.MatchLabels("app", "web")),
            new[] { new AdminRule(Direction.Ingress, 0, string.Empty, AdminAction.Deny, new AdminPeer[] { new AdminPodsPeer(LabelSelector.Everything, LabelSelector.Everything) }, AnyAdminPort.Instance) },
            EquatableArray<AdminRule>.Empty);
        var tiered = pods.WithAdminPolicies([deny]);
        var engine = AssertApart(tiered, "x/pod", "x/host");
        Assert.Equal(Reachability.Denied, Decide(engine, "x/client", "x/pod"));
        Assert.Equal(Reachability.Allowed, Decide(engine, "x/client", "x/host"));
    }

    [Fact]
    public void HostNetworkPods_OnDifferentNodes_AreApartWhenANodesPeerSelectsOneNode()
    {
        // Same labels and no IP in the input: spec.nodeName alone says which node's addresses each pod has.
        var nodes = new[]
        {
            new Node("n0", Labels.Of("role", "infra"), new[] { IpAddr.Parse("192.168.0.10") }.ToEquatableArray()),
            new Node("n1", Labels.Empty, new[] { IpAddr.Parse("192.168.0.11") }.ToEquatableArray()),
        };
        var deny = new AdminPolicy(AdminPolicyKind.ClusterNetworkPolicy, "deny-infra", PolicyTier.Admin, 1,
            new AdminSubject(LabelSelector.Everything, LabelSelector.MatchLabels("app", "client")),
            EquatableArray<AdminRule>.Empty,
            new[] { new AdminRule(Direction.Egress, 0, string.Empty, AdminAction.Deny, new AdminPeer[] { new AdminNodesPeer(LabelSelector.MatchLabels("role", "infra")) }, AnyAdminPort.Instance) });
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", null, declared: true)],
            [
                new Pod(new ObjectRef("x", "agent-0"), Labels.Of("app", "agent"), EquatableArray<IpAddr>.Empty, true, EquatableArray<ContainerPort>.Empty, null) { NodeName = "n0" },
                new Pod(new ObjectRef("x", "agent-1"), Labels.Of("app", "agent"), EquatableArray<IpAddr>.Empty, true, EquatableArray<ContainerPort>.Empty, null) { NodeName = "n1" },
                new Pod(new ObjectRef("x", "client"), Labels.Of("app", "client"), new[] { IpAddr.Parse("10.0.0.9") }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, null),
            ],
            [],
            [],
            [],
            [deny],
            nodes);
        var engine = AssertApart(cluster, "x/agent-0", "x/agent-1");
        Assert.Equal(Reachability.Denied, Decide(engine, "x/client", "x/agent-0"));
        Assert.Equal(Reachability.Allowed, Decide(engine, "x/client", "x/agent-1"));
    }

    [Fact]
    public void PodWithoutIp_NextToClusterWideNetworksPeer_IsKeptApartFromPodWithIp()
    {
        var deny = new AdminPolicy(AdminPolicyKind.ClusterNetworkPolicy, "deny-net", PolicyTier.Admin, 1,
            new AdminSubject(LabelSelector.Everything, LabelSelector.MatchLabels("app", "client")),
            EquatableArray<AdminRule>.Empty,
            new[] { new AdminRule(Direction.Egress, 0, string.Empty, AdminAction.Deny, new AdminPeer[] { new AdminNetworksPeer(new[] { IpCidr.Parse("10.0.0.0/30") }.ToEquatableArray()) }, AnyAdminPort.Instance) });
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/known", "10.0.0.1", ["app", "web"])
            .Pod("x/unknown", null, ["app", "web"])
            .Pod("x/client", "10.0.0.9", ["app", "client"])
            .Build()
            .WithAdminPolicies([deny]);
        var engine = AssertApart(cluster, "x/known", "x/unknown");
        Assert.Equal(Reachability.Denied, Decide(engine, "x/client", "x/known"));
        Assert.Equal(Reachability.Undetermined, Decide(engine, "x/client", "x/unknown"));
    }

    [Fact]
    public void DomainNamesPeer_UndeterminedForEveryDestination_DoesNotSplitAClass()
    {
        var allow = new AdminPolicy(AdminPolicyKind.ClusterNetworkPolicy, "allow-dns-names", PolicyTier.Admin, 1,
            new AdminSubject(LabelSelector.Everything, LabelSelector.MatchLabels("app", "client")),
            EquatableArray<AdminRule>.Empty,
            new[] { new AdminRule(Direction.Egress, 0, string.Empty, AdminAction.Allow, new AdminPeer[] { new AdminDomainNamesPeer(new[] { "example.com" }.ToEquatableArray()) }, AnyAdminPort.Instance) });
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/a", "10.0.0.1", ["app", "web", "version", "1"])
            .Pod("x/b", "10.0.0.2", ["app", "web", "version", "2"])
            .Pod("x/client", "10.0.0.9", ["app", "client"])
            .Build()
            .WithAdminPolicies([allow]);
        var engine = AssertTogether(cluster, "x/a", "x/b");
        Assert.Equal(Reachability.Undetermined, Decide(engine, "x/client", "x/a"));
    }

    [Fact]
    public void AddressesInOneIpBlockInterval_DoNotSplitAClass_ButAnExceptDoes()
    {
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/a", "10.0.0.1", ["app", "web"])
            .Pod("x/b", "10.0.0.2", ["app", "web"])
            .Pod("x/excepted", "10.0.0.5", ["app", "web"])
            .Pod("x/db", "10.0.1.9", ["app", "db"])
            .Policy(Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([Block("10.0.0.0/24", "10.0.0.4/30")])]))
            .Build();
        AssertTogether(cluster, "x/a", "x/b");
        var engine = AssertApart(cluster, "x/a", "x/excepted");
        Assert.Equal(Reachability.Denied, Decide(engine, "x/excepted", "x/db"));
    }

    private static Gen<ClusterSnapshot> Generator(string name) => name switch
    {
        nameof(SmallClusterGen.ClusterGen) => SmallClusterGen.ClusterGen,
        nameof(SmallClusterGen.TierClusterGen) => SmallClusterGen.TierClusterGen,
        nameof(SmallClusterGen.WorkloadClusterGen) => SmallClusterGen.WorkloadClusterGen,
        nameof(SmallClusterGen.WireClusterGen) => SmallClusterGen.WireClusterGen,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown generator"),
    };

    /// <summary>
    /// Where two pods' verdict rows differ: toward and from every other pod and the external addresses, on every port,
    /// and the two with each other (both ways, and each with a replica of itself, which the matrix's self cells use).
    /// Null when the rows are equal.
    /// </summary>
    private static string? FirstDifference(PolicyEngine engine, Pod p, Pod q, IReadOnlyList<PortProtocol> ports)
    {
        var others = engine.Snapshot.Pods.Where(r => !ReferenceEquals(r, p) && !ReferenceEquals(r, q)).Select(r => (Endpoint)new PodEndpoint(r))
            .Concat(SmallClusterGen.ExternalAddresses.Select(a => (Endpoint)new ExternalEndpoint(a)))
            .ToList();
        Endpoint pe = new PodEndpoint(p), qe = new PodEndpoint(q);
        foreach (var port in ports)
        {
            Reachability Decide(Endpoint from, Endpoint to) => engine.Decide(from, to, port.Port, port.Protocol);
            foreach (var r in others)
            {
                if (Decide(pe, r) != Decide(qe, r) || Decide(r, pe) != Decide(r, qe))
                {
                    return $"{p.Ref} and {q.Ref} differ with {r} on {port}";
                }
            }

            var between = Decide(pe, qe);
            if (Decide(qe, pe) != between
                || Decide(pe, new PodEndpoint(ConnectivityMatrix.ReplicaOf(p))) != between
                || Decide(qe, new PodEndpoint(ConnectivityMatrix.ReplicaOf(q))) != between)
            {
                return $"{p.Ref} and {q.Ref} differ with each other on {port}";
            }
        }

        return null;
    }

    /// <summary>A cell by definition: denied when any pod pair is, else undetermined when any is, else allowed.</summary>
    private static Reachability EveryPair(PolicyEngine engine, WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port)
    {
        if (from == to && from.Kind == "Pod")
        {
            return Reachability.Allowed; // a bare pod to itself
        }

        var all = from.Pods.Items.SelectMany(s => to.Pods.Items.Select(d =>
            engine.Decide(new PodEndpoint(s), new PodEndpoint(from == to && ReferenceEquals(s, d) ? ConnectivityMatrix.ReplicaOf(s) : d), port.Port, port.Protocol))).ToList();
        return all.Contains(Reachability.Denied) ? Reachability.Denied
            : all.Contains(Reachability.Undetermined) ? Reachability.Undetermined
            : Reachability.Allowed;
    }

    private static Pod Pod(ClusterSnapshot cluster, string reference) => cluster.Pods.Single(p => p.Ref.ToString() == reference);

    private static Reachability Decide(PolicyEngine engine, string from, string to) =>
        engine.Decide(new PodEndpoint(Pod(engine.Snapshot, from)), new PodEndpoint(Pod(engine.Snapshot, to)), Tcp80.Port, Tcp80.Protocol);

    /// <summary>Asserts that the engine tells the pods apart (so merging them would be wrong) and that the partition does.</summary>
    private static PolicyEngine AssertApart(ClusterSnapshot cluster, string a, string b)
    {
        var engine = new PolicyEngine(cluster);
        Assert.NotNull(FirstDifference(engine, Pod(cluster, a), Pod(cluster, b), [Tcp80]));
        Assert.NotEqual(engine.Partition.ClassOf(Pod(cluster, a)), engine.Partition.ClassOf(Pod(cluster, b)));
        return engine;
    }

    /// <summary>Asserts that the partition puts the pods in one class and that the engine's rows are indeed equal.</summary>
    private static PolicyEngine AssertTogether(ClusterSnapshot cluster, string a, string b)
    {
        var engine = new PolicyEngine(cluster);
        Assert.Equal(engine.Partition.ClassOf(Pod(cluster, a)), engine.Partition.ClassOf(Pod(cluster, b)));
        Assert.Null(FirstDifference(engine, Pod(cluster, a), Pod(cluster, b), [Tcp80, .. SmallClusterGen.ProbePorts]));
        return engine;
    }
}
