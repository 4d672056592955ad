namespace Palisade.Model;

/// <summary>
/// An endpoint of a connectivity report: a pod-owning workload with its pods, or a bare pod. Its identity is the kind
/// with "namespace/name": a Deployment and a StatefulSet named <c>web</c>, or a bare Pod <c>web</c> beside a
/// Deployment <c>web</c>, are distinct endpoints.
/// </summary>
/// <param name="Ref">Namespace and name.</param>
/// <param name="Kind">Workload kind, or "Pod".</param>
/// <param name="Pods">Its pods (real, or one template stand-in); never empty.</param>
public sealed record WorkloadEndpoint(ObjectRef Ref, string Kind, EquatableArray<Pod> Pods)
{
    /// <summary>
    /// How reports name it: "namespace/name", or "kind/namespace/name" (kind in lower case, as kubectl writes
    /// <c>deployment/web</c>) when another endpoint of the snapshot has the same namespace and name.
    /// </summary>
    public string Id { get; init; } = Ref.ToString();

    /// <summary>The kind-qualified name "kind/namespace/name", which is never ambiguous.</summary>
    public string QualifiedId => Qualify(Kind, Ref);

    /// <summary>The pod that stands for the endpoint when one pod is evaluated.</summary>
    public Pod Representative => Pods[0];

    /// <summary>"kind/namespace/name" with the kind in lower case.</summary>
    public static string Qualify(string kind, ObjectRef reference) => $"{kind.ToLowerInvariant()}/{reference}";

    /// <summary>
    /// Groups the snapshot's pods by owning workload. Pods owned by a workload of the snapshot join it; other
    /// pods are endpoints of their own. Sorted by reference, then kind; endpoints sharing a reference get
    /// kind-qualified ids.
    /// </summary>
    public static IReadOnlyList<WorkloadEndpoint> Group(ClusterSnapshot cluster)
    {
        var workloads = cluster.Workloads.Select(w => w.ToWorkloadRef()).ToHashSet();
        var groups = new SortedDictionary<(ObjectRef Ref, string Kind), List<Pod>>(KeyComparer.Instance);
        foreach (var pod in cluster.Pods)
        {
            var key = pod.Owner is { } owner && workloads.Contains(owner)
                ? (owner.Ref, owner.Kind)
                : (pod.Ref, "Pod");
            if (!groups.TryGetValue(key, out var g))
            {
                g = [];
                groups[key] = g;
            }

            g.Add(pod);
        }

        var shared = groups.Keys.GroupBy(k => k.Ref).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return [.. groups.Select(g => new WorkloadEndpoint(g.Key.Ref, g.Key.Kind, g.Value.ToEquatableArray())
        {
            Id = shared.Contains(g.Key.Ref) ? Qualify(g.Key.Kind, g.Key.Ref) : g.Key.Ref.ToString(),
        })];
    }

    private sealed class KeyComparer : IComparer<(ObjectRef Ref, string Kind)>
    {
        public static readonly KeyComparer Instance = new();

        public int Compare((ObjectRef Ref, string Kind) x, (ObjectRef Ref, string Kind) y)
        {
            var c = x.Ref.CompareTo(y.Ref);
            return c != 0 ? c : string.CompareOrdinal(x.Kind, y.Kind);
        }
    }
}
