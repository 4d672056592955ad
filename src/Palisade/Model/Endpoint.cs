using Palisade.Net;

namespace Palisade.Model;

/// <summary>
/// One side of a connection: a pod of the cluster, or an address outside it. Closed hierarchy.
/// </summary>
public abstract record Endpoint
{
    private protected Endpoint()
    {
    }
}

/// <summary>A pod of the cluster.</summary>
public sealed record PodEndpoint(Pod Pod) : Endpoint
{
    /// <inheritdoc />
    public override string ToString() => Pod.Ref.ToString();
}

/// <summary>An address that belongs to no pod of the snapshot (the LAN, the Internet, a node).</summary>
public sealed record ExternalEndpoint(IpAddr Address) : Endpoint
{
    /// <inheritdoc />
    public override string ToString() => Address.ToString();
}
