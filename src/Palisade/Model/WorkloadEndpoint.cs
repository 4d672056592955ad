namespace Palisade.Model;

/// <summary>
/// An endpoint of a connectivity report: a pod-owning workload with its pods, or a bare pod. Named
/// "namespace/name" by the workload (or the pod when it has no loaded owner).
/// </summary>
/// <param name="Ref">Namespace and name.</param>
/// <param name="Kind">Workload kind, or "Pod".</param>
/// <param name="Pods">Its pods (real, or one template stand-in); never empty.</param>
public sealed record WorkloadEndpoint(ObjectRef Ref, string Kind, EquatableArray<Pod> Pods)
{
    /// <summary>"namespace/name".</summary>
    public string Id => Ref.ToString();

    /// <summary>The pod that stands for the endpoint when one pod is evaluated.</summary>
    public Pod Representative => Pods[0];

    /// <summary>
    /// Groups the snapshot's pods by owning workload. Pods owned by a workload of the snapshot join it; other
    /// pods are endpoints of their own. Sorted by reference.
    /// </summary>
    public static IReadOnlyList<WorkloadEndpoint> Group(Cluster cluster)
    {
        var workloads = cluster.Workloads.ToDictionary(w => w.ToWorkloadRef());
        var groups = new SortedDictionary<ObjectRef, (string Kind, List<Pod> Pods)>();
        foreach (var pod in cluster.Pods)
        {
            var (reference, kind) = pod.Owner is { } owner && workloads.ContainsKey(owner)
                ? (owner.Ref, owner.Kind)
                : (pod.Ref, "Pod");
            if (!groups.TryGetValue(reference, out var g))
            {
                g = (kind, []);
                groups[reference] = g;
            }

            g.Pods.Add(pod);
        }

        return [.. groups.Select(g => new WorkloadEndpoint(g.Key, g.Value.Kind, g.Value.Pods.ToEquatableArray()))];
    }
}
