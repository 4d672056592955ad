using System.Globalization;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Generation;

/// <summary>
/// A seeded, pure generator of synthetic clusters. The same tier and seed always give the same snapshot.
/// Realistic tiers have workload-level labels plus controller labels, skewed namespace sizes, default-deny plus DNS
/// allows, ingress-controller and monitoring allows, cross-namespace selectors with In-lists and matchExpressions,
/// ipBlocks with excepts, endPort ranges, named ports that map to different numbers across workloads, UDP and SCTP.
/// </summary>
public static class SyntheticCluster
{
    private static readonly string[] Tiers = ["frontend", "backend", "db", "cache"];
    private static readonly string[] Envs = ["prod", "staging", "dev"];
    private static readonly int[] HttpNumbers = [8080, 8000, 3000, 80, 8443];

    /// <summary>Generates a snapshot of the given tier.</summary>
    public static ClusterSnapshot Generate(Tier tier, int seed) => tier switch
    {
        Tier.S => Realistic(seed, pods: 1_000, policies: 500, namespaces: 20),
        Tier.M => Realistic(seed, pods: 10_000, policies: 5_000, namespaces: 150),
        Tier.L => Realistic(seed, pods: 100_000, policies: 50_000, namespaces: 1_500),
        Tier.XL => Realistic(seed, pods: 150_000, policies: 75_000, namespaces: 2_000),
        Tier.ManyNamespaces => ManyNamespaces(seed, 25_000),
        Tier.IdenticalPolicies => IdenticalPolicies(10_000, 10_000),
        Tier.UniqueLabels => UniqueLabels(seed, 10_000),
        Tier.PortRanges => PortRanges(seed, 5_000, 1_000),
        Tier.Cidrs => Cidrs(seed, 5_000, 5_000),
        _ => throw new ArgumentOutOfRangeException(nameof(tier)),
    };

    /// <summary>A realistic cluster of about the given size.</summary>
    public static ClusterSnapshot Realistic(int seed, int pods, int policies, int namespaces)
    {
        var rng = new Random(seed);
        var b = new Builder();
        var teams = Enumerable.Range(0, Math.Max(3, namespaces / 10)).Select(i => $"team-{I(i)}").ToArray();

        // Platform namespaces that the app namespaces' policies refer to.
        b.Namespace("kube-system", Labels.Empty);
        b.Deployment("kube-system", "coredns", 2, Labels.Of("k8s-app", "kube-dns"), [new("dns", 53, Protocol.UDP), new("dns-tcp", 53, Protocol.TCP)], rng);
        for (var i = 0; i < 3; i++)
        {
            b.Pod("kube-system", $"kube-proxy-{I(i)}", Labels.Of("k8s-app", "kube-proxy"), [], hostNetwork: true, owner: null, ip: b.NodeIp());
        }

        b.Namespace("ingress-nginx", Labels.Of("purpose", "ingress"));
        b.Deployment("ingress-nginx", "ingress-nginx-controller", 2, Labels.Of("app.kubernetes.io/name", "ingress-nginx"), [new("http", 80, Protocol.TCP)], rng);
        b.Namespace("monitoring", Labels.Of("purpose", "monitoring"));
        b.Deployment("monitoring", "prometheus", 1, Labels.Of("app.kubernetes.io/name", "prometheus"), [new("web", 9090, Protocol.TCP)], rng);

        // Skewed namespace sizes: Zipf-like weights.
        var weights = Enumerable.Range(0, namespaces).Select(i => 1.0 / Math.Pow(i + 1, 0.8)).ToArray();
        var total = weights.Sum();
        var remainingPolicies = policies - (namespaces * 4);
        var policyPerPod = Math.Max(0, remainingPolicies) / (double)pods;
        double carry = 0;
        for (var n = 0; n < namespaces; n++)
        {
            var ns = $"ns-{I(n)}";
            var team = teams[rng.Next(teams.Length)];
            b.Namespace(ns, Labels.Of("team", team, "env", Envs[rng.Next(Envs.Length)]));
            var nsPods = Math.Max(1, (int)Math.Round(pods * weights[n] / total));
            var workloads = new List<(string Name, string Tier, int Http)>();
            var made = 0;
            while (made < nsPods)
            {
                var name = $"{ns}-app-{I(workloads.Count)}";
                var replicas = Math.Min(nsPods - made, 1 + rng.Next(6));
                var tier = Tiers[rng.Next(Tiers.Length)];
                var http = HttpNumbers[rng.Next(HttpNumbers.Length)];
                var labels = Labels.Of("app", name, "app.kubernetes.io/name", name, "app.kubernetes.io/part-of", team, "tier", tier);
                if (rng.Next(4) == 0)
                {
                    labels = labels.With("version", rng.Next(2) == 0 ? "v1" : "v2");
                }

                var ports = new List<ContainerPort> { new("http", http, Protocol.TCP), new("metrics", 9090 + rng.Next(13), Protocol.TCP) };
                if (rng.Next(10) == 0)
                {
                    ports.Add(new("syslog", 514, Protocol.UDP));
                }

                if (rng.Next(25) == 0)
                {
                    ports.Add(new("diameter", 3868, Protocol.SCTP));
                }

                b.Deployment(ns, name, replicas, labels, ports, rng);
                workloads.Add((name, tier, http));
                made += replicas;
            }

            // The four policies every app namespace has.
            b.Policy(ns, "default-deny", LabelSelector.Everything, PolicyTypes.Ingress | PolicyTypes.Egress, [], []);
            b.Policy(ns, "allow-dns", LabelSelector.Everything, PolicyTypes.Egress, [],
            [
                Rule(Direction.Egress, 0, [new PodPeer(LabelSelector.MatchLabels("k8s-app", "kube-dns"), new SelectedNamespaces(LabelSelector.MatchLabels(Namespace.NameLabel, "kube-system")))],
                    [new PolicyPort(Protocol.UDP, new PortNumberRange(53, 53)), new PolicyPort(Protocol.TCP, new PortNumberRange(53, 53))]),
            ]);
            b.Policy(ns, "allow-ingress-controller", LabelSelector.MatchLabels("tier", "frontend"), PolicyTypes.Ingress,
            [
                Rule(Direction.Ingress, 0, [new PodPeer(LabelSelector.Everything, new SelectedNamespaces(LabelSelector.MatchLabels(Namespace.NameLabel, "ingress-nginx"))) { HasPodSelector = false }],
                    [new PolicyPort(Protocol.TCP, new NamedPort("http"))]),
            ], []);
            b.Policy(ns, "allow-monitoring", LabelSelector.Everything, PolicyTypes.Ingress,
            [
                Rule(Direction.Ingress, 0,
                    [new PodPeer(Selector(("app.kubernetes.io/name", SelectorOperator.In, ["prometheus", "victoria-metrics"])), new SelectedNamespaces(LabelSelector.MatchLabels("purpose", "monitoring")))],
                    [new PolicyPort(Protocol.TCP, new PortNumberRange(9090, 9102))]),
            ], []);

            // Workload policies, about policyPerPod per pod.
            carry += nsPods * policyPerPod;
            var count = (int)carry;
            carry -= count;
            for (var k = 0; k < count; k++)
            {
                var w = workloads[k % workloads.Count];
                var peerA = workloads[rng.Next(workloads.Count)].Name;
                var peerB = workloads[rng.Next(workloads.Count)].Name;
                var selector = LabelSelector.MatchLabels("app", w.Name);
                var pname = $"{w.Name}-{I(k / workloads.Count)}";
                switch (rng.Next(5))
                {
                    case 0:
                    case 1:
                        b.Policy(ns, pname + "-ingress", selector, PolicyTypes.Ingress,
                        [
                            Rule(Direction.Ingress, 0, [new PodPeer(Selector(("app", SelectorOperator.In, [peerA, peerB])), PolicyNamespace.Instance)],
                                [rng.Next(2) == 0 ? new PolicyPort(Protocol.TCP, new NamedPort("http")) : new PolicyPort(Protocol.TCP, new PortNumberRange(w.Http, w.Http))]),
                        ], []);
                        break;
                    case 2:
                        var t1 = teams[rng.Next(teams.Length)];
                        var t2 = teams[rng.Next(teams.Length)];
                        b.Policy(ns, pname + "-cross", selector, PolicyTypes.Ingress,
                        [
                            Rule(Direction.Ingress, 0,
                                [new PodPeer(Selector(("tier", SelectorOperator.In, ["frontend", "backend"]), ("version", SelectorOperator.NotIn, ["v2"])),
                                    new SelectedNamespaces(Selector(("team", SelectorOperator.In, [t1, t2]), ("env", SelectorOperator.Exists, []))))],
                                [new PolicyPort(Protocol.TCP, new PortNumberRange(8000, 8100))]),
                        ], []);
                        break;
                    case 3:
                        b.Policy(ns, pname + "-egress", selector, PolicyTypes.Egress, [],
                        [
                            Rule(Direction.Egress, 0, [new PodPeer(Selector(("tier", SelectorOperator.In, ["db", "cache"])), PolicyNamespace.Instance)],
                                [new PolicyPort(Protocol.TCP, new PortNumberRange(5432, 5432)), new PolicyPort(Protocol.TCP, new PortNumberRange(6379, 6379))]),
                            Rule(Direction.Egress, 1, [new IpBlockPeer(IpCidr.Parse("0.0.0.0/0"), new[] { IpCidr.Parse("10.0.0.0/8"), IpCidr.Parse("169.254.169.254/32") })],
                                [new PolicyPort(Protocol.TCP, new PortNumberRange(443, 443))]),
                        ]);
                        break;
                    default:
                        b.Policy(ns, pname + "-udp", selector, PolicyTypes.Ingress | PolicyTypes.Egress,
                        [
                            Rule(Direction.Ingress, 0, [new PodPeer(LabelSelector.MatchLabels("app", peerA), PolicyNamespace.Instance)],
                                [new PolicyPort(Protocol.UDP, new PortNumberRange(514, 514)), new PolicyPort(Protocol.SCTP, new NamedPort("diameter"))]),
                        ],
                        [
                            Rule(Direction.Egress, 0, [new PodPeer(LabelSelector.MatchLabels("app", peerB), PolicyNamespace.Instance)],
                                [new PolicyPort(Protocol.UDP, new PortNumberRange(30000, 30000 + rng.Next(1000)))]),
                        ]);
                        break;
                }
            }
        }

        return b.Build();
    }

    /// <summary>Many tiny namespaces, each with the per-namespace policies Antrea's scale tests use.</summary>
    public static ClusterSnapshot ManyNamespaces(int seed, int namespaces)
    {
        var rng = new Random(seed);
        var b = new Builder();
        b.Namespace("kube-system", Labels.Empty);
        b.Deployment("kube-system", "coredns", 2, Labels.Of("k8s-app", "kube-dns"), [new("dns", 53, Protocol.UDP)], rng);
        for (var n = 0; n < namespaces; n++)
        {
            var ns = $"tenant-{I(n)}";
            b.Namespace(ns, Labels.Of("tenant", I(n)));
            b.Deployment(ns, "app", 1 + rng.Next(2), Labels.Of("app", "app"), [new("http", 8080, Protocol.TCP)], rng);
            b.Policy(ns, "default-deny", LabelSelector.Everything, PolicyTypes.Ingress | PolicyTypes.Egress, [], []);
            b.Policy(ns, "allow-dns", LabelSelector.Everything, PolicyTypes.Egress, [],
            [
                Rule(Direction.Egress, 0, [new PodPeer(LabelSelector.MatchLabels("k8s-app", "kube-dns"), new SelectedNamespaces(LabelSelector.Everything))],
                    [new PolicyPort(Protocol.UDP, new PortNumberRange(53, 53))]),
            ]);
            b.Policy(ns, "allow-same-namespace", LabelSelector.Everything, PolicyTypes.Ingress | PolicyTypes.Egress,
                [Rule(Direction.Ingress, 0, [new PodPeer(LabelSelector.Everything, PolicyNamespace.Instance)], null)],
                [Rule(Direction.Egress, 0, [new PodPeer(LabelSelector.Everything, PolicyNamespace.Instance)], null)]);
        }

        return b.Build();
    }

    /// <summary>One namespace where every one of <paramref name="policies"/> identical policies selects all pods.</summary>
    public static ClusterSnapshot IdenticalPolicies(int pods, int policies)
    {
        var rng = new Random(1);
        var b = new Builder();
        b.Namespace("crowded", Labels.Empty);
        for (var i = 0; i < pods / 10; i++)
        {
            b.Deployment("crowded", $"app-{I(i)}", 10, Labels.Of("app", $"app-{I(i)}", "role", "member"), [new("http", 8080, Protocol.TCP)], rng);
        }

        for (var p = 0; p < policies; p++)
        {
            b.Policy("crowded", $"same-{I(p)}", LabelSelector.MatchLabels("role", "member"), PolicyTypes.Ingress,
                [Rule(Direction.Ingress, 0, [new PodPeer(LabelSelector.MatchLabels("role", "member"), PolicyNamespace.Instance)], [new PolicyPort(Protocol.TCP, new PortNumberRange(8080, 8080))])], []);
        }

        return b.Build();
    }

    /// <summary>Every pod carries a label of its own that selectors read: one class per pod.</summary>
    public static ClusterSnapshot UniqueLabels(int seed, int pods)
    {
        var rng = new Random(seed);
        var b = new Builder();
        b.Namespace("flat", Labels.Empty);
        for (var i = 0; i < pods; i++)
        {
            b.Pod("flat", $"pod-{I(i)}", Labels.Of("id", I(i), "group", I(i % 50)), [new("http", 8080, Protocol.TCP)], false, null, b.PodIp());
        }

        for (var p = 0; p < pods / 5; p++)
        {
            var members = Enumerable.Range(0, 5).Select(_ => I(rng.Next(pods))).Distinct().ToArray();
            b.Policy("flat", $"pin-{I(p)}", Selector(("id", SelectorOperator.In, [I(rng.Next(pods))])), PolicyTypes.Ingress,
                [Rule(Direction.Ingress, 0, [new PodPeer(Selector(("id", SelectorOperator.In, members)), PolicyNamespace.Instance)], null)], []);
        }

        return b.Build();
    }

    /// <summary>Policies with <paramref name="ranges"/> distinct port ranges.</summary>
    public static ClusterSnapshot PortRanges(int seed, int pods, int ranges)
    {
        var rng = new Random(seed);
        var b = new Builder();
        b.Namespace("ports", Labels.Empty);
        for (var i = 0; i < pods / 5; i++)
        {
            b.Deployment("ports", $"svc-{I(i)}", 5, Labels.Of("app", $"svc-{I(i % 200)}"), [new("http", 1024 + rng.Next(60000), Protocol.TCP)], rng);
        }

        for (var p = 0; p < ranges; p++)
        {
            var from = 1 + rng.Next(65000);
            b.Policy("ports", $"range-{I(p)}", LabelSelector.MatchLabels("app", $"svc-{I(p % 200)}"), PolicyTypes.Ingress,
            [
                Rule(Direction.Ingress, 0, [new PodPeer(LabelSelector.MatchLabels("app", $"svc-{I(rng.Next(200))}"), PolicyNamespace.Instance)],
                    [new PolicyPort(Protocols.All[p % 3], new PortNumberRange(from, Math.Min(65535, from + rng.Next(500))))]),
            ], []);
        }

        return b.Build();
    }

    /// <summary>Egress policies with <paramref name="cidrs"/> CIDRs, each with excepts, over pods inside them.</summary>
    public static ClusterSnapshot Cidrs(int seed, int pods, int cidrs)
    {
        var rng = new Random(seed);
        var b = new Builder();
        b.Namespace("nets", Labels.Empty);
        for (var i = 0; i < pods / 5; i++)
        {
            b.Deployment("nets", $"client-{I(i)}", 5, Labels.Of("app", $"client-{I(i % 100)}"), [new("http", 8080, Protocol.TCP)], rng);
        }

        for (var p = 0; p < cidrs; p++)
        {
            // Blocks inside the pod range 10.64.0.0/16 so that the excepts cut through pods.
            var third = rng.Next(0, 40);
            var cidr = IpCidr.Parse($"10.64.{I(third)}.0/24");
            var except = IpCidr.Parse($"10.64.{I(third)}.{I(rng.Next(0, 64) * 4)}/30");
            b.Policy("nets", $"cidr-{I(p)}", LabelSelector.MatchLabels("app", $"client-{I(p % 100)}"), PolicyTypes.Egress, [],
                [Rule(Direction.Egress, 0, [new IpBlockPeer(cidr, new[] { except })], [new PolicyPort(Protocol.TCP, new PortNumberRange(8080, 8080))])]);
        }

        return b.Build();
    }

    /// <summary>
    /// A small random cluster as model objects, for property tests: 3 namespaces, 2–14 pods (replicas share labels),
    /// tiny label alphabets so selectors collide, ipBlocks overlapping pod IPs, named ports mapping to different
    /// numbers, endPort ranges, all three protocols, hostNetwork pods and pods without IPs, 0–5 policies.
    /// </summary>
    public static ClusterSnapshot Small(int seed)
    {
        var rng = new Random(seed);
        string[] nss = ["x", "y", "z"];
        string[] keys = ["a", "b", "c"];
        string[] vals = ["1", "2"];
        var namespaces = nss.Select(n => Namespace.Create(n, RandomLabels(rng, keys, vals), declared: true)).ToList();
        var pods = new List<Pod>();
        var groups = rng.Next(1, 6);
        for (var g = 0; g < groups; g++)
        {
            var ns = nss[rng.Next(3)];
            var labels = RandomLabels(rng, keys, vals);
            var ports = new List<ContainerPort>();
            if (rng.Next(2) == 0)
            {
                ports.Add(new("http", 80 + rng.Next(3), Protocol.TCP));
            }

            if (rng.Next(3) == 0)
            {
                ports.Add(new("dns", 53, rng.Next(2) == 0 ? Protocol.UDP : Protocol.TCP));
            }

            if (rng.Next(4) == 0)
            {
                ports.Add(new("http", 80, Protocol.SCTP));
            }

            var replicas = rng.Next(1, 4);
            for (var r = 0; r < replicas; r++)
            {
                var i = pods.Count;
                var ips = rng.Next(6) == 0 ? EquatableArray<IpAddr>.Empty : new[] { IpAddr.Parse($"10.0.0.{I(i + 1)}") };
                pods.Add(new Pod(new ObjectRef(ns, $"p{I(i)}"), labels, ips, rng.Next(8) == 0, ports.ToEquatableArray(), null));
            }
        }

        var policies = new List<NetworkPolicy>();
        var count = rng.Next(0, 6);
        for (var p = 0; p < count; p++)
        {
            var ingress = Enumerable.Range(0, rng.Next(0, 3)).Select(i => RandomRule(rng, Direction.Ingress, i, keys, vals, nss)).ToArray();
            var egress = Enumerable.Range(0, rng.Next(0, 3)).Select(i => RandomRule(rng, Direction.Egress, i, keys, vals, nss)).ToArray();
            var types = rng.Next(4) switch
            {
                0 => PolicyTypes.Ingress,
                1 => PolicyTypes.Egress,
                2 => PolicyTypes.Ingress | PolicyTypes.Egress,
                _ => NetworkPolicy.DefaultPolicyTypes(egress.Length),
            };
            policies.Add(new NetworkPolicy(new ObjectRef(nss[rng.Next(3)], $"np{I(p)}"), RandomSelector(rng, keys, vals), types, true, ingress, egress));
        }

        return new ClusterSnapshot(namespaces, pods, [], [], policies);
    }

    private static PolicyRule RandomRule(Random rng, Direction direction, int index, string[] keys, string[] vals, string[] nss)
    {
        var peers = new List<Peer>();
        for (var i = rng.Next(0, 3); i > 0; i--)
        {
            peers.Add(rng.Next(5) switch
            {
                0 => new PodPeer(RandomSelector(rng, keys, vals), PolicyNamespace.Instance),
                1 => new PodPeer(LabelSelector.Everything, new SelectedNamespaces(RandomSelector(rng, [.. keys, Namespace.NameLabel], [.. vals, .. nss]))) { HasPodSelector = false },
                2 => new PodPeer(RandomSelector(rng, keys, vals), new SelectedNamespaces(RandomSelector(rng, [.. keys, Namespace.NameLabel], [.. vals, .. nss]))),
                3 => new IpBlockPeer(new IpCidr(IpAddr.Parse($"10.0.0.{I(rng.Next(0, 16))}"), rng.Next(2) == 0 ? 29 : 32),
                    rng.Next(2) == 0 ? EquatableArray<IpCidr>.Empty : new[] { new IpCidr(IpAddr.Parse($"10.0.0.{I(rng.Next(0, 16))}"), 31) }),
                _ => new IpBlockPeer(IpCidr.Parse(rng.Next(2) == 0 ? "0.0.0.0/0" : "::/0"), new[] { new IpCidr(IpAddr.Parse($"10.0.0.{I(rng.Next(0, 16))}"), 30) }),
            });
        }

        var ports = new List<PolicyPort>();
        for (var i = rng.Next(0, 3); i > 0; i--)
        {
            var protocol = Protocols.All[rng.Next(3)];
            ports.Add(new PolicyPort(protocol, rng.Next(4) switch
            {
                0 => AnyPortNumber.Instance,
                1 => new PortNumberRange(80, 80 + rng.Next(0, 3)),
                2 => new PortNumberRange(53, 53),
                _ => new NamedPort(rng.Next(2) == 0 ? "http" : "dns"),
            }));
        }

        return new PolicyRule(direction, index,
            peers.Count == 0 ? AnyPeer.Instance : new Peers(peers.ToEquatableArray()),
            ports.Count == 0 ? AnyPort.Instance : new Ports(ports.ToEquatableArray()));
    }

    private static Labels RandomLabels(Random rng, string[] keys, string[] vals)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var k in keys)
        {
            if (rng.Next(2) == 0)
            {
                pairs.Add(new(k, vals[rng.Next(vals.Length)]));
            }
        }

        return Labels.From(pairs);
    }

    private static LabelSelector RandomSelector(Random rng, string[] keys, string[] vals)
    {
        var reqs = new List<SelectorRequirement>();
        for (var i = rng.Next(0, 3); i > 0; i--)
        {
            var op = (SelectorOperator)rng.Next(4);
            var values = op is SelectorOperator.In or SelectorOperator.NotIn
                ? vals.Where(_ => rng.Next(2) == 0).DefaultIfEmpty(vals[0]).ToEquatableArray()
                : EquatableArray<string>.Empty;
            reqs.Add(new SelectorRequirement(keys[rng.Next(keys.Length)], op, values));
        }

        return new LabelSelector(reqs.ToEquatableArray());
    }

    private static LabelSelector Selector(params (string Key, SelectorOperator Op, string[] Values)[] requirements) =>
        new(requirements.Select(r => new SelectorRequirement(r.Key, r.Op, r.Values.ToEquatableArray())).ToEquatableArray());

    private static PolicyRule Rule(Direction direction, int index, Peer[]? peers, PolicyPort[]? ports) =>
        new(direction, index,
            peers is null || peers.Length == 0 ? AnyPeer.Instance : new Peers(peers.ToEquatableArray()),
            ports is null || ports.Length == 0 ? AnyPort.Instance : new Ports(ports.ToEquatableArray()));

    private static string I(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Accumulates objects and assigns pod and node IPs in order.</summary>
    private sealed class Builder
    {
        private readonly List<Namespace> namespaces = [];
        private readonly List<Pod> pods = [];
        private readonly List<Workload> workloads = [];
        private readonly List<NetworkPolicy> policies = [];
        private readonly HashSet<(string, string)> podNames = [];
        private int nextPod;
        private int nextNode;

        public void Namespace(string name, Labels labels) => namespaces.Add(Model.Namespace.Create(name, labels, declared: true));

        public IpAddr PodIp()
        {
            var i = nextPod++;
            return new IpAddr((10u << 24) | (64u << 16) | (uint)i, false);
        }

        public IpAddr NodeIp() => new((192u << 24) | (168u << 16) | (uint)nextNode++, false);

        public void Deployment(string ns, string name, int replicas, Labels labels, IReadOnlyList<ContainerPort> ports, Random rng)
        {
            var workload = new Workload("Deployment", new ObjectRef(ns, name), labels, replicas);
            workloads.Add(workload);
            var hash = rng.Next(0x100000, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture);
            var podLabels = labels.With("pod-template-hash", hash);
            for (var r = 0; r < replicas; r++)
            {
                // Draw again on the rare collision (one in XL): pod names must be unique in a namespace.
                string podName;
                do
                {
                    podName = $"{name}-{hash}-{rng.Next(0x10000, 0xFFFFF).ToString("x5", CultureInfo.InvariantCulture)}";
                }
                while (!podNames.Add((ns, podName)));

                Pod(ns, podName, podLabels, ports, false, workload.ToWorkloadRef(), PodIp());
            }
        }

        public void Pod(string ns, string name, Labels labels, IReadOnlyList<ContainerPort> ports, bool hostNetwork, WorkloadRef? owner, IpAddr ip) =>
            pods.Add(new Pod(new ObjectRef(ns, name), labels, new[] { ip }, hostNetwork, ports.ToEquatableArray(), owner));

        public void Policy(string ns, string name, LabelSelector selector, PolicyTypes types, PolicyRule[] ingress, PolicyRule[] egress) =>
            policies.Add(new NetworkPolicy(new ObjectRef(ns, name), selector, types, true, ingress, egress));

        public ClusterSnapshot Build() => new(namespaces, pods, workloads, [], policies);
    }
}
