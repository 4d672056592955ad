using Palisade.Model;
using Palisade.Net;

namespace Palisade.Expectations;

/// <summary>Which addresses an address-set destination names.</summary>
public enum AddressSetKind
{
    /// <summary>The addresses of one CIDR.</summary>
    Cidr,

    /// <summary>Public addresses: outside the cluster and outside every private and special-purpose range.</summary>
    Internet,

    /// <summary>Private ranges (RFC 1918, RFC 6598, IPv6 unique-local) outside the cluster.</summary>
    Private,

    /// <summary>The union of <see cref="Internet"/> and <see cref="Private"/>.</summary>
    AnyExternal,
}

/// <summary>
/// A set of destination addresses, decided exactly (docs/file-formats.md, "Address sets"). The cluster's own
/// addresses (pod, Service and node addresses in the input) are never in a named set; a CIDR set keeps them.
/// </summary>
/// <param name="Kind">The kind.</param>
/// <param name="Cidr">The CIDR of a <see cref="AddressSetKind.Cidr"/> set; unused otherwise.</param>
public sealed record AddressSet(AddressSetKind Kind, IpCidr Cidr)
{
    /// <summary>Ranges no named set contains: unspecified, loopback, link-local, multicast and reserved (IPv4).</summary>
    public static IReadOnlyList<IpCidr> SpecialV4 { get; } =
        [.. new[] { "0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4" }.Select(IpCidr.Parse)];

    /// <summary>Private IPv4 ranges: RFC 1918 and the RFC 6598 shared address space.</summary>
    public static IReadOnlyList<IpCidr> PrivateV4 { get; } =
        [.. new[] { "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10" }.Select(IpCidr.Parse)];

    /// <summary>The IPv6 global unicast range: the only IPv6 addresses <c>internet</c> contains.</summary>
    public static IpCidr GlobalV6 { get; } = IpCidr.Parse("2000::/3");

    /// <summary>The IPv6 unique-local range (RFC 4193), private.</summary>
    public static IpCidr PrivateV6 { get; } = IpCidr.Parse("fc00::/7");

    /// <summary>Parses <c>internet</c>, <c>private</c>, <c>any-external</c> or a CIDR with a prefix length; null when the text is none.</summary>
    public static AddressSet? TryParse(string text, out string? error)
    {
        error = null;
        switch (text)
        {
            case "internet":
                return new AddressSet(AddressSetKind.Internet, default);
            case "private":
                return new AddressSet(AddressSetKind.Private, default);
            case "any-external":
                return new AddressSet(AddressSetKind.AnyExternal, default);
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !IpAddr.TryParse(text[..slash], out _))
        {
            return null; // not an address: a workload or Service name
        }

        if (!IpCidr.TryParse(text, out var cidr, out error))
        {
            return null;
        }

        return new AddressSet(AddressSetKind.Cidr, cidr);
    }

    /// <summary>
    /// Every CIDR bound the set's membership or the engine's view of an address can change at (to cut address
    /// intervals): the set's ranges, and each of the cluster's own addresses (a pod's address is the pod).
    /// </summary>
    public IEnumerable<IpCidr> Bounds(ClusterSnapshot cluster) => Bounds(ClusterAddresses(cluster));

    /// <summary>The same bounds as <see cref="Bounds(ClusterSnapshot)"/>, given the cluster's own addresses (<see cref="ClusterAddresses"/>).</summary>
    public IEnumerable<IpCidr> Bounds(IReadOnlySet<IpAddr> clusterAddresses) => Ranges.Concat(clusterAddresses.Select(a => a.ToCidr()));

    /// <summary>The set's own ranges: the part of <see cref="Bounds(ClusterSnapshot)"/> that does not depend on the cluster.</summary>
    public IEnumerable<IpCidr> Ranges => Kind == AddressSetKind.Cidr ? [Cidr] : [.. SpecialV4, .. PrivateV4, GlobalV6, PrivateV6];

    /// <summary>True when the address is in the set.</summary>
    public bool Contains(IpAddr address, IReadOnlySet<IpAddr> clusterAddresses)
    {
        if (Kind == AddressSetKind.Cidr)
        {
            return Cidr.Contains(address);
        }

        if (clusterAddresses.Contains(address))
        {
            return false;
        }

        var isPrivate = address.IsV6 ? PrivateV6.Contains(address) : PrivateV4.Any(c => c.Contains(address));
        var isPublic = address.IsV6 ? GlobalV6.Contains(address) : !isPrivate && !SpecialV4.Any(c => c.Contains(address));
        return Kind switch
        {
            AddressSetKind.Internet => isPublic,
            AddressSetKind.Private => isPrivate,
            _ => isPublic || isPrivate,
        };
    }

    /// <summary>The addresses the input gives the cluster: pod IPs, Service cluster/load-balancer/external IPs, node addresses.</summary>
    public static IReadOnlySet<IpAddr> ClusterAddresses(ClusterSnapshot cluster)
    {
        var set = new HashSet<IpAddr>();
        set.UnionWith(cluster.Pods.SelectMany(p => p.Ips));
        set.UnionWith(cluster.Services.SelectMany(s => s.ClusterIps.Concat(s.LoadBalancerIps).Concat(s.ExternalIps)));
        set.UnionWith(cluster.Nodes.SelectMany(n => n.Addresses));
        return set;
    }

    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        AddressSetKind.Cidr => Cidr.ToString(),
        AddressSetKind.Internet => "internet",
        AddressSetKind.Private => "private",
        _ => "any-external",
    };
}
