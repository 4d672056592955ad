using Palisade.Net;

namespace Palisade.Model;

/// <summary>
/// A cluster node: what cluster-wide policies' <c>nodes</c> peers select by label, and its addresses (the addresses
/// host-network pods on it use).
/// </summary>
/// <param name="Name">The node name.</param>
/// <param name="Labels">Node labels.</param>
/// <param name="Addresses">The IP addresses from <c>status.addresses</c> (InternalIP, ExternalIP).</param>
public sealed record Node(string Name, Labels Labels, EquatableArray<IpAddr> Addresses)
{
    /// <summary>Where it was declared.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}
