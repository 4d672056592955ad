using Palisade.Model;
using Palisade.Net;

namespace Palisade.Rendering;

/// <summary>Where a profile peer lives. Closed hierarchy: one named namespace, or any namespace.</summary>
public abstract record ProfileNamespace
{
    private protected ProfileNamespace()
    {
    }
}

/// <summary>One namespace, by name.</summary>
public sealed record NamedNamespace(string Name) : ProfileNamespace
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>Any namespace of the cluster (<c>namespace: "*"</c>).</summary>
public sealed record AnyNamespace : ProfileNamespace
{
    /// <summary>The single instance.</summary>
    public static AnyNamespace Instance { get; } = new();

    private AnyNamespace()
    {
    }

    /// <inheritdoc />
    public override string ToString() => "*";
}

/// <summary>
/// A named peer of the isolated workloads: a namespace plus an optional pod selector (absent = every pod of the
/// namespace), with the ports allowed.
/// </summary>
public sealed record ProfilePeer(string Name, ProfileNamespace Namespace, LabelSelector? PodSelector, EquatableArray<PortProtocol> Ports)
{
    /// <summary>Where it was declared.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary>One SSH route of the proxy: a listen port forwarded to a Service port.</summary>
public sealed record ProxyRoute(int ListenPort, ObjectRef Service, int ServicePort)
{
    /// <summary>Where it was declared.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary>
/// The proxy in front of the isolated workloads: its workload, the LoadBalancer Service and address clients use,
/// and the routes it serves (listen port → Service).
/// </summary>
public sealed record ProxySpec(ObjectRef Workload, ObjectRef? LoadBalancerService, IpAddr? Address, EquatableArray<ProxyRoute> Routes)
{
    /// <summary>Where it was declared.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;
}

/// <summary>Where a profile's guardrails go (<c>spec.tier</c>): nowhere but the NetworkPolicy, or a cluster-wide tier.</summary>
public enum GuardrailTier
{
    /// <summary>Only the NetworkPolicy (the default).</summary>
    None,

    /// <summary>An AdminNetworkPolicy (or ClusterNetworkPolicy tier Admin), which namespace owners cannot undo.</summary>
    Admin,

    /// <summary>A BaselineAdminNetworkPolicy (or ClusterNetworkPolicy tier Baseline): a fallback for pods no NetworkPolicy selects.</summary>
    Baseline,
}

/// <summary>The API the guardrails are written in (<c>spec.tierApiVersion</c>).</summary>
public enum TierApiVersion
{
    /// <summary><c>policy.networking.k8s.io/v1alpha1</c> AdminNetworkPolicy / BaselineAdminNetworkPolicy (the default).</summary>
    V1Alpha1,

    /// <summary><c>policy.networking.k8s.io/v1alpha2</c> ClusterNetworkPolicy.</summary>
    V1Alpha2,
}

/// <summary>
/// A declarative isolation profile: which workloads are isolated, who may reach them on which ports, what they may
/// reach, how namespaces are matched, and the proxy routes in front of them.
/// </summary>
/// <param name="Name">Profile name; the rendered policy is named after it.</param>
/// <param name="Namespace">The namespace of the isolated workloads.</param>
/// <param name="PodSelector">Selects the isolated workloads' pods (a new workload with the labels needs no change).</param>
/// <param name="NamespaceLabel">The label key namespaces are matched by; <see cref="Model.Namespace.NameLabel"/> by default.</param>
/// <param name="Ingress">Who may reach the isolated pods.</param>
/// <param name="Egress">What the isolated pods may reach.</param>
/// <param name="Proxy">The proxy, if any.</param>
public sealed record IsolationProfile(
    string Name,
    string Namespace,
    LabelSelector PodSelector,
    string NamespaceLabel,
    EquatableArray<ProfilePeer> Ingress,
    EquatableArray<ProfilePeer> Egress,
    ProxySpec? Proxy)
{
    /// <summary>Where the profile was read from.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>
    /// The directions the profile isolates: those whose section (<c>ingress:</c>, <c>egress:</c>) it declares. An
    /// absent section leaves that direction open; an explicit empty list denies all of it.
    /// </summary>
    public PolicyTypes Isolates { get; init; } = PolicyTypes.Ingress | PolicyTypes.Egress;

    /// <summary>The tier the guardrails (no container-to-container traffic, no egress outside pods) are rendered into.</summary>
    public GuardrailTier Tier { get; init; } = GuardrailTier.None;

    /// <summary>The API version of the rendered cluster-wide policy.</summary>
    public TierApiVersion TierApiVersion { get; init; } = TierApiVersion.V1Alpha1;

    /// <summary>True when namespaces are matched by a custom (mutable) label that rendering must also set.</summary>
    public bool UsesCustomNamespaceLabel => NamespaceLabel != Model.Namespace.NameLabel;
}
