using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Engine.Classes;
using PortInterval = Palisade.Diffing.PortInterval;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Reports;

/// <summary>A node of the connectivity graph: a workload, a bare pod, or the outside (<see cref="Namespace"/> null).</summary>
public sealed record GraphNode(string Id, string? Namespace, string Name, string Kind, bool IngressIsolated, bool EgressIsolated);

/// <summary>How an edge is allowed: by at least one policy rule, or only because neither side is isolated.</summary>
public enum EdgeKind
{
    /// <summary>At least one allowed port needs a matching rule on one side.</summary>
    Rule,

    /// <summary>Every allowed port is allowed because no policy isolates either side (open by default).</summary>
    Open,

    /// <summary>
    /// Not allowed for certain and not denied: the verdict on these ports depends on something the input does not give
    /// (a pod's IP, a same-priority tier conflict). Kept apart from allowed edges, never drawn as denied.
    /// </summary>
    Undetermined,
}

/// <summary>One probed port of an edge: the verdict, explained in words.</summary>
public sealed record PortExplanation(PortProtocol Port, bool Allowed, string Text)
{
    /// <summary>True when the verdict is undetermined (then <see cref="Allowed"/> is false and means nothing).</summary>
    public bool Undetermined { get; init; }
}

/// <summary>Which tier decided a connection (for an edge: the first in this order that decided one of its ports).</summary>
public enum DecidingTier
{
    /// <summary>An AdminNetworkPolicy or admin-tier ClusterNetworkPolicy rule.</summary>
    Admin,

    /// <summary>A NetworkPolicy rule, or the isolation NetworkPolicy sets up.</summary>
    NetworkPolicy,

    /// <summary>A BaselineAdminNetworkPolicy or baseline-tier ClusterNetworkPolicy rule.</summary>
    Baseline,

    /// <summary>No policy of any tier applies: open by default.</summary>
    Default,
}

/// <summary>
/// Allowed connections from one node to another (or, for <see cref="EdgeKind.Undetermined"/>, connections whose verdict
/// the input does not decide): the ports, which tier decided them, the lines naming the rules that allow them (or leave
/// them undetermined), and the explanation of every probed port when the report embeds it
/// (<see cref="ConnectivityGraph.MaxExplainedEdges"/>).
/// </summary>
public sealed record GraphEdge(string Id, GraphNode From, GraphNode To, EdgeKind Kind, IReadOnlyList<PortInterval> AllowedPorts, IReadOnlyList<PortExplanation> Explanations)
{
    /// <summary>The ports as an edge label: "22/TCP", "53/TCP, 53/UDP".</summary>
    public string Label => string.Join(", ", AllowedPorts);

    /// <summary>The tier that decided the allowed ports (the first of admin, NetworkPolicy, baseline, default that decided one).</summary>
    public DecidingTier Tier { get; init; } = Kind == EdgeKind.Open ? DecidingTier.Default : DecidingTier.NetworkPolicy;

    /// <summary>
    /// The explanation lines that say what allows the connection ("allowed by ..."), or for an undetermined edge what
    /// leaves it undetermined, without repeats.
    /// </summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
}

/// <summary>
/// Who talks to whom: workloads as nodes, allowed connections as edges (and, apart, undetermined ones), on the ports a matrix probes (each
/// destination's declared ports plus requested ones; 80/TCP and 443/TCP to the outside). Self connections between
/// replicas of one workload are left out of the picture. The outside world is two nodes: the Internet (probed at
/// 203.0.113.10) and the LAN / private ranges (RFC 1918; probed at one address of each private range and of each
/// private address interval that an ipBlock cuts out, at most <see cref="MaxLanProbes"/>; a port is allowed when
/// any probe is). Deterministic: nodes and edges sorted by id.
/// </summary>
public sealed class ConnectivityGraph
{
    /// <summary>The node that stands for addresses outside the cluster.</summary>
    public const string OutsideId = "outside";

    /// <summary>The node that stands for the LAN and other private (RFC 1918) addresses.</summary>
    public const string LanId = "lan";

    /// <summary>The most private addresses probed for the LAN node (bounded work on hostile inputs).</summary>
    public const int MaxLanProbes = 32;

    private static readonly IpCidr[] PrivateRanges =
    [
        new(IpAddr.Parse("10.0.0.0"), 8), new(IpAddr.Parse("172.16.0.0"), 12), new(IpAddr.Parse("192.168.0.0"), 16),
    ];

    private ConnectivityGraph(IReadOnlyList<GraphNode> nodes, IReadOnlyList<GraphEdge> edges)
    {
        Nodes = nodes;
        Edges = edges;
    }

    /// <summary>Nodes: endpoints by id, the outside last.</summary>
    public IReadOnlyList<GraphNode> Nodes { get; }

    /// <summary>Edges by source then destination.</summary>
    public IReadOnlyList<GraphEdge> Edges { get; }

    /// <summary>Namespaces in order (the outside is not one).</summary>
    public IReadOnlyList<string> Namespaces => [.. Nodes.Where(n => n.Namespace is not null).Select(n => n.Namespace!).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>
    /// Above this many workload-to-workload edges, only the first <see cref="ExplainedPerArrow"/> edges of each
    /// namespace-to-namespace arrow carry the full explanation of every probed port; every edge keeps its rule lines.
    /// Keeps the file bounded at cluster scale (tier M).
    /// </summary>
    public const int MaxExplainedEdges = 3000;

    /// <summary>Edges per namespace arrow whose explanations are embedded above <see cref="MaxExplainedEdges"/>.</summary>
    public const int ExplainedPerArrow = 3;

    /// <summary>
    /// Builds the graph of a snapshot. Workload pairs are decided on the class engine's table (every port of every
    /// class pair at once), so the work grows with the allowed connections, not with every workload pair; each edge's
    /// explanation is that of its representative pods. Input the class engine refuses (a NetworkPolicy ipBlock and a
    /// pod whose IP is unknown) takes the exact engine pair by pair.
    /// </summary>
    public static ConnectivityGraph Build(ClusterSnapshot cluster, IEnumerable<PortProtocol> requestedPorts) =>
        ClassEngine.UnknownAddressMatch(cluster) is null ? BuildFromTable(cluster, requestedPorts) : BuildPairwise(cluster, requestedPorts);

    internal static ConnectivityGraph BuildFromTable(ClusterSnapshot cluster, IEnumerable<PortProtocol> requestedPorts)
    {
        var requested = requestedPorts.ToList();
        var classEngine = new ClassEngine(cluster);
        var table = classEngine.Table;
        var engine = classEngine.Reference;
        var matrix = new ConnectivityMatrix(engine, requested);
        var endpoints = matrix.Endpoints;
        var nodes = new GraphNode[endpoints.Count];
        var classesOf = new PodClass[endpoints.Count][];
        var portsOf = new IReadOnlyList<PortProtocol>[endpoints.Count];
        var byClass = new Dictionary<int, List<int>>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            var e = endpoints[i];
            nodes[i] = new GraphNode(e.Id, e.Ref.Namespace, e.Ref.Name, e.Kind,
                engine.SelectingPolicies(e.Representative, Direction.Ingress).Count > 0,
                engine.SelectingPolicies(e.Representative, Direction.Egress).Count > 0);
            classesOf[i] = [.. e.Pods.Items.Select(classEngine.ClassOf).DistinctBy(c => c.Id).OrderBy(c => c.Id)];
            portsOf[i] = matrix.PortsFor(e);
            foreach (var c in classesOf[i])
            {
                if (!byClass.TryGetValue(c.Id, out var list))
                {
                    list = [];
                    byClass[c.Id] = list;
                }

                list.Add(i);
            }
        }

        var (outside, outsideEndpoint, lan, lanEndpoints, outboundPorts) = OutsideWorld.Of(cluster, requested);
        var pending = new List<Pending>();

        // Workload pairs: candidates are the workloads of the classes a source class reaches (or may reach).
        var candidates = new SortedSet<int>();
        for (var i = 0; i < endpoints.Count; i++)
        {
            candidates.Clear();
            foreach (var (d, _) in table.RowCells(classesOf[i][0].Id).Concat(table.UndeterminedRowCells(classesOf[i][0].Id)))
            {
                if (byClass.TryGetValue(d, out var list))
                {
                    candidates.UnionWith(list);
                }
            }

            foreach (var j in candidates)
            {
                if (j == i)
                {
                    continue;
                }

                var allowed = new List<PortProtocol>();
                var undetermined = new List<PortProtocol>();
                foreach (var port in portsOf[j])
                {
                    switch (Decide(table, classesOf[i], classesOf[j], port))
                    {
                        case Reachability.Allowed: allowed.Add(port); break;
                        case Reachability.Undetermined: undetermined.Add(port); break;
                    }
                }

                if (allowed.Count > 0 || undetermined.Count > 0)
                {
                    var (from, to) = (endpoints[i], endpoints[j]);
                    pending.Add(new Pending(nodes[i], nodes[j], allowed, undetermined, portsOf[j], p => engine.Evaluate(new PodEndpoint(from.Representative), new PodEndpoint(to.Representative), p.Port, p.Protocol)));
                }
            }
        }

        // The outside: one answer per class (a class separates everything an ipBlock or tier rule reads).
        var memo = new Dictionary<(int Class, int Probe, bool Outbound, PortProtocol Port), Reachability>();
        Reachability External(PodClass c, int probe, bool outbound, PortProtocol port)
        {
            if (!memo.TryGetValue((c.Id, probe, outbound, port), out var r))
            {
                var pod = new PodEndpoint(c.Representative);
                var address = probe < 0 ? outsideEndpoint : lanEndpoints[probe];
                r = outbound ? engine.Decide(pod, address, port.Port, port.Protocol) : engine.Decide(address, pod, port.Port, port.Protocol);
                memo[(c.Id, probe, outbound, port)] = r;
            }

            return r;
        }

        Reachability AllClasses(PodClass[] classes, int probe, bool outbound, PortProtocol port)
        {
            var undetermined = false;
            foreach (var c in classes)
            {
                switch (External(c, probe, outbound, port))
                {
                    case Reachability.Denied: return Reachability.Denied;
                    case Reachability.Undetermined: undetermined = true; break;
                }
            }

            return undetermined ? Reachability.Undetermined : Reachability.Allowed;
        }

        // The LAN node: a port is allowed when some probe address is, undetermined when none is and some is undetermined.
        Reachability AnyProbe(PodClass[] classes, bool outbound, PortProtocol port, out int chosen)
        {
            chosen = 0;
            var undetermined = -1;
            for (var k = 0; k < lanEndpoints.Count; k++)
            {
                var r = AllClasses(classes, k, outbound, port);
                if (r == Reachability.Allowed)
                {
                    chosen = k;
                    return r;
                }

                if (r == Reachability.Undetermined && undetermined < 0)
                {
                    undetermined = k;
                }
            }

            chosen = Math.Max(undetermined, 0);
            return undetermined >= 0 ? Reachability.Undetermined : Reachability.Denied;
        }

        for (var i = 0; i < endpoints.Count; i++)
        {
            var pod = new PodEndpoint(endpoints[i].Representative);
            var classes = classesOf[i];
            AddExternal(nodes[i], outside, outboundPorts, p => (AllClasses(classes, -1, true, p), 0),
                (p, _) => engine.Evaluate(pod, outsideEndpoint, p.Port, p.Protocol));
            AddExternal(nodes[i], lan, outboundPorts, p => (AnyProbe(classes, true, p, out var k), k),
                (p, k) => engine.Evaluate(pod, lanEndpoints[k], p.Port, p.Protocol));
        }

        for (var j = 0; j < endpoints.Count; j++)
        {
            var pod = new PodEndpoint(endpoints[j].Representative);
            var classes = classesOf[j];
            AddExternal(outside, nodes[j], portsOf[j], p => (AllClasses(classes, -1, false, p), 0),
                (p, _) => engine.Evaluate(outsideEndpoint, pod, p.Port, p.Protocol));
            AddExternal(lan, nodes[j], portsOf[j], p => (AnyProbe(classes, false, p, out var k), k),
                (p, k) => engine.Evaluate(lanEndpoints[k], pod, p.Port, p.Protocol));
        }

        void AddExternal(GraphNode from, GraphNode to, IReadOnlyList<PortProtocol> ports, Func<PortProtocol, (Reachability, int)> decide, Func<PortProtocol, int, ConnectionVerdict> evaluate)
        {
            var allowed = new List<PortProtocol>();
            var undetermined = new List<PortProtocol>();
            var probe = new Dictionary<PortProtocol, int>();
            foreach (var port in ports)
            {
                var (r, k) = decide(port);
                probe[port] = k;
                if (r == Reachability.Allowed)
                {
                    allowed.Add(port);
                }
                else if (r == Reachability.Undetermined)
                {
                    undetermined.Add(port);
                }
            }

            if (allowed.Count > 0 || undetermined.Count > 0)
            {
                pending.Add(new Pending(from, to, allowed, undetermined, ports, p => evaluate(p, probe[p])));
            }
        }

        var balancers = LoadBalancers(cluster, engine, endpoints, nodes, outsideEndpoint, lanEndpoints, pending);
        return Assemble(nodes, [outside, lan, .. balancers], pending);
    }

    /// <summary>
    /// LoadBalancer addresses as nodes of the outside world: one per Service of type LoadBalancer with an address
    /// (<c>status.loadBalancer.ingress</c>, <c>spec.loadBalancerIP</c>), with an edge to each workload it sends traffic
    /// to, on the backends' target ports. Policies see the client's address behind the load balancer (semantics rule
    /// 22), so a port is allowed when, for every backend pod of the workload, some client of the outside world (the
    /// Internet probe or a LAN probe) is allowed; undetermined when none is allowed and some is undetermined. Linear in
    /// Services × backend pods × ports × probes.
    /// </summary>
    private static List<GraphNode> LoadBalancers(ClusterSnapshot cluster, PolicyEngine engine, IReadOnlyList<WorkloadEndpoint> endpoints,
        IReadOnlyList<GraphNode> workloadNodes, ExternalEndpoint internet, List<ExternalEndpoint> lan, List<Pending> pending)
    {
        var workloadOf = new Dictionary<Pod, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < endpoints.Count; i++)
        {
            foreach (var pod in endpoints[i].Pods.Items)
            {
                workloadOf[pod] = i;
            }
        }

        ExternalEndpoint[] clients = [internet, .. lan];
        var result = new List<GraphNode>();
        foreach (var service in cluster.Services.Where(s => s.Type == ServiceType.LoadBalancer && !s.LoadBalancerIps.IsEmpty).OrderBy(s => s.Ref))
        {
            var node = new GraphNode($"lb:{service.Ref}", null, $"LoadBalancer {string.Join(", ", service.LoadBalancerIps.Items)} ({service.Ref})", "LoadBalancer", false, false);
            result.Add(node);

            // The backend pods of each workload on each target port, in the Service's port order.
            var backends = new SortedDictionary<int, Dictionary<PortProtocol, List<Pod>>>();
            foreach (var sp in service.Ports.Items)
            {
                foreach (var b in ServiceRouting.Backends(cluster, service, sp.Port, sp.Protocol))
                {
                    if (!workloadOf.TryGetValue(b.Pod, out var j))
                    {
                        continue;
                    }

                    if (!backends.TryGetValue(j, out var byPort))
                    {
                        byPort = [];
                        backends[j] = byPort;
                    }

                    var port = new PortProtocol(b.TargetPort, sp.Protocol);
                    if (!byPort.TryGetValue(port, out var pods))
                    {
                        pods = [];
                        byPort[port] = pods;
                    }

                    if (!pods.Contains(b.Pod))
                    {
                        pods.Add(b.Pod);
                    }
                }
            }

            foreach (var (j, byPort) in backends)
            {
                var allowed = new List<PortProtocol>();
                var undetermined = new List<PortProtocol>();
                var explain = new Dictionary<PortProtocol, (ExternalEndpoint Client, Pod Pod)>();
                foreach (var (port, pods) in byPort.OrderBy(e => e.Key))
                {
                    var reach = Reachability.Allowed;
                    foreach (var pod in pods)
                    {
                        var (r, client) = AnyClient(engine, clients, pod, port);
                        // The weakest pod decides the port (denied, then undetermined, then allowed) and explains it.
                        if (!explain.ContainsKey(port) || Weaker(r, reach))
                        {
                            explain[port] = (client, pod);
                        }

                        reach = Weaker(r, reach) ? r : reach;
                        if (reach == Reachability.Denied)
                        {
                            break;
                        }
                    }

                    switch (reach)
                    {
                        case Reachability.Allowed: allowed.Add(port); break;
                        case Reachability.Undetermined: undetermined.Add(port); break;
                    }
                }

                if (allowed.Count > 0 || undetermined.Count > 0)
                {
                    pending.Add(new Pending(node, workloadNodes[j], allowed, undetermined, [.. byPort.Keys.Order()],
                        p => engine.Evaluate(explain[p].Client, new PodEndpoint(explain[p].Pod), p.Port, p.Protocol)));
                }
            }
        }

        return result;
    }

    private static bool Weaker(Reachability a, Reachability b) => Rank(a) < Rank(b);

    private static int Rank(Reachability r) => r switch { Reachability.Denied => 0, Reachability.Undetermined => 1, _ => 2 };

    /// <summary>The first client allowed to a pod on a port, else the first undetermined one, else the first one (denied).</summary>
    private static (Reachability Reachability, ExternalEndpoint Client) AnyClient(PolicyEngine engine, ExternalEndpoint[] clients, Pod pod, PortProtocol port)
    {
        (Reachability, ExternalEndpoint)? undetermined = null;
        foreach (var client in clients)
        {
            var r = engine.Decide(client, new PodEndpoint(pod), port.Port, port.Protocol);
            if (r == Reachability.Allowed)
            {
                return (r, client);
            }

            if (r == Reachability.Undetermined)
            {
                undetermined ??= (r, client);
            }
        }

        return undetermined ?? (Reachability.Denied, clients[0]);
    }

    /// <summary>Reachability of a workload pair on one port: denied when any class pair is, then undetermined, else allowed.</summary>
    private static Reachability Decide(ConnectivityTable table, PodClass[] from, PodClass[] to, PortProtocol port)
    {
        var undetermined = false;
        foreach (var s in from)
        {
            foreach (var d in to)
            {
                switch (table.Decide(s, d, port.Port, port.Protocol))
                {
                    case Reachability.Denied: return Reachability.Denied;
                    case Reachability.Undetermined: undetermined = true; break;
                }
            }
        }

        return undetermined ? Reachability.Undetermined : Reachability.Allowed;
    }

    /// <summary>An edge whose decisions are known and whose explanations are made when it is assembled.</summary>
    /// <summary>
    /// The two nodes of the outside world (the Internet and the LAN), the addresses that stand for them in the engine, and
    /// the ports probed towards them (the requested ones plus 80/TCP and 443/TCP).
    /// </summary>
    private sealed record OutsideWorld(GraphNode Internet, ExternalEndpoint InternetEndpoint, GraphNode Lan, List<ExternalEndpoint> LanEndpoints, List<PortProtocol> OutboundPorts)
    {
        public static OutsideWorld Of(ClusterSnapshot cluster, IEnumerable<PortProtocol> requested) => new(
            new GraphNode(OutsideId, null, $"Internet ({ProbeSpace.InternetV4})", "External", false, false),
            new ExternalEndpoint(ProbeSpace.InternetV4),
            new GraphNode(LanId, null, "LAN / private ranges", "External", false, false),
            [.. LanProbes(cluster, requested).Select(a => new ExternalEndpoint(a))],
            [.. requested.Concat([new PortProtocol(80, Protocol.TCP), new PortProtocol(443, Protocol.TCP)]).Distinct().Order()]);
    }

    private sealed record Pending(GraphNode From, GraphNode To, List<PortProtocol> Allowed, List<PortProtocol> Undetermined, IReadOnlyList<PortProtocol> Probed, Func<PortProtocol, ConnectionVerdict> Evaluate);

    /// <summary>
    /// Orders the edges, explains each (rule lines for every edge; every probed port's full text while within the
    /// budget) and names the tier that decided it. A pair's undetermined ports are an edge of their own, after its
    /// allowed edge: an allowed edge must not claim them, nor may they vanish (a pair whose every port is undetermined
    /// is drawn too).
    /// </summary>
    private static ConnectivityGraph Assemble(IEnumerable<GraphNode> workloads, IReadOnlyList<GraphNode> externals, List<Pending> pending)
    {
        var ordered = pending.OrderBy(e => e.From.Namespace is null ? 1 : 0).ThenBy(e => e.From.Id, StringComparer.Ordinal)
            .ThenBy(e => e.To.Namespace is null ? 1 : 0).ThenBy(e => e.To.Id, StringComparer.Ordinal).ToList();
        var explainAll = ordered.Where(e => e.From.Namespace is not null && e.To.Namespace is not null)
            .Sum(e => (e.Allowed.Count > 0 ? 1 : 0) + (e.Undetermined.Count > 0 ? 1 : 0)) <= MaxExplainedEdges;
        var perArrow = new Dictionary<(string?, string?, string, string), int>();
        var edges = new List<GraphEdge>(ordered.Count);
        foreach (var e in ordered)
        {
            // An arrow of the namespace view: namespace to namespace, or a node of the outside world as itself.
            var arrow = (e.From.Namespace, e.To.Namespace, e.From.Namespace is null ? e.From.Id : string.Empty, e.To.Namespace is null ? e.To.Id : string.Empty);
            if (e.Allowed.Count > 0)
            {
                perArrow[arrow] = perArrow.GetValueOrDefault(arrow) + 1;
                edges.Add(Explain(e, e.Allowed, full: explainAll || perArrow[arrow] <= ExplainedPerArrow, undetermined: false, edges.Count + 1));
            }

            if (e.Undetermined.Count > 0)
            {
                perArrow[arrow] = perArrow.GetValueOrDefault(arrow) + 1;
                edges.Add(Explain(e, e.Undetermined, full: explainAll || perArrow[arrow] <= ExplainedPerArrow, undetermined: true, edges.Count + 1));
            }
        }

        return new ConnectivityGraph([.. workloads.OrderBy(n => n.Id, StringComparer.Ordinal), .. externals], edges);
    }

    /// <summary>
    /// One edge of a pair: its allowed ports (explained on every probed port when <paramref name="full"/>), or its
    /// undetermined ports (explained on those ports).
    /// </summary>
    private static GraphEdge Explain(Pending e, List<PortProtocol> ports, bool full, bool undetermined, int number)
    {
        var explanations = new List<PortExplanation>();
        var rules = new List<string>();
        var tier = DecidingTier.Default;
        var byRule = false;
        var marker = undetermined ? "undetermined" : "allowed by";
        foreach (var port in full && !undetermined ? e.Probed : ports)
        {
            var v = e.Evaluate(port);
            var text = Text(v);
            if (full)
            {
                explanations.Add(new PortExplanation(port, v.Allowed, text) { Undetermined = v.Undetermined });
            }

            if (undetermined ? v.Undetermined : v.Allowed)
            {
                byRule |= v.Egress is AllowedByRules or DecidedByTier || v.Ingress is AllowedByRules or DecidedByTier;
                tier = (DecidingTier)Math.Min((int)tier, (int)TierOf(v));
                foreach (var line in text.Split('\n'))
                {
                    var t = line.Trim();
                    if (t.Contains(marker, StringComparison.Ordinal) && !rules.Contains(t))
                    {
                        rules.Add(t);
                    }
                }
            }
        }

        var kind = undetermined ? EdgeKind.Undetermined : byRule ? EdgeKind.Rule : EdgeKind.Open;
        return new GraphEdge($"e{number}", e.From, e.To, kind, PortInterval.Compress(ports.Select(p => new PortInterval(p.Protocol, p.Port, p.Port))), explanations)
        {
            Tier = tier,
            Rules = rules,
        };
    }

    /// <summary>The tier that decided an allowed connection: admin on either side first, then NetworkPolicy, baseline, default.</summary>
    public static DecidingTier TierOf(ConnectionVerdict verdict)
    {
        SideVerdict[] sides = [verdict.Egress, verdict.Ingress];
        if (sides.Any(s => s is DecidedByTier { Tier: PolicyTier.Admin } or UndeterminedByTier { Tier: PolicyTier.Admin }))
        {
            return DecidingTier.Admin;
        }

        if (sides.Any(s => s is AllowedByRules or DeniedByIsolation or UndeterminedByAddress))
        {
            return DecidingTier.NetworkPolicy;
        }

        return sides.Any(s => s is DecidedByTier or UndeterminedByTier) ? DecidingTier.Baseline : DecidingTier.Default;
    }

    private static string Text(ConnectionVerdict v)
    {
        var text = new StringWriter();
        ExplainReport.Write(v, OutputFormat.Text, text);
        return text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
    }

    /// <summary>The graph pair by pair with the exact engine (input the class engine refuses).</summary>
    internal static ConnectivityGraph BuildPairwise(ClusterSnapshot cluster, IEnumerable<PortProtocol> requestedPorts)
    {
        var requested = requestedPorts.ToList();
        var engine = new PolicyEngine(cluster);
        var matrix = new ConnectivityMatrix(engine, requested);
        var nodes = new Dictionary<WorkloadEndpoint, GraphNode>();
        foreach (var e in matrix.Endpoints)
        {
            nodes[e] = new GraphNode(e.Id, e.Ref.Namespace, e.Ref.Name, e.Kind,
                engine.SelectingPolicies(e.Representative, Direction.Ingress).Count > 0,
                engine.SelectingPolicies(e.Representative, Direction.Egress).Count > 0);
        }

        var (outside, outsideEndpoint, lan, lanEndpoints, outboundPorts) = OutsideWorld.Of(cluster, requested);
        var pending = new List<Pending>();

        void Add(GraphNode from, GraphNode to, IReadOnlyList<PortProtocol> ports, Func<PortProtocol, ConnectionVerdict> evaluate)
        {
            var verdicts = new Dictionary<PortProtocol, ConnectionVerdict>();
            var allowed = new List<PortProtocol>();
            var undetermined = new List<PortProtocol>();
            foreach (var port in ports)
            {
                var v = evaluate(port);
                verdicts[port] = v;
                switch (v.Reachability)
                {
                    case Reachability.Allowed: allowed.Add(port); break;
                    case Reachability.Undetermined: undetermined.Add(port); break;
                }
            }

            if (allowed.Count > 0 || undetermined.Count > 0)
            {
                pending.Add(new Pending(from, to, allowed, undetermined, ports, p => verdicts[p]));
            }
        }

        foreach (var from in matrix.Endpoints)
        {
            foreach (var to in matrix.Endpoints)
            {
                if (from != to)
                {
                    Add(nodes[from], nodes[to], matrix.PortsFor(to), p => matrix.Explain(from, to, p));
                }
            }

            var pod = new PodEndpoint(from.Representative);
            Add(nodes[from], outside, outboundPorts, p => engine.Evaluate(pod, outsideEndpoint, p.Port, p.Protocol));
            Add(nodes[from], lan, outboundPorts, p => AnyAllowed(lanEndpoints.Select(a => engine.Evaluate(pod, a, p.Port, p.Protocol))));
        }

        foreach (var to in matrix.Endpoints)
        {
            var pod = new PodEndpoint(to.Representative);
            Add(outside, nodes[to], matrix.PortsFor(to), p => engine.Evaluate(outsideEndpoint, pod, p.Port, p.Protocol));
            Add(lan, nodes[to], matrix.PortsFor(to), p => AnyAllowed(lanEndpoints.Select(a => engine.Evaluate(a, pod, p.Port, p.Protocol))));
        }

        var balancers = LoadBalancers(cluster, engine, matrix.Endpoints, [.. matrix.Endpoints.Select(e => nodes[e])], outsideEndpoint, lanEndpoints, pending);
        return Assemble(nodes.Values, [outside, lan, .. balancers], pending);
    }

    /// <summary>
    /// The first allowed verdict, else the first undetermined one (the LAN may then be reachable), else the first one
    /// (its explanation says why it is denied).
    /// </summary>
    private static ConnectionVerdict AnyAllowed(IEnumerable<ConnectionVerdict> verdicts)
    {
        ConnectionVerdict? first = null;
        foreach (var v in verdicts)
        {
            if (v.Allowed)
            {
                return v;
            }

            if (first is null || (v.Undetermined && !first.Undetermined))
            {
                first = v;
            }
        }

        return first ?? throw new InvalidOperationException("no LAN probe address");
    }

    /// <summary>
    /// One address inside each private range, plus the representative of each private address interval that the
    /// policies' ipBlocks cut out, so that an ipBlock naming part of the LAN is seen. Sorted, at most <see cref="MaxLanProbes"/>.
    /// </summary>
    private static List<IpAddr> LanProbes(ClusterSnapshot cluster, IEnumerable<PortProtocol> requested)
    {
        var fixedProbes = PrivateRanges.Select(r => new IpAddr(r.Network.Value + 10, false)).ToList();
        var probes = new SortedSet<IpAddr>();
        foreach (var interval in ProbeSpace.For([cluster], requested).Addresses)
        {
            foreach (var range in PrivateRanges)
            {
                if (range.Contains(interval.Representative))
                {
                    probes.Add(interval.Representative);
                }
                else if (range.Contains(interval.First))
                {
                    probes.Add(interval.First);
                }
            }
        }

        return [.. fixedProbes.Concat(probes.Except(fixedProbes)).Take(MaxLanProbes)];
    }
}
