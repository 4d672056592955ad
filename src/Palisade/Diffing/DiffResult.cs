using Palisade.Engine;
using Palisade.Model;

namespace Palisade.Diffing;

/// <summary>One side of a compared connection: a workload (or bare pod) of the snapshots, or a run of outside addresses. Closed hierarchy.</summary>
public abstract record DiffEndpoint
{
    private protected DiffEndpoint()
    {
    }

    /// <summary>How reports name it: "namespace/name" or an address range.</summary>
    public abstract string Id { get; }

    /// <summary>The namespace, or null outside the cluster.</summary>
    public abstract string? Namespace { get; }
}

/// <summary>A workload or bare pod, present in both snapshots when it appears in a connection change.</summary>
public sealed record WorkloadDiffEndpoint(ObjectRef Ref, string Kind) : DiffEndpoint
{
    /// <summary>The endpoint's report name (kind-qualified when another endpoint shares the reference).</summary>
    public string? Label { get; init; }

    /// <inheritdoc />
    public override string Id => Label ?? Ref.ToString();

    /// <inheritdoc />
    public override string? Namespace => Ref.Namespace;
}

/// <summary>Addresses outside the cluster on which every verdict of both snapshots is the same.</summary>
public sealed record AddressDiffEndpoint(AddressInterval Range) : DiffEndpoint
{
    /// <inheritdoc />
    public override string Id => Range.ToString();

    /// <inheritdoc />
    public override string? Namespace => null;
}

/// <summary>
/// How a connection's verdict changed. Besides allowed and denied, a verdict may be undetermined (it depends on
/// something the input does not give, such as a pod's IP); a change into or out of that state is its own kind.
/// </summary>
public enum ChangeKind
{
    /// <summary>Denied before, allowed after: a new exposure.</summary>
    Opened,

    /// <summary>Allowed before, denied after.</summary>
    Closed,

    /// <summary>Allowed or denied before, undetermined after (from denied: the connection may now be open).</summary>
    BecameUndetermined,

    /// <summary>Undetermined before, allowed or denied after (to allowed: the connection may be newly open).</summary>
    WasUndetermined,
}

/// <summary>
/// Connections between two endpoints that changed the same way for the same reasons, on a set of ports.
/// <see cref="Before"/> and <see cref="After"/> are the engine's verdicts for one representative probe
/// (the first port; for address ranges, the range's representative address).
/// </summary>
public sealed record ConnectionChange(
    ChangeKind Kind,
    DiffEndpoint From,
    DiffEndpoint To,
    IReadOnlyList<PortInterval> Ports,
    ConnectionVerdict Before,
    ConnectionVerdict After)
{
    /// <summary>
    /// True when the change may open a connection that was not surely open before: opened, denied to undetermined,
    /// or undetermined to allowed. <c>--fail-on new-exposure</c> fails on these (docs/diff-and-report.md).
    /// </summary>
    public bool MayExpose => Kind switch
    {
        ChangeKind.Opened => true,
        ChangeKind.BecameUndetermined => Before.Reachability == Reachability.Denied,
        ChangeKind.WasUndetermined => After.Reachability == Reachability.Allowed,
        _ => false,
    };
}

/// <summary>A workload or bare pod that exists in only one snapshot.</summary>
public sealed record EndpointPresence(ObjectRef Ref, string Kind);

/// <summary>The semantic difference of two snapshots.</summary>
/// <param name="AddedEndpoints">Endpoints only in the new snapshot (not compared cell by cell).</param>
/// <param name="RemovedEndpoints">Endpoints only in the old snapshot.</param>
/// <param name="Changes">Connection changes, opened first, then by source, destination and port.</param>
/// <param name="Space">The probes compared.</param>
/// <param name="ComparedEndpoints">How many endpoints both snapshots share.</param>
public sealed record DiffResult(
    IReadOnlyList<EndpointPresence> AddedEndpoints,
    IReadOnlyList<EndpointPresence> RemovedEndpoints,
    IReadOnlyList<ConnectionChange> Changes,
    ProbeSpace Space,
    int ComparedEndpoints)
{
    /// <summary>Changes that open connections.</summary>
    public IEnumerable<ConnectionChange> Opened => Changes.Where(c => c.Kind == ChangeKind.Opened);

    /// <summary>Changes that close connections.</summary>
    public IEnumerable<ConnectionChange> Closed => Changes.Where(c => c.Kind == ChangeKind.Closed);

    /// <summary>Changes whose verdict became undetermined.</summary>
    public IEnumerable<ConnectionChange> BecameUndetermined => Changes.Where(c => c.Kind == ChangeKind.BecameUndetermined);

    /// <summary>Changes whose verdict was undetermined and is decided now.</summary>
    public IEnumerable<ConnectionChange> WasUndetermined => Changes.Where(c => c.Kind == ChangeKind.WasUndetermined);

    /// <summary>Changes that may open a connection (<see cref="ConnectionChange.MayExpose"/>).</summary>
    public IEnumerable<ConnectionChange> MayExpose => Changes.Where(c => c.MayExpose);

    /// <summary>True when nothing differs.</summary>
    public bool IsEmpty => Changes.Count == 0 && AddedEndpoints.Count == 0 && RemovedEndpoints.Count == 0;
}
