using Palisade.Model;
using Palisade.Net;

namespace Palisade.Lab.Tests;

/// <summary>Clusters built in code: the home-lab story and the Kubernetes e2e-style x/y/z model.</summary>
internal static class Models
{
    /// <summary>Ingress, in one letter for the policy tables.</summary>
    public static readonly PolicyTypes I = PolicyTypes.Ingress;

    /// <summary>Egress, in one letter for the policy tables.</summary>
    public static readonly PolicyTypes E = PolicyTypes.Egress;

    public static LabelSelector Sel(params string[] kv) => LabelSelector.MatchLabels(kv);

    public static PodPeer PodSel(params string[] kv) => new(Sel(kv), PolicyNamespace.Instance);

    public static PodPeer NsSel(params string[] kv) => new(LabelSelector.Everything, new SelectedNamespaces(Sel(kv))) { HasPodSelector = false };

    public static PodPeer Both(LabelSelector pods, LabelSelector namespaces) => new(pods, new SelectedNamespaces(namespaces));

    public static IpBlockPeer Block(string cidr, params string[] except) =>
        new(IpCidr.Parse(cidr), except.Select(IpCidr.Parse).ToEquatableArray());

    public static PolicyPort Port(Protocol protocol, int port, int? endPort = null) => new(protocol, new PortNumberRange(port, endPort ?? port));

    public static PolicyPort Named(Protocol protocol, string name) => new(protocol, new NamedPort(name));

    public static PolicyRule Rule(Direction d, int index, Peer[]? peers, PolicyPort[]? ports) =>
        new(d, index,
            peers is null ? AnyPeer.Instance : new Peers(peers.ToEquatableArray()),
            ports is null ? AnyPort.Instance : new Ports(ports.ToEquatableArray()));

    public static NetworkPolicy Policy(string ns, string name, LabelSelector selector, PolicyTypes? types,
        (Peer[]? Peers, PolicyPort[]? Ports)[]? ingress = null, (Peer[]? Peers, PolicyPort[]? Ports)[]? egress = null)
    {
        var ing = (ingress ?? []).Select((r, i) => Rule(Direction.Ingress, i, r.Peers, r.Ports)).ToEquatableArray();
        var eg = (egress ?? []).Select((r, i) => Rule(Direction.Egress, i, r.Peers, r.Ports)).ToEquatableArray();
        return new NetworkPolicy(new ObjectRef(ns, name), selector, types ?? NetworkPolicy.DefaultPolicyTypes(eg.Count), types is not null, ing, eg);
    }

    private static Pod TemplatePod(string ns, string name, string kind, Labels labels, params ContainerPort[] ports) =>
        new(new ObjectRef(ns, name), labels, EquatableArray<IpAddr>.Empty, false, ports.ToEquatableArray(), new WorkloadRef(kind, new ObjectRef(ns, name))) { FromTemplate = true };

    private static Service Svc(string ns, string name, ServiceType type, string clusterIp, LabelSelector selector, string[] lb, params ServicePort[] ports) =>
        new(new ObjectRef(ns, name), type, new SelectorSelection(selector), new[] { IpAddr.Parse(clusterIp) },
            lb.Select(IpAddr.Parse).ToArray(), EquatableArray<IpAddr>.Empty, ports.ToEquatableArray());

    private static ServicePort SP(string? name, int port, TargetPort target, Protocol protocol = Protocol.TCP) => new(name, protocol, port, target, null);

    /// <summary>The home-lab of examples/home-lab/manifests, with story 11.5's policy.</summary>
    public static ClusterSnapshot HomeLab()
    {
        var namespaces = new[]
        {
            Namespace.Create("dev", null, true),
            Namespace.Create("data", Labels.Of("name", "data"), true),
            Namespace.Create("ml", Labels.Of("name", "ml"), true),
            Namespace.Create("apps", Labels.Of("name", "apps"), true),
            Namespace.Create("kube-system", Labels.Of("name", "kube-system"), true),
        };
        Labels Dev(string n) => Labels.Of("app.kubernetes.io/name", "dev-container", "app.kubernetes.io/instance", $"dev-container-{n}",
            "app.kubernetes.io/component", "development", "app.kubernetes.io/part-of", "home-lab");
        var pods = new[]
        {
            TemplatePod("dev", "dev-container-belego", "Deployment", Dev("belego"), new ContainerPort("ssh", 22, Protocol.TCP)),
            TemplatePod("dev", "dev-container-pilates", "Deployment", Dev("pilates"), new ContainerPort("ssh", 22, Protocol.TCP)),
            TemplatePod("dev", "nginx-proxy", "Deployment", Labels.Of("app.kubernetes.io/name", "nginx", "app.kubernetes.io/instance", "nginx-proxy"),
                new ContainerPort("http", 80, Protocol.TCP), new ContainerPort("ssh-belego", 2222, Protocol.TCP), new ContainerPort("ssh-pilates", 2223, Protocol.TCP)),
            TemplatePod("kube-system", "coredns", "Deployment", Labels.Of("k8s-app", "kube-dns"),
                new ContainerPort("dns", 53, Protocol.UDP), new ContainerPort("dns-tcp", 53, Protocol.TCP), new ContainerPort("metrics", 9153, Protocol.TCP)),
            TemplatePod("kube-system", "traefik", "Deployment", Labels.Of("app.kubernetes.io/name", "traefik", "app.kubernetes.io/instance", "traefik-kube-system"),
                new ContainerPort("web", 8000, Protocol.TCP), new ContainerPort("websecure", 8443, Protocol.TCP)),
            TemplatePod("data", "postgres-postgresql", "StatefulSet", Labels.Of("app.kubernetes.io/name", "postgresql", "app.kubernetes.io/instance", "postgres", "app.kubernetes.io/component", "primary"),
                new ContainerPort("tcp-postgresql", 5432, Protocol.TCP)),
            TemplatePod("ml", "ollama", "Deployment", Labels.Of("app", "ollama"), new ContainerPort("http", 11434, Protocol.TCP)),
            TemplatePod("apps", "n8n", "Deployment", Labels.Of("app.kubernetes.io/name", "n8n"), new ContainerPort("http", 5678, Protocol.TCP)),
        };
        var workloads = pods.Select(p => new Workload(p.Owner!.Value.Kind, p.Ref, p.Labels, 1));
        var services = new[]
        {
            Svc("dev", "dev-container-belego-svc", ServiceType.ClusterIP, "10.43.22.1", Sel("app.kubernetes.io/instance", "dev-container-belego"), [], SP("ssh", 22, new NamedTargetPort("ssh"))),
            Svc("dev", "dev-container-pilates-svc", ServiceType.ClusterIP, "10.43.22.2", Sel("app.kubernetes.io/instance", "dev-container-pilates"), [], SP("ssh", 22, new NamedTargetPort("ssh"))),
            Svc("dev", "nginx-proxy", ServiceType.ClusterIP, "10.43.80.1", Sel("app.kubernetes.io/instance", "nginx-proxy"), [], SP("http", 80, new NamedTargetPort("http"))),
            Svc("dev", "nginx-proxy-ssh", ServiceType.LoadBalancer, "10.43.80.2", Sel("app.kubernetes.io/instance", "nginx-proxy"), ["192.168.2.101"],
                SP("ssh-belego", 2222, new NamedTargetPort("ssh-belego")), SP("ssh-pilates", 2223, new NamedTargetPort("ssh-pilates"))),
            Svc("kube-system", "kube-dns", ServiceType.ClusterIP, "10.43.0.10", Sel("k8s-app", "kube-dns"), [],
                SP("dns", 53, new NumericTargetPort(53), Protocol.UDP), SP("dns-tcp", 53, new NumericTargetPort(53)), SP("metrics", 9153, new NumericTargetPort(9153))),
            Svc("kube-system", "traefik", ServiceType.LoadBalancer, "10.43.0.80", Sel("app.kubernetes.io/name", "traefik"), ["192.168.2.100"],
                SP("web", 80, new NamedTargetPort("web")), SP("websecure", 443, new NamedTargetPort("websecure"))),
            Svc("data", "postgres-postgresql", ServiceType.ClusterIP, "10.43.54.32", Sel("app.kubernetes.io/name", "postgresql", "app.kubernetes.io/instance", "postgres"), [],
                SP("tcp-postgresql", 5432, new NamedTargetPort("tcp-postgresql"))),
            Svc("ml", "ollama", ServiceType.ClusterIP, "10.43.114.34", Sel("app", "ollama"), [], SP("http", 11434, new NamedTargetPort("http"))),
            Svc("apps", "n8n", ServiceType.ClusterIP, "10.43.56.78", Sel("app.kubernetes.io/name", "n8n"), [], SP("http", 5678, new NamedTargetPort("http"))),
        };
        var policy = Policy("dev", "dev-container-isolation", Sel("app.kubernetes.io/name", "dev-container"), PolicyTypes.Ingress | PolicyTypes.Egress,
            ingress: [([PodSel("app.kubernetes.io/name", "nginx")], [Port(Protocol.TCP, 22)])],
            egress:
            [
                ([NsSel("name", "kube-system")], [Port(Protocol.UDP, 53), Port(Protocol.TCP, 53)]),
                ([NsSel("name", "data")], [Port(Protocol.TCP, 5432)]),
                ([NsSel("name", "ml")], [Port(Protocol.TCP, 11434)]),
                ([NsSel("name", "apps")], [Port(Protocol.TCP, 5678)]),
            ]);
        return new ClusterSnapshot(namespaces, pods, workloads, services, [policy]);
    }

    /// <summary>The e2e ports: 80 and 81 over TCP, UDP and SCTP.</summary>
    public static IReadOnlyList<PortProtocol> E2EPorts { get; } =
        [.. new[] { 80, 81 }.SelectMany(p => Protocols.All.Select(pr => new PortProtocol(p, pr)))];

    /// <summary>Namespaces x, y, z with pods a, b, c (label pod=NAME), each serving 80 and 81 on TCP, UDP and SCTP (named serve-PORT-PROTO).</summary>
    public static ClusterSnapshot E2E(params NetworkPolicy[] policies)
    {
        var nss = new[] { "x", "y", "z" };
        var namespaces = nss.Select(n => Namespace.Create(n, Labels.Of("ns", n), true));
        var pods = new List<Pod>();
        var i = 0;
        foreach (var ns in nss)
        {
            foreach (var name in new[] { "a", "b", "c" })
            {
                var ports = E2EPorts.Select(p => new ContainerPort($"serve-{p.Port}-{p.Protocol.ToString().ToLowerInvariant()}", p.Port, p.Protocol)).ToEquatableArray();
                pods.Add(new Pod(new ObjectRef(ns, name), Labels.Of("pod", name), new[] { IpAddr.Parse($"10.42.{10 + (i / 3)}.{10 + (i % 3)}") }, false, ports, null));
                i++;
            }
        }

        return new ClusterSnapshot(namespaces, pods, [], [], policies);
    }
}
