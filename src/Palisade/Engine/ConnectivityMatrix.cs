using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>One cell of a connectivity matrix.</summary>
public readonly record struct MatrixConnection(WorkloadEndpoint From, WorkloadEndpoint To, PortProtocol Port, bool Allowed);

/// <summary>
/// Workload-level connectivity: for every ordered pair of endpoints (an endpoint with itself included) and every
/// requested port plus every port the destination declares, whether a connection is allowed. Cells are computed
/// on demand and streamed, never materialised as N² objects.
/// </summary>
public sealed class ConnectivityMatrix
{
    private readonly PolicyEngine engine;
    private readonly IReadOnlyList<PortProtocol> requested;
    private readonly Dictionary<WorkloadEndpoint, Pod> peerOfSelf = [];

    /// <summary>Prepares a matrix over all endpoints of the engine's snapshot.</summary>
    public ConnectivityMatrix(PolicyEngine engine, IEnumerable<PortProtocol> requestedPorts)
    {
        this.engine = engine;
        requested = [.. requestedPorts.Distinct().Order()];
        Endpoints = WorkloadEndpoint.Group(engine.Cluster);
    }

    /// <summary>The endpoints, sorted by reference.</summary>
    public IReadOnlyList<WorkloadEndpoint> Endpoints { get; }

    /// <summary>The ports the matrix reports for a destination: requested ports and the destination's declared ports.</summary>
    public IReadOnlyList<PortProtocol> PortsFor(WorkloadEndpoint destination) =>
        [.. requested.Concat(destination.Pods.Items.SelectMany(p => p.Ports.Items).Select(p => new PortProtocol(p.Number, p.Protocol)))
            .Distinct().Order()];

    /// <summary>All ports that appear for any destination, sorted.</summary>
    public IReadOnlyList<PortProtocol> AllPorts => [.. Endpoints.SelectMany(PortsFor).Distinct().Order()];

    /// <summary>Decides one cell. An endpoint to itself means one of its pods to another of its pods.</summary>
    public bool IsAllowed(WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port)
    {
        var (src, dst) = Pair(from, to);
        return engine.IsAllowed(new PodEndpoint(src), new PodEndpoint(dst), port.Port, port.Protocol);
    }

    /// <summary>Explains one cell.</summary>
    public ConnectionVerdict Explain(WorkloadEndpoint from, WorkloadEndpoint to, PortProtocol port)
    {
        var (src, dst) = Pair(from, to);
        return engine.Evaluate(new PodEndpoint(src), new PodEndpoint(dst), port.Port, port.Protocol);
    }

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
                    yield return new MatrixConnection(from, to, port, IsAllowed(from, to, port));
                }
            }
        }
    }

    /// <summary>
    /// Picks the pods that stand for a pair. For an endpoint with itself, two distinct pods: a second real pod when
    /// there is one, else a copy of the representative (replicas share labels, ports and policies).
    /// </summary>
    private (Pod Source, Pod Destination) Pair(WorkloadEndpoint from, WorkloadEndpoint to)
    {
        if (!ReferenceEquals(from, to) && from != to)
        {
            return (from.Representative, to.Representative);
        }

        if (from.Pods.Count > 1)
        {
            return (from.Pods[0], from.Pods[1]);
        }

        if (from.Kind == "Pod")
        {
            // A bare pod to itself: a pod cannot block access to itself.
            return (from.Representative, from.Representative);
        }

        lock (peerOfSelf)
        {
            if (!peerOfSelf.TryGetValue(from, out var twin))
            {
                twin = from.Representative with { Ref = new ObjectRef(from.Ref.Namespace, from.Ref.Name + "~replica") };
                peerOfSelf[from] = twin;
            }

            return (from.Representative, twin);
        }
    }
}
