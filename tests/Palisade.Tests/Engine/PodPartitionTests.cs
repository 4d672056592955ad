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
        SampleEngines(generator, podsWithoutIpOutsideCidrs, 600, engine =>
        {
            var cluster = engine.Snapshot;
            var partition = engine.Partition;
            var members = partition.Classes.SelectMany(c => c).ToList();
            if (members.Count != cluster.Pods.Count || members.Distinct(ReferenceEqualityComparer.Instance).Count() != cluster.Pods.Count)
            {
                return false; // every pod in exactly one class
            }

            return partition.Classes.All(c => c.Skip(1).All(q => FirstDifference(engine, c[0], q, SmallClusterGen.ProbePorts) is null));
        });
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void Matrix_OnGeneratedClusters_EqualsEveryPodPairOfEachCell(string generator, bool podsWithoutIpOutsideCidrs)
    {
        // The matrix evaluates one pod per partition class of each workload; the cell must equal the verdict over every
        // pod pair (an endpoint with itself: every pair of distinct pods, and each pod with a replica of itself).
        SampleEngines(generator, podsWithoutIpOutsideCidrs, 400, engine =>
        {
            var matrix = new ConnectivityMatrix(engine, SmallClusterGen.ProbePorts);
            return matrix.Endpoints.All(from => matrix.Endpoints.All(to => matrix.PortsFor(to).All(port =>
                EveryPair(engine, from, to, port) is var expected
                && matrix.Decide(from, to, port) == expected
                && matrix.ExplainCell(from, to, port).Decided.Reachability == expected)));
        });
    }

    [Theory]
    [MemberData(nameof(Generators))]
    public void ClassIndex_OnGeneratedClusters_HasThePartitionsClasses(string generator, bool podsWithoutIpOutsideCidrs)
    {
        SampleEngines(generator, podsWithoutIpOutsideCidrs, 300, engine =>
        {
            if (PolicyEngine.UnknownAddressMatch(engine.Snapshot) is not null)
            {
                return true; // the class index refuses such input
            }

            var classes = engine.ClassIndex.Classes;
            return classes.Count == engine.Partition.Classes.Count
                && classes.All(c => c.Pods.SequenceEqual(engine.Partition.Classes[c.Id], ReferenceEqualityComparer.Instance)
                    && c.Pods.All(p => engine.ClassIndex.ClassOf(p).Id == engine.Partition.ClassOf(p)));
        });
    }

    /// <summary>
    /// Two lookalike pods (same labels where a selector reads them) next to x/db and x/client, under one NetworkPolicy:
    /// the case, the two pods, the policy, whether the engine tells them apart, and the verdicts of the policy's
    /// connection (to x/db, or from x/client) for each on 80/TCP.
    /// </summary>
    public static TheoryData<string, Pod, Pod, NetworkPolicy, bool, Reachability, Reachability> NetworkPolicyLookalikes => new()
    {
        { "a pod without IP behind an ipBlock", Web("x/a", "10.0.0.1"), Web("x/b", null), DbFromBlock, true, Reachability.Allowed, Reachability.Undetermined },
        { "pods without IP, other labels no selector reads", Web("x/a", null), Web("x/b", null) with { Labels = Labels.Of("app", "web", "version", "2") }, DbFromBlock, false, Reachability.Undetermined, Reachability.Undetermined },
        { "an address in a block's except", Web("x/a", "10.0.0.1"), Web("x/b", "10.0.0.5"), DbFromBlock, true, Reachability.Allowed, Reachability.Denied },
        { "addresses in one interval of the blocks", Web("x/a", "10.0.0.1"), Web("x/b", "10.0.0.2"), DbFromBlock, false, Reachability.Allowed, Reachability.Allowed },
        { "a named port one pod does not declare", Web("x/a", "10.0.0.1", new ContainerPort("http", 80, Protocol.TCP)), Web("x/b", "10.0.0.2"), WebOnNamedHttp, true, Reachability.Allowed, Reachability.Denied },
        { "unnamed or unread container ports", Web("x/a", "10.0.0.1", new ContainerPort(null, 80, Protocol.TCP)), Web("x/b", "10.0.0.2", new ContainerPort("metrics", 9090, Protocol.TCP)), WebFromClient, false, Reachability.Allowed, Reachability.Allowed },
        { "the policy's namespace and a lookalike namespace", Web("x/a", "10.0.0.1"), Web("y/b", "10.0.0.2"), DbFromWebInItsNamespace, true, Reachability.Allowed, Reachability.Denied },
    };

    [Theory]
    [MemberData(nameof(NetworkPolicyLookalikes))]
    public void Lookalikes_UnderANetworkPolicy_ShareAClassOnlyWhenTheEngineCannotTellThemApart(string @case, Pod a, Pod b, NetworkPolicy policy, bool apart, Reachability verdictA, Reachability verdictB)
    {
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", null, declared: true), Namespace.Create("y", null, declared: true)],
            [a, b, PodAt("x/db", "10.0.1.9", false, null, Labels.Of("app", "db")), PodAt("x/client", "10.0.1.8", false, null, Labels.Of("app", "client"))],
            [],
            [],
            [policy]);
        var engine = new PolicyEngine(cluster);
        var intoLookalikes = policy.PodSelector.Matches(a.Labels);
        Reachability Verdict(Pod pod) => intoLookalikes ? Decide(engine, "x/client", pod.Ref.ToString()) : Decide(engine, pod.Ref.ToString(), "x/db");
        Assert.Equal((verdictA, verdictB), (Verdict(a), Verdict(b)));
        Assert.True(apart == FirstDifference(engine, Pod(cluster, a.Ref.ToString()), Pod(cluster, b.Ref.ToString()), [Tcp80, .. SmallClusterGen.ProbePorts]) is not null, @case);
        Assert.True(apart == (engine.Partition.ClassOf(Pod(cluster, a.Ref.ToString())) != engine.Partition.ClassOf(Pod(cluster, b.Ref.ToString()))), @case);
    }

    [Fact]
    public void PodWithoutIp_AssumedOutsideEveryCidr_IsStillKeptApartFromPodWithIp()
    {
        // Decided (denied) now, but still unlike a pod whose address the block holds.
        var cluster = new ClusterSnapshot([Namespace.Create("x", null, declared: true)], [Web("x/a", "10.0.0.1"), Web("x/b", null), PodAt("x/db", "10.0.1.9", false, null, Labels.Of("app", "db"))], [], [], [DbFromBlock]);
        var engine = new PolicyEngine(cluster, new EngineOptions { PodsWithoutIpOutsideCidrs = true });
        Assert.Equal(Reachability.Denied, Decide(engine, "x/b", "x/db"));
        Assert.NotEqual(engine.Partition.ClassOf(Pod(cluster, "x/a")), engine.Partition.ClassOf(Pod(cluster, "x/b")));
    }

    [Fact]
    public void WorkloadWithAPodWithoutIp_BehindIpBlock_CellIsUndetermined()
    {
        // The replicas differ only in whether the input gives their IP: the matrix must evaluate both.
        var web = new WorkloadRef("Deployment", new ObjectRef("x", "web"));
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", null, declared: true)],
            [
                PodAt("x/web-1", "10.0.0.1", false, web, Labels.Of("app", "web")),
                PodAt("x/web-2", null, false, web, Labels.Of("app", "web")),
                PodAt("x/db", "10.0.0.9", false, null, Labels.Of("app", "db")),
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
    public void UndeclaredNamespace_ItsLabelsAreItsNameOnly_KeptApartFromADeclaredOneASelectorMatches()
    {
        // Namespace z is only referred to: the engine reads its labels as the name label alone, so a namespaceSelector
        // on team=a matches y's pods and not z's, although the pods' labels are equal.
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", null, declared: true), Namespace.Create("y", Labels.Of("team", "a"), declared: true)],
            [
                PodAt("x/db", "10.0.0.9", false, null, Labels.Of("app", "db")),
                PodAt("y/c", "10.0.0.1", false, null, Labels.Of("app", "client")),
                PodAt("z/c", "10.0.0.2", false, null, Labels.Of("app", "client")),
                PodAt("w/c", "10.0.0.3", false, null, Labels.Of("app", "client")),
            ],
            [],
            [],
            [Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([NsSel("team", "a")])])]);
        Assert.False(cluster.Namespaces.Single(n => n.Name == "z").Declared);
        AssertApart(cluster, "y/c", "z/c",
            ("y/c", "x/db", Reachability.Allowed),
            ("z/c", "x/db", Reachability.Denied));

        // Two undeclared namespaces look alike to every selector: their pods share a class.
        AssertTogether(cluster, "z/c", "w/c");
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
        var deny = Admin("deny-web", LabelSelector.MatchLabels("app", "web"), Direction.Ingress, AdminAction.Deny, new AdminPodsPeer(LabelSelector.Everything, LabelSelector.Everything));
        var tiered = pods.WithAdminPolicies([deny]);
        AssertApart(tiered, "x/pod", "x/host",
            ("x/client", "x/pod", Reachability.Denied),
            ("x/client", "x/host", Reachability.Allowed));
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
        var deny = Admin("deny-infra", LabelSelector.MatchLabels("app", "client"), Direction.Egress, AdminAction.Deny, new AdminNodesPeer(LabelSelector.MatchLabels("role", "infra")));
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", null, declared: true)],
            [
                PodAt("x/agent-0", null, true, null, Labels.Of("app", "agent")) with { NodeName = "n0" },
                PodAt("x/agent-1", null, true, null, Labels.Of("app", "agent")) with { NodeName = "n1" },
                PodAt("x/client", "10.0.0.9", false, null, Labels.Of("app", "client")),
            ],
            [],
            [],
            [],
            [deny],
            nodes);
        AssertApart(cluster, "x/agent-0", "x/agent-1",
            ("x/client", "x/agent-0", Reachability.Denied),
            ("x/client", "x/agent-1", Reachability.Allowed));
    }

    [Fact]
    public void PodWithoutIp_NextToClusterWideNetworksPeer_IsKeptApartFromPodWithIp()
    {
        var deny = Admin("deny-net", LabelSelector.MatchLabels("app", "client"), Direction.Egress, AdminAction.Deny, new AdminNetworksPeer(new[] { IpCidr.Parse("10.0.0.0/30") }.ToEquatableArray()));
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/known", "10.0.0.1", ["app", "web"])
            .Pod("x/unknown", null, ["app", "web"])
            .Pod("x/client", "10.0.0.9", ["app", "client"])
            .Build()
            .WithAdminPolicies([deny]);
        AssertApart(cluster, "x/known", "x/unknown",
            ("x/client", "x/known", Reachability.Denied),
            ("x/client", "x/unknown", Reachability.Undetermined));
    }

    [Fact]
    public void DomainNamesPeer_UndeterminedForEveryDestination_DoesNotSplitAClass()
    {
        var allow = Admin("allow-dns-names", LabelSelector.MatchLabels("app", "client"), Direction.Egress, AdminAction.Allow, new AdminDomainNamesPeer(new[] { "example.com" }.ToEquatableArray()));
        var cluster = new ClusterBuilder().Ns("x")
            .Pod("x/a", "10.0.0.1", ["app", "web", "version", "1"])
            .Pod("x/b", "10.0.0.2", ["app", "web", "version", "2"])
            .Pod("x/client", "10.0.0.9", ["app", "client"])
            .Build()
            .WithAdminPolicies([allow]);
        var engine = AssertTogether(cluster, "x/a", "x/b");
        Assert.Equal(Reachability.Undetermined, Decide(engine, "x/client", "x/a"));
    }

    /// <summary>Checks a property of the engine of each generated cluster (random seed: every run tries new clusters).</summary>
    private static void SampleEngines(string generator, bool podsWithoutIpOutsideCidrs, int iterations, Func<PolicyEngine, bool> property) =>
        Generator(generator).Sample(
            cluster => property(new PolicyEngine(cluster, new EngineOptions { PodsWithoutIpOutsideCidrs = podsWithoutIpOutsideCidrs })),
            iter: iterations,
            seed: null);

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

    private static readonly NetworkPolicy DbFromBlock = Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([Block("10.0.0.0/24", "10.0.0.4/30")])]);
    private static readonly NetworkPolicy WebOnNamedHttp = Policy("x/web-in", LabelSelector.MatchLabels("app", "web"), ingress: [Rule([], Named("http"))]);
    private static readonly NetworkPolicy WebFromClient = Policy("x/web-in", LabelSelector.MatchLabels("app", "web"), ingress: [Rule([PodSel("app", "client")], Tcp(80))]);
    private static readonly NetworkPolicy DbFromWebInItsNamespace = Policy("x/db-in", LabelSelector.MatchLabels("app", "db"), ingress: [Rule([PodSel("app", "web")])]);

    /// <summary>A pod labelled app=web with an address (or none) and container ports.</summary>
    private static Pod Web(string reference, string? ip, params ContainerPort[] ports) =>
        PodAt(reference, ip, false, null, Labels.Of("app", "web")) with { Ports = ports };

    /// <summary>A pod with an address (or none), the host-network flag and an owner.</summary>
    private static Pod PodAt(string reference, string? ip, bool hostNetwork, WorkloadRef? owner, Labels labels)
    {
        ObjectRef.TryParse(reference, out var r);
        return new Pod(r, labels, ip is null ? EquatableArray<IpAddr>.Empty : new[] { IpAddr.Parse(ip) }.ToEquatableArray(), hostNetwork, EquatableArray<ContainerPort>.Empty, owner);
    }

    /// <summary>An admin-tier policy of priority 1 on every namespace's pods the selector matches, with one rule.</summary>
    private static AdminPolicy Admin(string name, LabelSelector pods, Direction direction, AdminAction action, AdminPeer peer)
    {
        var rule = new[] { new AdminRule(direction, 0, string.Empty, action, new[] { peer }, AnyAdminPort.Instance) };
        return new AdminPolicy(AdminPolicyKind.ClusterNetworkPolicy, name, PolicyTier.Admin, 1, new AdminSubject(LabelSelector.Everything, pods),
            direction == Direction.Ingress ? rule : EquatableArray<AdminRule>.Empty, direction == Direction.Egress ? rule : EquatableArray<AdminRule>.Empty);
    }

    private static Pod Pod(ClusterSnapshot cluster, string reference) => cluster.Pods.Single(p => p.Ref.ToString() == reference);

    private static Reachability Decide(PolicyEngine engine, string from, string to) =>
        engine.Decide(new PodEndpoint(Pod(engine.Snapshot, from)), new PodEndpoint(Pod(engine.Snapshot, to)), Tcp80.Port, Tcp80.Protocol);

    /// <summary>
    /// Asserts that the engine tells the pods apart (so merging them would be wrong; <paramref name="verdicts"/> on port
    /// 80/TCP show where) and that the partition does.
    /// </summary>
    private static void AssertApart(ClusterSnapshot cluster, string a, string b, params (string From, string To, Reachability Expected)[] verdicts)
    {
        var engine = new PolicyEngine(cluster);
        Assert.All(verdicts, v => Assert.Equal(v.Expected, Decide(engine, v.From, v.To)));
        Assert.NotNull(FirstDifference(engine, Pod(cluster, a), Pod(cluster, b), [Tcp80]));
        Assert.NotEqual(engine.Partition.ClassOf(Pod(cluster, a)), engine.Partition.ClassOf(Pod(cluster, b)));
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
