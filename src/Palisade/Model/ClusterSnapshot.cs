using System.Collections.Frozen;

namespace Palisade.Model;

/// <summary>
/// An immutable snapshot of everything Palisade reads from a cluster: namespaces, pods (real or template
/// stand-ins), workloads, Services and NetworkPolicies. Collections are sorted by reference for determinism.
/// </summary>
public sealed class ClusterSnapshot
{
    private readonly FrozenDictionary<string, Namespace> namespacesByName;
    private readonly FrozenDictionary<ObjectRef, Pod> podsByRef;
    private readonly FrozenDictionary<ObjectRef, Service> servicesByRef;

    /// <summary>Builds a snapshot. Namespaces referenced by any object but not given are added implicitly.</summary>
    public ClusterSnapshot(
        IEnumerable<Namespace> namespaces,
        IEnumerable<Pod> pods,
        IEnumerable<Workload> workloads,
        IEnumerable<Service> services,
        IEnumerable<NetworkPolicy> policies,
        IEnumerable<AdminPolicy>? adminPolicies = null,
        IEnumerable<Node>? nodes = null)
    {
        AdminPolicies = [.. (adminPolicies ?? []).OrderBy(p => p.Tier).ThenBy(p => p.Priority).ThenBy(p => p.Kind).ThenBy(p => p.Name, StringComparer.Ordinal)];
        Nodes = [.. (nodes ?? []).OrderBy(n => n.Name, StringComparer.Ordinal)];
        Pods = [.. pods.OrderBy(p => p.Ref)];
        Workloads = [.. workloads.OrderBy(w => w.Ref).ThenBy(w => w.Kind, StringComparer.Ordinal)];
        Services = [.. services.OrderBy(s => s.Ref)];
        Policies = [.. policies.OrderBy(p => p.Ref)];

        var ns = new Dictionary<string, Namespace>(StringComparer.Ordinal);
        foreach (var n in namespaces)
        {
            ns[n.Name] = n;
        }

        var referenced = Pods.Select(p => p.Namespace)
            .Concat(Workloads.Select(w => w.Ref.Namespace))
            .Concat(Services.Select(s => s.Ref.Namespace))
            .Concat(Policies.Select(p => p.Ref.Namespace));
        foreach (var name in referenced)
        {
            if (!ns.ContainsKey(name))
            {
                ns[name] = Namespace.Create(name, null, declared: false);
            }
        }

        Namespaces = [.. ns.Values.OrderBy(n => n.Name, StringComparer.Ordinal)];
        namespacesByName = ns.ToFrozenDictionary(StringComparer.Ordinal);
        podsByRef = Pods.GroupBy(p => p.Ref).ToFrozenDictionary(g => g.Key, g => g.First());
        servicesByRef = Services.GroupBy(s => s.Ref).ToFrozenDictionary(g => g.Key, g => g.First());
    }

    /// <summary>An empty cluster.</summary>
    public static ClusterSnapshot Empty { get; } = new([], [], [], [], []);

    /// <summary>All namespaces, by name.</summary>
    public IReadOnlyList<Namespace> Namespaces { get; }

    /// <summary>All pods (real and template stand-ins), by reference.</summary>
    public IReadOnlyList<Pod> Pods { get; }

    /// <summary>All workloads, by reference.</summary>
    public IReadOnlyList<Workload> Workloads { get; }

    /// <summary>All Services, by reference.</summary>
    public IReadOnlyList<Service> Services { get; }

    /// <summary>All NetworkPolicies, by reference.</summary>
    public IReadOnlyList<NetworkPolicy> Policies { get; }

    /// <summary>
    /// The cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy), by tier,
    /// priority, kind and name: the order the engine evaluates them in.
    /// </summary>
    public IReadOnlyList<AdminPolicy> AdminPolicies { get; }

    /// <summary>The Node objects of the input, by name (needed by <c>nodes</c> peers).</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>True when cluster-wide policies are present (paths that cannot evaluate the tiers must refuse).</summary>
    public bool HasAdminPolicies => AdminPolicies.Count > 0;

    /// <summary>Looks up a namespace.</summary>
    public Namespace? FindNamespace(string name) => namespacesByName.GetValueOrDefault(name);

    /// <summary>Looks up a pod by namespace/name.</summary>
    public Pod? FindPod(ObjectRef reference) => podsByRef.GetValueOrDefault(reference);

    /// <summary>Looks up a Service by namespace/name.</summary>
    public Service? FindService(ObjectRef reference) => servicesByRef.GetValueOrDefault(reference);

    /// <summary>Returns a snapshot with more policies (for example rendered ones) added.</summary>
    public ClusterSnapshot WithPolicies(IEnumerable<NetworkPolicy> more) =>
        new(Namespaces, Pods, Workloads, Services, Policies.Concat(more), AdminPolicies, Nodes);

    /// <summary>Returns a snapshot with more cluster-wide policies added.</summary>
    public ClusterSnapshot WithAdminPolicies(IEnumerable<AdminPolicy> more) =>
        new(Namespaces, Pods, Workloads, Services, Policies, AdminPolicies.Concat(more), Nodes);

    /// <summary>Returns a snapshot with the namespaces' labels replaced by the given ones where named.</summary>
    public ClusterSnapshot WithNamespaces(IEnumerable<Namespace> replacements)
    {
        var map = Namespaces.ToDictionary(n => n.Name, StringComparer.Ordinal);
        foreach (var n in replacements)
        {
            map[n.Name] = n;
        }

        return new(map.Values, Pods, Workloads, Services, Policies, AdminPolicies, Nodes);
    }
}
