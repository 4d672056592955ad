namespace Palisade.Model;

/// <summary>The cluster-wide tier a policy belongs to; NetworkPolicy sits between the two.</summary>
public enum PolicyTier
{
    /// <summary>Evaluated before NetworkPolicy; cannot be overridden by namespace owners.</summary>
    Admin,

    /// <summary>Evaluated after NetworkPolicy, only for traffic no NetworkPolicy isolates.</summary>
    Baseline,
}

/// <summary>The API kind a cluster-wide policy was written as (for reports; the semantics are the same).</summary>
public enum AdminPolicyKind
{
    /// <summary><c>policy.networking.k8s.io/v1alpha1</c> AdminNetworkPolicy (admin tier).</summary>
    AdminNetworkPolicy,

    /// <summary><c>policy.networking.k8s.io/v1alpha1</c> BaselineAdminNetworkPolicy (baseline tier, singleton <c>default</c>).</summary>
    BaselineAdminNetworkPolicy,

    /// <summary><c>policy.networking.k8s.io/v1alpha2</c> ClusterNetworkPolicy (either tier).</summary>
    ClusterNetworkPolicy,
}

/// <summary>
/// A cluster-scoped policy of the admin or baseline tier, in one normalised form for the v1alpha1 kinds
/// (AdminNetworkPolicy, BaselineAdminNetworkPolicy) and the v1alpha2 ClusterNetworkPolicy: v1alpha2's
/// <c>Accept</c> is <see cref="AdminAction.Allow"/>, its protocol-form ports are <see cref="AdminPort"/>s, and a
/// BaselineAdminNetworkPolicy has priority 0 (it is the only policy of its tier in v1alpha1).
/// </summary>
/// <param name="Kind">The API kind it was written as.</param>
/// <param name="Name">The object name (cluster-scoped).</param>
/// <param name="Tier">Admin or Baseline.</param>
/// <param name="Priority">0–1000; lower values are evaluated first within the tier.</param>
/// <param name="Subject">The pods whose traffic it governs.</param>
/// <param name="Ingress">Ingress rules in source order.</param>
/// <param name="Egress">Egress rules in source order.</param>
public sealed record AdminPolicy(
    AdminPolicyKind Kind,
    string Name,
    PolicyTier Tier,
    int Priority,
    AdminSubject Subject,
    EquatableArray<AdminRule> Ingress,
    EquatableArray<AdminRule> Egress)
{
    /// <summary>The lowest and highest priority the API accepts.</summary>
    public const int MinPriority = 0;

    /// <summary>The highest priority the API accepts.</summary>
    public const int MaxPriority = 1000;

    /// <summary>Where the object starts.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The object's labels.</summary>
    public Labels Labels { get; init; } = Labels.Empty;

    /// <summary>The object's annotations.</summary>
    public Labels Annotations { get; init; } = Labels.Empty;

    /// <summary>The rules of a direction.</summary>
    public EquatableArray<AdminRule> Rules(Direction direction) => direction == Direction.Ingress ? Ingress : Egress;

    /// <summary>"AdminNetworkPolicy deny-all" and the like, for reports.</summary>
    public string Display => $"{Kind} {Name}";
}

/// <summary>
/// The subject of a cluster-wide policy: the pods in namespaces matching <see cref="NamespaceSelector"/> whose labels
/// match <see cref="PodSelector"/>. <c>subject.namespaces: S</c> is <c>(S, {})</c>. Host-network pods are never
/// subjects.
/// </summary>
public sealed record AdminSubject(LabelSelector NamespaceSelector, LabelSelector PodSelector)
{
    /// <summary>True when it was written as <c>subject.pods</c> (for reports).</summary>
    public bool WrittenAsPods { get; init; }
}

/// <summary>What a matching rule does.</summary>
public enum AdminAction
{
    /// <summary>Allow (v1alpha1) or Accept (v1alpha2): final for this direction.</summary>
    Allow,

    /// <summary>Deny: final for the connection.</summary>
    Deny,

    /// <summary>Pass: skip the rest of the tier; the next tier decides.</summary>
    Pass,
}

/// <summary>One rule of a cluster-wide policy, numbered from 0 as written.</summary>
/// <param name="Direction">Ingress or egress.</param>
/// <param name="Index">Position in its list.</param>
/// <param name="Name">The rule's optional name ("" when none).</param>
/// <param name="Action">Allow, Deny or Pass.</param>
/// <param name="Peers">The peers (at least one; matching any is enough).</param>
/// <param name="Ports">The ports.</param>
public sealed record AdminRule(Direction Direction, int Index, string Name, AdminAction Action, EquatableArray<AdminPeer> Peers, AdminPortList Ports)
{
    /// <summary>Where the rule starts.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary>One entry of an admin rule's <c>from</c>/<c>to</c>. Closed hierarchy.</summary>
public abstract record AdminPeer
{
    private protected AdminPeer()
    {
    }

    /// <summary>Where it was written.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary>
/// <c>pods</c> (namespace selector and pod selector) or <c>namespaces</c> (pod selector <c>{}</c>): pods, never
/// host-network ones.
/// </summary>
public sealed record AdminPodsPeer(LabelSelector NamespaceSelector, LabelSelector PodSelector) : AdminPeer
{
    /// <summary>True when written as <c>pods</c> (for reports).</summary>
    public bool WrittenAsPods { get; init; }
}

/// <summary><c>nodes</c> (egress): the nodes whose labels match, that is their addresses and host-network pods on them.</summary>
public sealed record AdminNodesPeer(LabelSelector Selector) : AdminPeer;

/// <summary><c>networks</c> (egress): CIDRs, which match pod addresses as well as external ones.</summary>
public sealed record AdminNetworksPeer(EquatableArray<Net.IpCidr> Networks) : AdminPeer;

/// <summary><c>domainNames</c> (v1alpha2 egress): cannot be decided from manifests, so a match is undetermined.</summary>
public sealed record AdminDomainNamesPeer(EquatableArray<string> DomainNames) : AdminPeer;

/// <summary>The ports of an admin rule. Closed hierarchy: every port, or a list.</summary>
public abstract record AdminPortList
{
    private protected AdminPortList()
    {
    }
}

/// <summary><c>ports</c>/<c>protocols</c> absent: every port of every protocol.</summary>
public sealed record AnyAdminPort : AdminPortList
{
    /// <summary>The single instance.</summary>
    public static AnyAdminPort Instance { get; } = new();

    private AnyAdminPort()
    {
    }
}

/// <summary>A non-empty list of ports; matching one is enough.</summary>
public sealed record AdminPorts(EquatableArray<AdminPort> Items) : AdminPortList;

/// <summary>One port entry of an admin rule. Closed hierarchy.</summary>
public abstract record AdminPort
{
    private protected AdminPort()
    {
    }

    /// <summary>Where it was written.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary><c>portNumber</c>, <c>portRange</c> or v1alpha2's <c>tcp/udp/sctp.destinationPort</c>: a protocol and an inclusive range.</summary>
public sealed record AdminPortRange(Net.Protocol Protocol, int Start, int End) : AdminPort
{
    /// <inheritdoc />
    public override string ToString() => Start == End
        ? $"{Start.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{Protocol}"
        : $"{Start.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{End.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{Protocol}";
}

/// <summary>
/// <c>namedPort</c> / <c>destinationNamedPort</c>: a container port name on the destination pod, of any protocol
/// (the connection's protocol must be the named port's).
/// </summary>
public sealed record AdminNamedPort(string Name) : AdminPort
{
    /// <inheritdoc />
    public override string ToString() => Name;
}
