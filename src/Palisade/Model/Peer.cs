using Palisade.Net;

namespace Palisade.Model;

/// <summary>
/// One entry of a rule's <c>from</c>/<c>to</c> list. Closed hierarchy: <see cref="PodPeer"/> or <see cref="IpBlockPeer"/>.
/// </summary>
public abstract record Peer
{
    private protected Peer()
    {
    }

    /// <summary>Where the peer was written.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary>Which namespaces a <see cref="PodPeer"/> looks in. Closed hierarchy.</summary>
public abstract record NamespaceScope
{
    private protected NamespaceScope()
    {
    }
}

/// <summary>No <c>namespaceSelector</c> in the peer: only the policy's own namespace.</summary>
public sealed record PolicyNamespace : NamespaceScope
{
    /// <summary>The single instance.</summary>
    public static PolicyNamespace Instance { get; } = new();

    private PolicyNamespace()
    {
    }
}

/// <summary>A <c>namespaceSelector</c> in the peer: the namespaces whose labels it matches (<c>{}</c> = all).</summary>
public sealed record SelectedNamespaces(LabelSelector Selector) : NamespaceScope;

/// <summary>
/// A peer of pods: <c>podSelector</c> alone (scope <see cref="PolicyNamespace"/>), <c>namespaceSelector</c> alone
/// (pod selector <see cref="LabelSelector.Everything"/>), or both (AND).
/// </summary>
public sealed record PodPeer(LabelSelector PodSelector, NamespaceScope Namespaces) : Peer
{
    /// <summary>True when the peer was written with a podSelector (absent means all pods).</summary>
    public bool HasPodSelector { get; init; } = true;
}

/// <summary>An <c>ipBlock</c> peer: the CIDR minus each <c>except</c> block.</summary>
public sealed record IpBlockPeer(IpCidr Cidr, EquatableArray<IpCidr> Except) : Peer
{
    /// <summary>True when the address is inside the block and outside every exception.</summary>
    public bool Matches(IpAddr address)
    {
        if (!Cidr.Contains(address))
        {
            return false;
        }

        foreach (var e in Except)
        {
            if (e.Contains(address))
            {
                return false;
            }
        }

        return true;
    }
}
