using Palisade.Model;
using Palisade.Net;

namespace Palisade.Tests.Engine;

/// <summary>Builds small clusters in code for semantic unit tests (no YAML, so each test shows the model it means).</summary>
internal sealed class ClusterBuilder
{
    private readonly List<Namespace> namespaces = [];
    private readonly List<Pod> pods = [];
    private readonly List<NetworkPolicy> policies = [];

    public ClusterBuilder Ns(string name, params string[] labels)
    {
        namespaces.Add(Namespace.Create(name, Labels.Of(labels), declared: true));
        return this;
    }

    public ClusterBuilder Pod(string reference, string? ip, string[] labels, params ContainerPort[] ports)
    {
        ObjectRef.TryParse(reference, out var r);
        pods.Add(new Pod(r, Labels.Of(labels), ip is null ? EquatableArray<IpAddr>.Empty : new[] { IpAddr.Parse(ip) }, false, ports, null));
        return this;
    }

    public ClusterBuilder HostNetworkPod(string reference, string ip, params string[] labels)
    {
        ObjectRef.TryParse(reference, out var r);
        pods.Add(new Pod(r, Labels.Of(labels), new[] { IpAddr.Parse(ip) }, true, EquatableArray<ContainerPort>.Empty, null));
        return this;
    }

    public ClusterBuilder Policy(NetworkPolicy policy)
    {
        policies.Add(policy);
        return this;
    }

    public ClusterSnapshot Build() => new(namespaces, pods, [], [], policies);

    public static NetworkPolicy Policy(string reference, LabelSelector podSelector, PolicyRule[]? ingress = null, PolicyRule[]? egress = null, PolicyTypes? types = null)
    {
        ObjectRef.TryParse(reference, out var r);
        var i = (ingress ?? []).Select((x, k) => x with { Direction = Direction.Ingress, Index = k }).ToEquatableArray();
        var e = (egress ?? []).Select((x, k) => x with { Direction = Direction.Egress, Index = k }).ToEquatableArray();
        return new NetworkPolicy(r, podSelector, types ?? NetworkPolicy.DefaultPolicyTypes(e.Count), types is not null, i, e);
    }

    public static PolicyRule Rule(PeerList peers, PortList ports) => new(Direction.Ingress, 0, peers, ports);

    public static PolicyRule Rule(Peer[] peers, params PolicyPort[] ports) =>
        new(Direction.Ingress, 0,
            peers.Length == 0 ? AnyPeer.Instance : new Peers(peers.ToEquatableArray()),
            ports.Length == 0 ? AnyPort.Instance : new Ports(ports.ToEquatableArray()));

    public static PolicyPort Tcp(int port, int? end = null) => new(Protocol.TCP, new PortNumberRange(port, end ?? port));

    public static PolicyPort Udp(int port) => new(Protocol.UDP, new PortNumberRange(port, port));

    public static PolicyPort Named(string name, Protocol protocol = Protocol.TCP) => new(protocol, new NamedPort(name));

    public static PodPeer PodSel(params string[] labels) => new(LabelSelector.MatchLabels(labels), PolicyNamespace.Instance);

    public static PodPeer NsSel(params string[] labels) =>
        new(LabelSelector.Everything, new SelectedNamespaces(LabelSelector.MatchLabels(labels))) { HasPodSelector = false };

    public static PodPeer Both(string[] namespaceLabels, string[] podLabels) =>
        new(LabelSelector.MatchLabels(podLabels), new SelectedNamespaces(LabelSelector.MatchLabels(namespaceLabels)));

    public static IpBlockPeer Block(string cidr, params string[] except) =>
        new(IpCidr.Parse(cidr), except.Select(IpCidr.Parse).ToEquatableArray());
}
