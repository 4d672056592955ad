using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>
/// The verdict of one side of a connection (egress at the source, ingress at the destination), with its
/// reason as data. Closed hierarchy; report writers word it.
/// </summary>
public abstract record SideVerdict(Direction Direction)
{
    /// <summary>True when this side lets the connection through.</summary>
    public abstract bool Allowed { get; }
}

/// <summary>No policy selects the pod for this direction, so the pod is not isolated: allowed.</summary>
public sealed record NotIsolated(Direction Direction) : SideVerdict(Direction)
{
    /// <inheritdoc />
    public override bool Allowed => true;
}

/// <summary>Why NetworkPolicy does not apply on one side.</summary>
public enum NotEnforcedReason
{
    /// <summary>The endpoint is an address outside the cluster; policies there are not Kubernetes'.</summary>
    External,

    /// <summary>A pod connecting to itself; a pod cannot block access to itself.</summary>
    SamePod,
}

/// <summary>NetworkPolicy does not govern this side: allowed.</summary>
public sealed record NotEnforced(Direction Direction, NotEnforcedReason Reason) : SideVerdict(Direction)
{
    /// <inheritdoc />
    public override bool Allowed => true;
}

/// <summary>One rule that matched: the policy, the rule, and the peer and port entries that matched (null = any).</summary>
public sealed record RuleMatch(NetworkPolicy Policy, PolicyRule Rule, Peer? Peer, PolicyPort? Port);

/// <summary>The pod is isolated in this direction and at least one rule of a selecting policy matches: allowed.</summary>
public sealed record AllowedByRules(Direction Direction, IReadOnlyList<NetworkPolicy> SelectingPolicies, IReadOnlyList<RuleMatch> Matches)
    : SideVerdict(Direction)
{
    /// <inheritdoc />
    public override bool Allowed => true;
}

/// <summary>
/// A rule that did not match, and why: whether its ports matched, whether its peers matched, and the
/// podSelector-only peers that would have matched the peer pod had it been in the policy's namespace.
/// </summary>
public sealed record RuleMiss(NetworkPolicy Policy, PolicyRule Rule, bool PortMatched, bool PeerMatched, IReadOnlyList<PodPeer> SameNamespaceOnlyPeers)
{
    /// <summary>ipBlock peers that could not be decided because the peer pod's IP is not in the input.</summary>
    public IReadOnlyList<IpBlockPeer> UnknownAddressPeers { get; init; } = [];
}

/// <summary>The pod is isolated in this direction by the given policies and none of their rules matches: denied.</summary>
public sealed record DeniedByIsolation(Direction Direction, IReadOnlyList<NetworkPolicy> SelectingPolicies) : SideVerdict(Direction)
{
    /// <summary>Every rule of the selecting policies in this direction, with why it missed (empty on the fast path).</summary>
    public IReadOnlyList<RuleMiss> Misses { get; init; } = [];

    /// <inheritdoc />
    public override bool Allowed => false;
}

/// <summary>The full verdict for one connection: both sides and the port as the destination pod sees it.</summary>
public sealed record ConnectionVerdict(Endpoint Source, Endpoint Destination, int Port, Protocol Protocol, SideVerdict Egress, SideVerdict Ingress)
{
    /// <summary>A connection is allowed when egress at the source and ingress at the destination both allow it.</summary>
    public bool Allowed => Egress.Allowed && Ingress.Allowed;
}
