using System.Text.Json.Nodes;
using k8s.Models;

namespace Palisade.Cluster.Apply;

/// <summary>Labels Palisade wants on a namespace (other labels are left alone).</summary>
/// <param name="Namespace">The namespace name.</param>
/// <param name="Labels">The labels to set.</param>
public sealed record NamespaceLabels(string Namespace, IReadOnlyDictionary<string, string> Labels);

/// <summary>
/// What <c>palisade cluster apply</c> makes true: rendered NetworkPolicies (which Palisade owns) and namespace
/// labels (on namespaces Palisade does not own). The renderer or rendered YAML files produce it.
/// </summary>
public sealed record DesiredState(IReadOnlyList<V1NetworkPolicy> Policies, IReadOnlyList<NamespaceLabels> NamespaceLabels)
{
    /// <summary>Cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy), owned like NetworkPolicies.</summary>
    public IReadOnlyList<TierPolicyObject> TierPolicies { get; init; } = [];
}

/// <summary>
/// A cluster-scoped policy.networking.k8s.io object to apply, as the strict loader validated it.
/// </summary>
/// <param name="Kind">AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy.</param>
/// <param name="Version">v1alpha1 or v1alpha2.</param>
/// <param name="Plural">The resource: adminnetworkpolicies, baselineadminnetworkpolicies or clusternetworkpolicies.</param>
/// <param name="Name">The object name.</param>
/// <param name="Body">The object as read (apiVersion, kind, metadata, spec).</param>
public sealed record TierPolicyObject(string Kind, string Version, string Plural, string Name, JsonObject Body);

/// <summary>What apply will do to one object.</summary>
public enum ChangeKind
{
    Create,
    Update,
    Unchanged,

    /// <summary>The object exists and is not Palisade's: it is left alone.</summary>
    NotOwned,

    /// <summary>The namespace to label does not exist: Palisade does not create namespaces.</summary>
    Missing,
}

/// <summary>One line of the plan.</summary>
/// <param name="Kind">NetworkPolicy, Namespace or a cluster-wide policy kind.</param>
/// <param name="Name">"ns/name" for a NetworkPolicy, the name for a namespace or a cluster-wide policy.</param>
/// <param name="Change">What will happen.</param>
/// <param name="Details">What differs, in order (empty when unchanged).</param>
public sealed record PlannedChange(string Kind, string Name, ChangeKind Change, IReadOnlyList<string> Details)
{
    /// <summary>True when apply sends this object to the server.</summary>
    public bool WillApply => Change is ChangeKind.Create or ChangeKind.Update;
}

/// <summary>The plan, sorted by kind then name, with the objects to send.</summary>
public sealed record ApplyPlan(IReadOnlyList<PlannedChange> Changes)
{
    /// <summary>The objects to send, keyed like <see cref="PlannedChange"/> (kind, name).</summary>
    internal IReadOnlyDictionary<(string Kind, string Name), object> Bodies { get; init; } = new Dictionary<(string Kind, string Name), object>();

    /// <summary>True when any requested object was left alone.</summary>
    public bool HasSkips => Changes.Any(c => c.Change is ChangeKind.NotOwned or ChangeKind.Missing);
}
