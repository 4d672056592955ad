using Palisade.Model;
using Palisade.Net;

namespace Palisade.Expectations;

/// <summary>
/// One expected connection: from an endpoint to an endpoint on a port, allowed or not. Endpoints are written as
/// <c>ns/name</c> (workload or pod), <c>svc/ns/name</c> (a Service), or an IP address (external, a pod's, or a
/// Service's ClusterIP or load-balancer address); they are resolved against the cluster when checked.
/// </summary>
/// <param name="Name">What the expectation says, for people.</param>
/// <param name="From">The source as written.</param>
/// <param name="To">The destination as written.</param>
/// <param name="Port">The destination port as the client uses it (a Service port for Services).</param>
/// <param name="Allowed">The expected verdict.</param>
/// <param name="Reaches">For proxied expectations: the workload the connection must finally land in.</param>
public sealed record Expectation(string Name, string From, string To, PortProtocol Port, bool Allowed, string? Reaches)
{
    /// <summary>Where the expectation starts.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Where <c>from</c> was written.</summary>
    public SourceLocation FromLocation { get; init; } = SourceLocation.None;

    /// <summary>Where <c>to</c> was written.</summary>
    public SourceLocation ToLocation { get; init; } = SourceLocation.None;

    /// <summary>Where <c>reaches</c> was written.</summary>
    public SourceLocation ReachesLocation { get; init; } = SourceLocation.None;

    /// <summary>
    /// The ports of a quantified expectation (a list, a range or <c>any</c>), merged and sorted; empty when the
    /// expectation names the single <see cref="Port"/>. <see cref="Port"/> is then the set's first port.
    /// </summary>
    public EquatableArray<Diffing.PortInterval> PortSet { get; init; } = EquatableArray<Diffing.PortInterval>.Empty;

    /// <summary>The named ports of the port set (<c>ssh/TCP</c>), resolved per destination pod; empty when none.</summary>
    public EquatableArray<NamedPortRef> NamedPorts { get; init; } = EquatableArray<NamedPortRef>.Empty;

    /// <summary>The destination address set of a quantified expectation (<c>to: internet</c> or a CIDR), or null.</summary>
    public AddressSet? ToSet { get; init; }

    /// <summary>The source written as a selector (every pod matching, and pods to come), or null for a named source.</summary>
    public PodSetSelector? FromSelector { get; init; }

    /// <summary>The destination written as a selector (every pod matching, and pods to come), or null.</summary>
    public PodSetSelector? ToSelector { get; init; }

    /// <summary>The port as written: one port, or the port set.</summary>
    public string PortText => PortSet.Count == 0 && NamedPorts.Count == 0 ? Port.ToString()
        : string.Join(",", PortSet.Select(p => p.ToString()).Concat(NamedPorts.Select(n => n.ToString())));

    /// <summary>True for a quantified expectation: every (source, destination, port) in the sets is decided.</summary>
    public bool IsQuantified => PortSet.Count > 0 || NamedPorts.Count > 0 || ToSet is not null || FromSelector is not null || ToSelector is not null;
}

/// <summary>An acceptance criterion: an id such as AC1, a title, and its expectations.</summary>
public sealed record Criterion(string Id, string Title, EquatableArray<Expectation> Expectations);

/// <summary>A whole expectations file.</summary>
public sealed record ExpectationSet(EquatableArray<Criterion> Criteria)
{
    /// <summary>Where it was read from.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Every expectation in file order.</summary>
    public IEnumerable<Expectation> All => Criteria.SelectMany(c => c.Expectations);
}
