using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>One cell of a connectivity matrix.</summary>
public readonly record struct MatrixConnection(WorkloadEndpoint From, WorkloadEndpoint To, PortProtocol Port, bool Allowed)
{
    /// <summary>True when the cell cannot be determined from the input (then <see cref="Allowed"/> is false and means nothing).</summary>
    public bool Undetermined { get; init; }
}

/// <summary>
/// Workload-level connectivity: for every ordered pair of endpoints (an endpoint with itself included) and every
/// requested port plus every port the destination declares, whether a connection is allowed. Cells are computed
/// on demand and streamed, never materialised as N² objects.
/// </summary>
public sealed class ConnectivityMatrix
{
    private readonly PolicyEngine engine;
    private readonly IReadOnlyList<PortProtocol> requested;
    private readonly Dictionary<WorkloadEndpoint, Pod[]> distinct = [];
    private readonly Dictionary<Pod, Pod> twins = new(ReferenceEqualityComparer.Instance);
    private readonly bool ipBlocksExist;

    /// <summary>Prepares a matrix over all endpoints of the engine's snapshot.</summary>
    public ConnectivityMatrix(PolicyEngine engine, IEnumerable<PortProtocol> requestedPorts)
    {
        this.engine = engine;
        requested = [.. requestedPorts.Distinct().Order()];
        Endpoints = WorkloadEndpoint.Group(engine.Snapshot);
        ipBlocksExist = engine.Snapshot.Policies.Any(p => p.Ingress.Concat(p.Egress).Any(r => r.Peers is Peers ps && ps.Items.Any(x => x is IpBlockPeer)))
            || engine.Snapshot.AdminPolicies.SelectMany(p => p.Ingress.Concat(p.Egress)).SelectMany(r => r.Peers).Any(p => p is AdminNetworksPeer or AdminNodesPeer);
    }

    /// <summary>True when the snapshot has cluster-wide policies, so cells may be undetermined.</summary>
    public bool HasTiers => engine.HasTiers;

    /// <summary>
    /// True when cells may be undetermined: cluster-wide policies, or address peers next to pods whose IP the input
    /// does not give.
    /// </summary>
    public bool MayBeUndetermined => engine.HasTiers || (ipBlocksExist && !engine.Options.PodsWithoutIpOutsideCidrs && engine.Snapshot.Pods.Any(p => p.Ips.IsEmpty));

    /// <summary>The endpoints, sorted by reference.</summary>
    public IReadOnlyList<WorkloadEndpoint> Endpoints { get; }

    /// <summary>
    /// The ports the matrix reports for a destination: requested ports and the destination's declared container
    /// ports; when its pods declare none, the numeric target ports of the Services that select them (see
    /// <see cref="UndeclaredPorts"/>).
    /// </summary>
    public IReadOnlyList<PortProtocol> PortsFor(WorkloadEndpoint destination)
    {
        var declared = destination.Pods.Items.SelectMany(p => p.Ports.Items).Select(p => new PortProtocol(p.Number, p.Protocol)).ToList();
        if (declared.Count == 0)
        {
            declared.AddRange(ServiceTargetPorts(destination));
        }

        return [.. requested.Concat(declared).Distinct().Order()];
    }

    /// <summary>
    /// The endpoints whose pods declare no container port, with the ports taken from the Services in front of them
    /// instead (empty when no Service selects them, or only by named target ports, which need declared ports).
    /// </summary>
    public IReadOnlyList<(WorkloadEndpoint Endpoint, IReadOnlyList<PortProtocol> ServicePorts)> UndeclaredPorts =>
        [.. Endpoints.Where(e => e.Pods.Items.All(p => p.Ports.IsEmpty)).Select(e => (e, (IReadOnlyList<PortProtocol>)[.. ServiceTargetPorts(e).Distinct().Order()]))];

    private IEnumerable<PortProtocol> ServiceTargetPorts(WorkloadEndpoint destination) =>
        engine.Snapshot.Services
            .Where(s => s.Selection is SelectorSelection sel && s.Ref.Namespace == destination.Ref.Namespace && destination.Pods.Items.Any(p => sel.Selector.Matches(p.Labels)))
            .SelectMany(s => s.Ports.Items)
            .Where(sp => sp.TargetPort is NumericTargetPort)
            .Select(sp => new PortProtocol(((NumericTargetPort)sp.TargetPort).Number, sp.Protocol));

    /// <summary>All ports that appear for any destination, sorted.</summary>
    public IReadOnlyList<PortProtocol> AllPorts => [.. Endpoints.SelectMany(PortsFor).Distinct().Order()];

    /// <summary>
    /// Decides one cell: allowed when every pod of <paramref name="from"/> may reach every pod of
    /// <paramref name="to"/> (pods that no policy can tell apart are evaluated once). An endpoint to itself means one
    /// of its pods to another of its pods.
    /// </summary>
    public bool IsAllowed(WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port) => Decide(from, to, port) == Reachability.Allowed;

    /// <summary>
    /// Decides one cell: denied when some pod pair is denied, else undetermined when some pair is undetermined, else allowed.
    /// </summary>
    public Reachability Decide(WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port)
    {
        var undetermined = false;
        foreach (var (src, dst) in Pairs(from, to))
        {
            switch (engine.Decide(new PodEndpoint(src), new PodEndpoint(dst), port.Port, port.Protocol))
            {
                case Reachability.Denied: return Reachability.Denied;
                case Reachability.Undetermined: undetermined = true; break;
            }
        }

        return undetermined ? Reachability.Undetermined : Reachability.Allowed;
    }

    /// <summary>Explains one cell: the first pod pair that is denied, or the first pair when all are allowed.</summary>
    public ConnectionVerdict Explain(WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port)
    {
        ConnectionVerdict? first = null;
        foreach (var (src, dst) in Pairs(from, to))
        {
            var v = engine.Evaluate(new PodEndpoint(src), new PodEndpoint(dst), port.Port, port.Protocol);
            if (v is { Allowed: false, Undetermined: false })
            {
                return v;
            }

            if (v.Undetermined)
            {
                first = v;
                continue;
            }

            first ??= v;
        }

        return first!;
    }

    /// <summary>
    /// Explains one cell as <see cref="IsAllowed"/> decides it: the deciding pod pair (the first denied, or the first
    /// when all are allowed), and how many of the pairs evaluated are allowed.
    /// </summary>
    public (ConnectionVerdict Decided, int AllowedPairs, int Pairs) ExplainCell(WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port)
    {
        ConnectionVerdict? decided = null;
        int allowed = 0, total = 0;
        foreach (var (src, dst) in Pairs(from, to))
        {
            var v = engine.Evaluate(new PodEndpoint(src), new PodEndpoint(dst), port.Port, port.Protocol);
            total++;
            allowed += v.Allowed ? 1 : 0;
            // The deciding pair: a denied one first, else an undetermined one, else the first.
            if (decided is null || Rank(v) > Rank(decided))
            {
                decided = v;
            }
        }

        return (decided!, allowed, total);
    }

    private static int Rank(ConnectionVerdict v) => v.Reachability switch
    {
        Reachability.Denied => 2,
        Reachability.Undetermined => 1,
        _ => 0,
    };

    /// <summary>Streams every cell in a deterministic order: from, to, port.</summary>
    public IEnumerable<MatrixConnection> Connections()
    {
        var portsByDestination = Endpoints.ToDictionary(e => e, PortsFor);
        foreach (var from in Endpoints)
        {
            foreach (var to in Endpoints)
            {
                foreach (var port in portsByDestination[to])
                {
                    var r = Decide(from, to, port);
                    yield return new MatrixConnection(from, to, port, r == Reachability.Allowed) { Undetermined = r == Reachability.Undetermined };
                }
            }
        }
    }

    /// <summary>
    /// The pod pairs that stand for a cell. Pods of one endpoint that no policy can tell apart (one class of the
    /// engine's <see cref="PodPartition"/>) are taken once. For an endpoint with itself, each such pod is paired with a
    /// replica copy of itself (replicas share labels, ports and policies); a bare pod to itself is the same pod, which a
    /// pod cannot block.
    /// </summary>
    private IEnumerable<(Pod Source, Pod Destination)> Pairs(WorkloadEndpoint from, WorkloadEndpoint to)
    {
        var sources = Distinct(from);
        if (from != to)
        {
            var destinations = Distinct(to);
            foreach (var s in sources)
            {
                foreach (var d in destinations)
                {
                    yield return (s, d);
                }
            }

            yield break;
        }

        if (from.Kind == "Pod")
        {
            yield return (from.Representative, from.Representative);
            yield break;
        }

        foreach (var s in sources)
        {
            foreach (var d in sources)
            {
                yield return (s, ReferenceEquals(s, d) ? Twin(s) : d);
            }
        }
    }

    private Pod[] Distinct(WorkloadEndpoint endpoint)
    {
        lock (distinct)
        {
            if (!distinct.TryGetValue(endpoint, out var pods))
            {
                pods = endpoint.Pods.Count == 1 ? [endpoint.Representative] : engine.Partition.Representatives(endpoint.Pods.Items);
                distinct[endpoint] = pods;
            }

            return pods;
        }
    }

    /// <summary>
    /// Another replica of a workload's pod: equal in labels, ports and policies, but a different pod, named
    /// "name~replica".
    /// </summary>
    public static Pod ReplicaOf(Pod pod) => pod with { Ref = new ObjectRef(pod.Ref.Namespace, pod.Ref.Name + "~replica") };

    private Pod Twin(Pod pod)
    {
        lock (twins)
        {
            if (!twins.TryGetValue(pod, out var twin))
            {
                twin = ReplicaOf(pod);
                twins[pod] = twin;
            }

            return twin;
        }
    }
}
