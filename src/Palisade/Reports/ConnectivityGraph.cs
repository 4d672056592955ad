using Palisade.Diffing;
using Palisade.Engine;
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

/// <summary>
/// Allowed connections from one node to another (or, for <see cref="EdgeKind.Undetermined"/>, connections whose verdict
/// the input does not decide), with the explanation of every probed port.
/// </summary>
public sealed record GraphEdge(string Id, GraphNode From, GraphNode To, EdgeKind Kind, IReadOnlyList<PortInterval> AllowedPorts, IReadOnlyList<PortExplanation> Explanations)
{
    /// <summary>The ports as an edge label: "22/TCP", "53/TCP, 53/UDP".</summary>
    public string Label => string.Join(", ", AllowedPorts);
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

    /// <summary>Builds the graph of a snapshot.</summary>
    public static ConnectivityGraph Build(ClusterSnapshot cluster, IEnumerable<PortProtocol> requestedPorts)
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

        var outside = new GraphNode(OutsideId, null, $"Internet ({ProbeSpace.InternetV4})", "External", false, false);
        var outsideEndpoint = new ExternalEndpoint(ProbeSpace.InternetV4);
        var lan = new GraphNode(LanId, null, "LAN / private ranges", "External", false, false);
        var lanEndpoints = LanProbes(cluster, requested).Select(a => new ExternalEndpoint(a)).ToList();
        var outboundPorts = requested.Concat([new PortProtocol(80, Protocol.TCP), new PortProtocol(443, Protocol.TCP)]).Distinct().Order().ToList();
        var edges = new List<GraphEdge>();

        void Add(GraphNode from, GraphNode to, IEnumerable<PortProtocol> ports, Func<PortProtocol, ConnectionVerdict> evaluate)
        {
            var explanations = new List<PortExplanation>();
            var allowed = new List<PortInterval>();
            var unknown = new List<PortInterval>();
            var byRule = false;
            foreach (var port in ports)
            {
                var v = evaluate(port);
                var text = new StringWriter();
                ExplainReport.Write(v, OutputFormat.Text, text);
                var reachability = v.Reachability;
                explanations.Add(new PortExplanation(port, reachability == Reachability.Allowed, text.ToString().Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd())
                {
                    Undetermined = reachability == Reachability.Undetermined,
                });
                if (reachability == Reachability.Allowed)
                {
                    allowed.Add(new PortInterval(port.Protocol, port.Port, port.Port));
                    byRule |= v.Egress is AllowedByRules || v.Ingress is AllowedByRules;
                }
                else if (reachability == Reachability.Undetermined)
                {
                    unknown.Add(new PortInterval(port.Protocol, port.Port, port.Port));
                }
            }

            if (allowed.Count > 0)
            {
                edges.Add(new GraphEdge($"e{edges.Count + 1}", from, to, byRule ? EdgeKind.Rule : EdgeKind.Open, PortInterval.Compress(allowed), explanations));
            }

            // Undetermined ports are an edge of their own: an allowed edge must not claim them, nor may they vanish.
            if (unknown.Count > 0)
            {
                edges.Add(new GraphEdge($"e{edges.Count + 1}", from, to, EdgeKind.Undetermined, PortInterval.Compress(unknown),
                    [.. explanations.Where(x => x.Undetermined)]));
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

        var ordered = edges.OrderBy(e => e.From.Namespace is null ? 1 : 0).ThenBy(e => e.From.Id, StringComparer.Ordinal)
            .ThenBy(e => e.To.Namespace is null ? 1 : 0).ThenBy(e => e.To.Id, StringComparer.Ordinal).ThenBy(e => e.Kind == EdgeKind.Undetermined ? 1 : 0)
            .Select((e, i) => e with { Id = $"e{i + 1}" }).ToList();
        return new ConnectivityGraph([.. nodes.Values.OrderBy(n => n.Id, StringComparer.Ordinal), outside, lan], ordered);
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
