using CsCheck;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.TestSupport;

/// <summary>
/// CsCheck generators of small clusters with tiny label alphabets, so that selectors collide, ipBlocks overlap
/// pod IPs, named ports resolve differently per pod, and every protocol and empty-versus-absent case occurs.
/// </summary>
public static class SmallClusterGen
{
    private static readonly string[] NamespaceNames = ["x", "y", "z"];
    private static readonly string[] Keys = ["app", "tier", "team"];
    private static readonly string[] Values = ["a", "b", "c"];

    /// <summary>Ports probed by property tests.</summary>
    public static readonly PortProtocol[] ProbePorts =
        [new(53, Protocol.UDP), new(80, Protocol.TCP), new(81, Protocol.TCP), new(80, Protocol.SCTP), new(8080, Protocol.TCP)];

    /// <summary>External addresses probed by property tests.</summary>
    public static readonly IpAddr[] ExternalAddresses = [IpAddr.Parse("10.0.0.200"), IpAddr.Parse("192.168.1.7")];

    /// <summary>
    /// What property tests probe on <paramref name="cluster"/>: every ordered pair of its pods and the external
    /// addresses, on every probe port.
    /// </summary>
    public static IEnumerable<ProbeCase> Probes(ClusterSnapshot cluster)
    {
        var endpoints = cluster.Pods.Select(p => (Endpoint)new PodEndpoint(p))
            .Concat(ExternalAddresses.Select(a => (Endpoint)new ExternalEndpoint(a)))
            .ToList();
        return from s in endpoints from d in endpoints from pp in ProbePorts select new ProbeCase(s, d, pp.Port, pp.Protocol);
    }

    /// <summary>
    /// Whether <paramref name="holds"/> is true for every probe (<see cref="Probes"/>) of every cluster that
    /// <paramref name="clusters"/> generates, given the cluster's engine; CsCheck shrinks a counterexample.
    /// </summary>
    public static void SampleEveryProbe(Gen<ClusterSnapshot> clusters, int iter, Func<PolicyEngine, ClusterSnapshot, ProbeCase, bool> holds) =>
        clusters.Sample(cluster =>
        {
            var engine = new PolicyEngine(cluster);
            return Probes(cluster).All(p => holds(engine, cluster, p));
        }, iter: iter, seed: null);

    /// <summary>One value of each generator, in order.</summary>
    private static Gen<T[]> Sequence<T>(IEnumerable<Gen<T>> gens) =>
        gens.Aggregate(Gen.Const(Array.Empty<T>()), (acc, g) => Gen.Select(acc, g, (a, x) => a.Append(x).ToArray()));

    /// <summary>Zero, one or two items, the i-th from <paramref name="item"/>(i).</summary>
    private static Gen<EquatableArray<T>> UpToTwo<T>(Func<int, Gen<T>> item) =>
        Gen.Int[0, 2].SelectMany(n => n == 0
            ? Gen.Const(EquatableArray<T>.Empty)
            : Gen.Select(item(0), item(1)).Select((a, b) => (n == 1 ? new[] { a } : new[] { a, b }).ToEquatableArray()));

    private static readonly ContainerPort[] PortPool =
    [
        new("http", 80, Protocol.TCP), new("http", 81, Protocol.TCP), new("dns", 53, Protocol.UDP),
        new("s", 80, Protocol.SCTP), new(null, 8080, Protocol.TCP),
    ];

    /// <summary>A label set over the tiny alphabet.</summary>
    public static readonly Gen<Labels> LabelsGen =
        Gen.Select(Gen.OneOf(Keys), Gen.OneOf(Values)).Array[0, 3]
            .Select(kv => Labels.From(kv.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))));

    /// <summary>A selector of up to two requirements.</summary>
    public static readonly Gen<LabelSelector> SelectorGen =
        Gen.Select(Gen.OneOf([.. Keys, Namespace.NameLabel]), Gen.Enum<SelectorOperator>(), Gen.OneOf([.. Values, .. NamespaceNames]).Array[1, 2])
            .Select((k, op, vs) => new SelectorRequirement(k, op,
                op is SelectorOperator.Exists or SelectorOperator.DoesNotExist ? EquatableArray<string>.Empty : vs.Distinct().ToEquatableArray()))
            .Array[0, 2]
            .Select(rs => new LabelSelector(rs.ToEquatableArray()));

    private static readonly Gen<IpCidr> CidrGen =
        Gen.Select(Gen.Int[0, 7], Gen.OneOf(24, 29, 30, 32))
            .Select((i, len) => new IpCidr(IpAddr.Parse($"10.0.0.{i}"), len));

    private static readonly Gen<Peer> PeerGen = Gen.Frequency(
        (3, Gen.Select(SelectorGen, Gen.Int[0, 2], SelectorGen).Select((ps, mode, ns) => (Peer)(mode switch
        {
            0 => new PodPeer(ps, PolicyNamespace.Instance),
            1 => new PodPeer(LabelSelector.Everything, new SelectedNamespaces(ns)) { HasPodSelector = false },
            _ => new PodPeer(ps, new SelectedNamespaces(ns)),
        }))),
        (1, Gen.Select(CidrGen, CidrGen.Array[0, 1]).Select((c, ex) => (Peer)new IpBlockPeer(c, ex.ToEquatableArray()))));

    private static readonly Gen<PolicyPort> PolicyPortGen =
        Gen.Select(Gen.Enum<Protocol>(), Gen.Int[0, 4], Gen.Int[0, 3]).Select((proto, kind, extra) => new PolicyPort(proto, kind switch
        {
            0 => AnyPortNumber.Instance,
            1 => new PortNumberRange(80, 80 + extra),
            2 => new PortNumberRange(53, 53),
            3 => new NamedPort("http"),
            _ => (PortSpec)new NamedPort("dns"),
        }));

    private static Gen<PolicyRule> RuleGen(Direction direction, int index) =>
        Gen.Select(PeerGen.Array[0, 2], PolicyPortGen.Array[0, 2])
            .Select((peers, ports) => new PolicyRule(direction, index,
                peers.Length == 0 ? AnyPeer.Instance : new Peers(peers.ToEquatableArray()),
                ports.Length == 0 ? AnyPort.Instance : new Ports(ports.ToEquatableArray())));

    private static Gen<EquatableArray<PolicyRule>> RulesGen(Direction direction) => UpToTwo(i => RuleGen(direction, i));

    private static Gen<NetworkPolicy> PolicyGen(int i) =>
        Gen.Select(Gen.OneOf(NamespaceNames), SelectorGen, Gen.Int[0, 3], RulesGen(Direction.Ingress), RulesGen(Direction.Egress))
            .Select((ns, sel, types, ingress, egress) =>
            {
                var declared = types != 0;
                var t = types switch
                {
                    1 => PolicyTypes.Ingress,
                    2 => PolicyTypes.Egress,
                    3 => PolicyTypes.Ingress | PolicyTypes.Egress,
                    _ => NetworkPolicy.DefaultPolicyTypes(egress.Count),
                };
                return new NetworkPolicy(new ObjectRef(ns, $"p{i}"), sel, t, declared, ingress, egress);
            });

    private static Gen<Pod> PodGen(int i) =>
        Gen.Select(Gen.OneOf(NamespaceNames), LabelsGen, Gen.Int[0, 9], Gen.Int[0, 15], Gen.Int[0, 31])
            .Select((ns, labels, ipMode, hostNet, portMask) => new Pod(
                new ObjectRef(ns, $"pod{i}"),
                labels,
                ipMode == 0 ? EquatableArray<IpAddr>.Empty : new[] { IpAddr.Parse($"10.0.0.{i + 1}") },
                hostNet == 0,
                PortPool.Where((_, bit) => (portMask & (1 << bit)) != 0).GroupBy(p => (p.Name, p.Protocol)).Select(g => g.First()).ToEquatableArray(),
                null));

    /// <summary>A small cluster: 2–6 pods over up to three namespaces, 0–4 policies.</summary>
    public static readonly Gen<ClusterSnapshot> ClusterGen =
        Gen.Select(Gen.Int[2, 6], Gen.Int[0, 4], LabelsGen.Array[3])
            .SelectMany((podCount, policyCount, nsLabels) =>
                Gen.Select(
                    Sequence(Enumerable.Range(0, podCount).Select(PodGen)),
                    Sequence(Enumerable.Range(0, policyCount).Select(PolicyGen)))
                .Select((pods, policies) => new ClusterSnapshot(
                    NamespaceNames.Select((n, k) => Namespace.Create(n, nsLabels[k], declared: true)),
                    pods, [], [], policies)));

    private static readonly string[] NodeNames = ["n0", "n1"];

    private static readonly Gen<AdminPeer> AdminIngressPeerGen =
        Gen.Select(SelectorGen, SelectorGen).Select((ns, ps) => (AdminPeer)new AdminPodsPeer(ns, ps));

    private static readonly Gen<AdminPeer> AdminEgressPeerGen = Gen.Frequency(
        (4, AdminIngressPeerGen),
        (2, SelectorGen.Select(s => (AdminPeer)new AdminNodesPeer(s))),
        (2, CidrGen.Array[1, 2].Select(cs => (AdminPeer)new AdminNetworksPeer(cs.ToEquatableArray()))),
        (1, Gen.Const((AdminPeer)new AdminDomainNamesPeer(new[] { "example.com" }.ToEquatableArray()))));

    private static readonly Gen<AdminPort> AdminPortGen =
        Gen.Select(Gen.Enum<Protocol>(), Gen.Int[0, 3], Gen.Int[0, 3]).Select((proto, kind, extra) => kind switch
        {
            0 => (AdminPort)new AdminPortRange(proto, 80, 80 + extra),
            1 => new AdminPortRange(proto, 53, 53),
            2 => new AdminNamedPort("http"),
            _ => new AdminNamedPort("dns"),
        });

    private static Gen<AdminRule> AdminRuleGen(Direction direction, int index) =>
        Gen.Select(Gen.Enum<AdminAction>(), (direction == Direction.Ingress ? AdminIngressPeerGen : AdminEgressPeerGen).Array[1, 2], AdminPortGen.Array[0, 2])
            .Select((action, peers, ports) => new AdminRule(direction, index, string.Empty, action, peers.ToEquatableArray(),
                ports.Length == 0 ? AnyAdminPort.Instance : new AdminPorts(ports.ToEquatableArray())));

    private static Gen<EquatableArray<AdminRule>> AdminRulesGen(Direction direction) => UpToTwo(i => AdminRuleGen(direction, i));

    private static Gen<AdminPolicy> AdminPolicyGen(int i) =>
        Gen.Select(Gen.Enum<PolicyTier>(), Gen.Int[1, 3], SelectorGen, SelectorGen, AdminRulesGen(Direction.Ingress), AdminRulesGen(Direction.Egress))
            .Select((tier, priority, ns, pods, ingress, egress) =>
                new AdminPolicy(AdminPolicyKind.ClusterNetworkPolicy, $"c{i}", tier, priority, new AdminSubject(ns, pods), ingress, egress));

    /// <summary>
    /// A small cluster with all three tiers: the NetworkPolicy cluster of <see cref="ClusterGen"/>, 0–4 cluster-wide
    /// policies of both tiers with colliding priorities (1–3), every action, pods/nodes/networks/domainNames peers and
    /// port forms, and two nodes whose addresses are some pods' addresses (so host-network pods stand on nodes).
    /// </summary>
    public static readonly Gen<ClusterSnapshot> TierClusterGen =
        Gen.Select(ClusterGen, Gen.Int[0, 4], LabelsGen.Array[2], Gen.Int[0, 1].Array[6])
            .SelectMany((cluster, count, nodeLabels, nodeOf) =>
                Sequence(Enumerable.Range(0, count).Select(AdminPolicyGen))
                    .Select(admin =>
                    {
                        var nodes = NodeNames.Select((n, k) => new Node(n, nodeLabels[k], new[] { IpAddr.Parse($"10.0.0.{k + 1}") }.ToEquatableArray()));
                        var pods = cluster.Pods.Select((p, k) => p with { NodeName = NodeNames[nodeOf[k % nodeOf.Length]] });
                        return new ClusterSnapshot(cluster.Namespaces, pods, [], [], cluster.Policies, admin, nodes);
                    }));

    private static readonly string[] WorkloadKinds = ["Deployment", "StatefulSet", "DaemonSet"];
    private static readonly string[] WorkloadNames = ["web", "db"];

    /// <summary>Label sets that may hold empty values (what a <c>null</c> label value decodes to).</summary>
    private static readonly Gen<Labels> LabelsWithEmptyGen =
        Gen.Select(Gen.OneOf(Keys), Gen.OneOf([.. Values, string.Empty])).Array[0, 3]
            .Select(kv => Labels.From(kv.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))));

    /// <summary>
    /// A small cluster with workloads: up to four workloads whose names collide across kinds (a Deployment and a
    /// StatefulSet <c>x/web</c>), bare pods that may share a workload's name, workloads with several real pods that
    /// differ in labels and IPs, workloads with only a template stand-in, and label values that are empty.
    /// </summary>
    public static readonly Gen<ClusterSnapshot> WorkloadClusterGen =
        Gen.Select(
                Gen.Select(Gen.OneOf(WorkloadKinds), Gen.OneOf(NamespaceNames), Gen.OneOf(WorkloadNames), LabelsWithEmptyGen).Array[1, 4],
                Gen.Select(Gen.Int[-1, 3], Gen.Bool, LabelsWithEmptyGen, Gen.Int[0, 3], Gen.Int[0, 31]).Array[1, 6],
                Gen.Int[0, 4].SelectMany(n => Sequence(Enumerable.Range(0, n).Select(PolicyGen))),
                LabelsGen.Array[3])
            .Select((ws, podSpecs, policies, nsLabels) =>
            {
                var workloads = ws.Select(w => new Workload(w.Item1, new ObjectRef(w.Item2, w.Item3), w.Item4, 2))
                    .GroupBy(w => w.ToWorkloadRef()).Select(g => g.First()).ToList();
                var pods = new List<Pod>();
                var podNames = new HashSet<ObjectRef>();
                for (var i = 0; i < podSpecs.Length; i++)
                {
                    var (owner, namedLikeWorkload, labels, ipMode, portMask) = podSpecs[i];
                    var ports = PortPool.Where((_, bit) => (portMask & (1 << bit)) != 0).GroupBy(p => (p.Name, p.Protocol)).Select(g => g.First()).ToEquatableArray();
                    var ips = ipMode == 0 ? EquatableArray<IpAddr>.Empty : new[] { IpAddr.Parse($"10.0.0.{i + 1}") }.ToEquatableArray();
                    if (owner >= 0 && owner < workloads.Count)
                    {
                        var w = workloads[owner];
                        var r = new ObjectRef(w.Ref.Namespace, $"{w.Ref.Name}-{i}");
                        podNames.Add(r);
                        pods.Add(new Pod(r, labels, ips, false, ports, w.ToWorkloadRef()));
                    }
                    else
                    {
                        // A bare pod, sometimes with the name of a workload of its namespace.
                        var ns = NamespaceNames[i % NamespaceNames.Length];
                        var name = namedLikeWorkload ? WorkloadNames[i % WorkloadNames.Length] : $"pod{i}";
                        var r = new ObjectRef(ns, name);
                        if (podNames.Add(r))
                        {
                            pods.Add(new Pod(r, labels, ips, false, ports, null));
                        }
                    }
                }

                foreach (var w in workloads)
                {
                    if (!pods.Any(p => p.Owner == w.ToWorkloadRef()))
                    {
                        pods.Add(new Pod(w.Ref, w.TemplateLabels, EquatableArray<IpAddr>.Empty, false, EquatableArray<ContainerPort>.Empty, w.ToWorkloadRef()) { FromTemplate = true });
                    }
                }

                return new ClusterSnapshot(
                    NamespaceNames.Select((n, k) => Namespace.Create(n, nsLabels[k], declared: true)),
                    pods, workloads, [], policies);
            });
    private static Gen<Service> ServiceGen(int i) =>
        Gen.Select(Gen.OneOf(NamespaceNames), Gen.Enum<ServiceType>(), LabelsGen, Gen.Int[0, 3], Gen.Select(Gen.Enum<Protocol>(), Gen.Int[0, 3]).Array[0, 2])
            .Select((ns, type, selector, addresses, ports) => new Service(
                new ObjectRef(ns, $"svc{i}"),
                type,
                selector.Count == 0 ? NoSelector.Instance : new SelectorSelection(new LabelSelector(selector.Pairs.Select(p => new SelectorRequirement(p.Key, SelectorOperator.In, new[] { p.Value })).ToEquatableArray())),
                (addresses & 1) != 0 ? new[] { IpAddr.Parse($"10.96.0.{i + 1}"), IpAddr.Parse($"fd00::{i + 1}") } : EquatableArray<IpAddr>.Empty,
                (addresses & 2) != 0 ? new[] { IpAddr.Parse($"192.0.2.{i + 1}") } : EquatableArray<IpAddr>.Empty,
                addresses == 3 ? new[] { IpAddr.Parse($"198.51.100.{i + 1}") } : EquatableArray<IpAddr>.Empty,
                ports.Select((p, k) => new ServicePort(
                    ports.Length > 1 ? $"p{k}" : null,
                    p.Item1,
                    80 + k,
                    p.Item2 switch { 0 => new NumericTargetPort(8080), 1 => new NumericTargetPort(80 + k), _ => (TargetPort)new NamedTargetPort("http") },
                    type is ServiceType.NodePort or ServiceType.LoadBalancer ? 30000 + k : null)).ToEquatableArray()));

    /// <summary>
    /// An admin policy of <see cref="TierClusterGen"/> recast as <paramref name="kind"/> within what that API version
    /// can express: a BaselineAdminNetworkPolicy is the baseline singleton <c>default</c> (priority 0, no Pass, no
    /// domainNames); an AdminNetworkPolicy is admin tier; a rule with nodes, networks or domainNames peers names no
    /// port; a subject or peer with a pod selector is written as <c>pods</c>.
    /// </summary>
    private static AdminPolicy Expressible(AdminPolicy p, AdminPolicyKind kind)
    {
        AdminRule Rule(AdminRule r)
        {
            var peers = r.Peers.Where(x => kind != AdminPolicyKind.BaselineAdminNetworkPolicy || x is not AdminDomainNamesPeer)
                .Select(x => x is AdminPodsPeer pp ? pp with { WrittenAsPods = !pp.PodSelector.IsEverything } : x).ToEquatableArray();
            if (peers.IsEmpty)
            {
                peers = new AdminPeer[] { new AdminPodsPeer(LabelSelector.Everything, LabelSelector.Everything) }.ToEquatableArray();
            }

            var ports = peers.Any(x => x is not AdminPodsPeer) && r.Ports is AdminPorts ap
                ? ap.Items.Where(x => x is not AdminNamedPort).ToArray() is { Length: > 0 } kept ? new AdminPorts(kept.ToEquatableArray()) : (AdminPortList)AnyAdminPort.Instance
                : r.Ports;
            var action = kind == AdminPolicyKind.BaselineAdminNetworkPolicy && r.Action == AdminAction.Pass ? AdminAction.Deny : r.Action;
            return r with { Peers = peers, Ports = ports, Action = action, Name = r.Index == 0 ? $"rule-{r.Direction.ToString().ToLowerInvariant()}" : string.Empty };
        }

        var subject = p.Subject with { WrittenAsPods = !p.Subject.PodSelector.IsEverything };
        var recast = p with { Kind = kind, Subject = subject, Ingress = p.Ingress.Select(Rule).ToEquatableArray(), Egress = p.Egress.Select(Rule).ToEquatableArray() };
        return kind switch
        {
            AdminPolicyKind.BaselineAdminNetworkPolicy => recast with { Name = "default", Tier = PolicyTier.Baseline, Priority = 0 },
            AdminPolicyKind.AdminNetworkPolicy => recast with { Tier = PolicyTier.Admin },
            _ => recast,
        };
    }

    /// <summary>The rule with each ipBlock's except blocks kept only where they are strict subsets (what the API admits).</summary>
    private static PolicyRule StrictExcepts(PolicyRule rule) => rule.Peers is not Peers peers ? rule : rule with
    {
        Peers = new Peers(peers.Items.Select(p => p is IpBlockPeer b
            ? b with { Except = b.Except.Where(e => b.Cidr.Contains(e) && e.PrefixLength > b.Cidr.PrefixLength).ToEquatableArray() }
            : p).ToEquatableArray()),
    };

    /// <summary>
    /// A cluster with every kind the wire writer knows, each only in forms a manifest can express (for round trips):
    /// the workloads and pods of <see cref="WorkloadClusterGen"/> (a DaemonSet has one replica), the nodes, pods'
    /// nodes and cluster-wide policies of <see cref="TierClusterGen"/> recast among the three kinds, Services of every
    /// type, and policy and cluster-wide policy labels and annotations.
    /// </summary>
    public static readonly Gen<ClusterSnapshot> WireClusterGen =
        Gen.Select(WorkloadClusterGen, TierClusterGen, Gen.Int[0, 2].Array[4], Gen.Int[0, 3].SelectMany(n => Sequence(Enumerable.Range(0, n).Select(ServiceGen))))
            .Select((workloads, tiers, kinds, services) =>
            {
                var admin = tiers.AdminPolicies.Select((p, k) => Expressible(p, (AdminPolicyKind)kinds[k % kinds.Length]))
                    .GroupBy(p => (p.Kind, p.Name)).Select(g => g.First())
                    .Select(p => p with { Labels = Labels.Of("team", "net"), Annotations = Labels.Of("note", "a: b") });
                var policies = tiers.Policies.Select(p => p with
                {
                    Ingress = p.Ingress.Select(StrictExcepts).ToEquatableArray(),
                    Egress = p.Egress.Select(StrictExcepts).ToEquatableArray(),
                    Labels = Labels.Of("app", "p"),
                    Annotations = Labels.Of("example.com/owner", "team a"),
                });
                var pods = workloads.Pods.Select((p, k) => p.FromTemplate ? p : p with { NodeName = NodeNames[k % NodeNames.Length], HostNetwork = k % 3 == 2 });
                var kept = workloads.Workloads.Select(w => w.Kind == "DaemonSet" ? w with { Replicas = 1 } : w);
                return new ClusterSnapshot(workloads.Namespaces, pods, kept, services, policies, admin, tiers.Nodes);
            });
}

/// <summary>One connection a property test asks about: from, to, port and protocol.</summary>
public sealed record ProbeCase(Endpoint From, Endpoint To, int Port, Protocol Protocol)
{
    /// <summary>The source pod, or null for an external address.</summary>
    public Pod? FromPod => (From as PodEndpoint)?.Pod;

    /// <summary>The source address when it is external.</summary>
    public IpAddr? FromAddress => (From as ExternalEndpoint)?.Address;

    /// <summary>The destination pod, or null for an external address.</summary>
    public Pod? ToPod => (To as PodEndpoint)?.Pod;

    /// <summary>The destination address when it is external.</summary>
    public IpAddr? ToAddress => (To as ExternalEndpoint)?.Address;
}
