using CsCheck;
using Palisade.Engine.Classes;
using Palisade.Model;
using Palisade.Net;
using Palisade.Reports;
using Palisade.TestSupport;

namespace Palisade.Tests.Reports;

/// <summary>The report's graph built on the class engine's table against the graph built pair by pair with the exact engine.</summary>
public sealed class ConnectivityGraphTests
{
    private static readonly PortProtocol[] Requested = [new(53, Protocol.UDP), new(80, Protocol.TCP), new(81, Protocol.TCP)];

    [Fact]
    public void BuildFromTable_OnTierClusters_HasThePairwiseEdgesAndPorts()
    {
        SmallClusterGen.TierClusterGen.Where(c => ClassEngine.UnknownAddressMatch(c) is null)
            .Sample(c => SameEdges(c, compareKind: false), iter: 300, seed: null);
    }

    [Fact]
    public void BuildFromTable_OnWorkloadClusters_HasThePairwiseEdgesPortsAndKinds()
    {
        SmallClusterGen.WorkloadClusterGen.Where(c => ClassEngine.UnknownAddressMatch(c) is null)
            .Sample(c => SameEdges(c, compareKind: true), iter: 300, seed: null);
    }

    [Fact]
    public void BuildFromTable_AboveTheBudget_KeepsRuleLinesAndExplainsOnlyFirstEdgesOfEachArrow()
    {
        var cluster = Generation.SyntheticCluster.Generate(Generation.Tier.S, 1);
        var graph = ConnectivityGraph.BuildFromTable(cluster, []);
        Assert.All(graph.Edges.Where(e => e.Kind == EdgeKind.Rule), e => Assert.NotEmpty(e.Rules));
        Assert.All(graph.Edges.Where(e => e.Explanations.Count > 0), e => Assert.Contains(e.Explanations, x => x.Allowed));

        // Tier S is under the budget: every edge carries the explanation of every probed port.
        Assert.True(graph.Edges.Count(e => e.From.Namespace is not null && e.To.Namespace is not null) <= ConnectivityGraph.MaxExplainedEdges);
        Assert.All(graph.Edges, e => Assert.NotEmpty(e.Explanations));
    }

    [Fact]
    public void BuildFromTable_AdminAllow_NamesTheDecidingTierPerEdge()
    {
        Namespace Ns(string name) => Namespace.Create(name, Labels.From([new("team", name)]), declared: true);
        Pod Pod(string ns, string name, string ip) => new(new ObjectRef(ns, name), Labels.From([new("app", name)]), new[] { IpAddr.Parse(ip) }.ToEquatableArray(), false, EquatableArray<ContainerPort>.Empty, null);
        var all = LabelSelector.Everything;
        var teamA = LabelSelector.MatchLabels("team", "a");
        var admin = new AdminPolicy(AdminPolicyKind.ClusterNetworkPolicy, "allow-to-a", PolicyTier.Admin, 1, new AdminSubject(teamA, all),
            new[] { new AdminRule(Direction.Ingress, 0, "from-b", AdminAction.Allow, new AdminPeer[] { new AdminPodsPeer(all, all) }.ToEquatableArray(), AnyAdminPort.Instance) }.ToEquatableArray(),
            EquatableArray<AdminRule>.Empty);
        var cluster = new ClusterSnapshot([Ns("a"), Ns("b")], [Pod("a", "web", "10.0.1.1"), Pod("b", "client", "10.0.2.1")], [], [], [], [admin], []);
        var graph = ConnectivityGraph.BuildFromTable(cluster, [new(80, Protocol.TCP)]);
        Assert.Equal(DecidingTier.Admin, Assert.Single(graph.Edges, e => e.From.Id == "b/client" && e.To.Id == "a/web").Tier);
        Assert.Equal(DecidingTier.Default, Assert.Single(graph.Edges, e => e.From.Id == "a/web" && e.To.Id == "b/client").Tier);
    }

    private static bool SameEdges(ClusterSnapshot cluster, bool compareKind)
    {
        var fast = ConnectivityGraph.BuildFromTable(cluster, Requested);
        var exact = ConnectivityGraph.BuildPairwise(cluster, Requested);

        // Towards and from the outside the pairwise graph asks the first pod of a workload only; the table asks every
        // pod (as between workloads). They agree where a workload's pods are one class.
        var engine = new ClassEngine(cluster);
        var mixed = WorkloadEndpoint.Group(cluster).Where(w => w.Pods.Items.Select(p => engine.ClassOf(p).Id).Distinct().Count() > 1)
            .Select(w => w.Id).ToHashSet(StringComparer.Ordinal);
        bool Comparable(GraphEdge e) => (e.From.Namespace is not null && e.To.Namespace is not null) || !(mixed.Contains(e.From.Id) || mixed.Contains(e.To.Id));
        var a = fast.Edges.Where(e => e.AllowedPorts.Count > 0).Where(Comparable)
            .Select(e => $"{e.From.Id}->{e.To.Id} {e.Label}{(compareKind ? " " + e.Kind : string.Empty)}").ToList();
        var b = exact.Edges.Where(Comparable).Select(e => $"{e.From.Id}->{e.To.Id} {e.Label}{(compareKind ? " " + e.Kind : string.Empty)}").ToList();
        Assert.Equal(b, a);
        Assert.Equal(exact.Nodes.Select(n => n.Id), fast.Nodes.Select(n => n.Id));
        return true;
    }
}
