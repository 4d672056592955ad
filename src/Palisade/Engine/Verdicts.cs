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

    /// <summary>True when this side cannot be decided from the input (then <see cref="Allowed"/> is false and means nothing).</summary>
    public virtual bool Undetermined => false;

    /// <summary>What the cluster-wide tiers passed on before this verdict (for the tier chain in explanations).</summary>
    public TierTrace Tiers { get; init; } = TierTrace.None;
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

    /// <summary>
    /// True when the verdict cannot be determined: a side is undetermined and no side is decidedly denied.
    /// </summary>
    public bool Undetermined => (Egress.Undetermined || Ingress.Undetermined)
        && !(Egress is { Allowed: false, Undetermined: false }) && !(Ingress is { Allowed: false, Undetermined: false });

    /// <summary>Allowed, denied or undetermined.</summary>
    public Reachability Reachability => Undetermined ? Reachability.Undetermined : Allowed ? Reachability.Allowed : Reachability.Denied;
}

/// <summary>A rule of a cluster-wide policy that matched a connection.</summary>
public sealed record AdminRuleMatch(AdminPolicy Policy, AdminRule Rule);

/// <summary>
/// What the cluster-wide tiers did before the verdict of a side was reached: the admin rule that passed the
/// connection on (if any) and the baseline rule that passed it (v1alpha2's baseline Pass). Empty when the tiers
/// played no part.
/// </summary>
public sealed record TierTrace(AdminRuleMatch? AdminPass, AdminRuleMatch? BaselinePass)
{
    /// <summary>The snapshot has no cluster-wide policies: the tiers played no part.</summary>
    public static TierTrace None { get; } = new(null, null);

    /// <summary>The tiers were evaluated and no rule passed the connection on.</summary>
    public static TierTrace Evaluated { get; } = new(null, null) { Present = true };

    /// <summary>True when the snapshot has cluster-wide policies (so "no admin rule matched" is a fact worth saying).</summary>
    public bool Present { get; init; }
}

/// <summary>
/// A rule of the admin or baseline tier decided this side (Allow/Accept or Deny). <see cref="SamePriority"/> lists
/// every policy of the deciding priority whose rules matched (more than one is undefined in the API; they agreed).
/// </summary>
public sealed record DecidedByTier(Direction Direction, PolicyTier Tier, AdminRuleMatch Match, IReadOnlyList<AdminRuleMatch> SamePriority) : SideVerdict(Direction)
{
    /// <inheritdoc />
    public override bool Allowed => Match.Rule.Action == AdminAction.Allow;

    /// <summary>True when two or more policies of the same priority matched (undefined in the API, reported).</summary>
    public bool Ambiguous => SamePriority.Count > 1;
}

/// <summary>Why a side cannot be decided from the input.</summary>
public enum UndeterminedReason
{
    /// <summary>Policies of one tier and priority match the connection with different actions; the API leaves the choice to the implementation.</summary>
    SamePriorityConflict,

    /// <summary>A <c>domainNames</c> peer may match: which addresses a name resolves to is not in the input.</summary>
    DomainNames,

    /// <summary>A rule matches the peer pod by address (ipBlock, networks), and the input does not give that pod's IP.</summary>
    UnknownPodAddress,
}

/// <summary>
/// The pod is isolated in this direction, no rule matches for certain, and the rules in <see cref="Candidates"/>
/// match by ipBlock a peer pod whose IP the input does not give: their blocks do not cover a whole address family,
/// so the pod may or may not be inside them. Never reported as allowed or denied.
/// </summary>
public sealed record UndeterminedByAddress(Direction Direction, IReadOnlyList<NetworkPolicy> SelectingPolicies, IReadOnlyList<RuleMatch> Candidates)
    : SideVerdict(Direction)
{
    /// <inheritdoc />
    public override bool Allowed => false;

    /// <inheritdoc />
    public override bool Undetermined => true;
}

/// <summary>
/// Palisade cannot determine this side: never reported as allowed or denied. <see cref="Rules"/> are the rules
/// that make it so.
/// </summary>
public sealed record UndeterminedByTier(Direction Direction, PolicyTier Tier, UndeterminedReason Reason, IReadOnlyList<AdminRuleMatch> Rules) : SideVerdict(Direction)
{
    /// <inheritdoc />
    public override bool Allowed => false;

    /// <inheritdoc />
    public override bool Undetermined => true;
}

/// <summary>The three answers a connection can get.</summary>
public enum Reachability
{
    /// <summary>Denied.</summary>
    Denied,

    /// <summary>Allowed.</summary>
    Allowed,

    /// <summary>Cannot be determined from the input.</summary>
    Undetermined,
}
