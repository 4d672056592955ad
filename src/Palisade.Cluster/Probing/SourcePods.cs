using k8s;
using k8s.Models;
using Palisade.Cluster.Connection;
using Palisade.Model;

namespace Palisade.Cluster.Probing;

/// <summary>Finds a running pod of a workload (Deployment through its ReplicaSets, StatefulSet, DaemonSet, Job) or a bare pod.</summary>
public static class SourcePods
{
    /// <summary>Running pods of each workload, by name; workloads with none map to an empty list.</summary>
    public static async Task<IReadOnlyDictionary<ObjectRef, IReadOnlyList<V1Pod>>> FindAsync(ClusterConnection connection, IEnumerable<ObjectRef> workloads, CancellationToken cancellationToken)
    {
        var result = new Dictionary<ObjectRef, IReadOnlyList<V1Pod>>();
        foreach (var ns in workloads.Distinct().GroupBy(w => w.Namespace, StringComparer.Ordinal))
        {
            var k = connection.Client;
            var pods = await Snapshot.ClusterReader.Pages(connection, new ApiCall("list", "pods", ns.Key), async c =>
            {
                var l = await k.CoreV1.ListNamespacedPodAsync(ns.Key, continueParameter: c, limit: 500, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false);
            var replicaSets = await Snapshot.ClusterReader.Pages(connection, new ApiCall("list", "replicasets.apps", ns.Key), async c =>
            {
                var l = await k.AppsV1.ListNamespacedReplicaSetAsync(ns.Key, continueParameter: c, limit: 500, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false);
            var deploymentOfReplicaSet = replicaSets
                .Where(r => r.Metadata?.Name is not null)
                .ToDictionary(r => r.Metadata.Name, r => r.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == "Deployment")?.Name, StringComparer.Ordinal);

            foreach (var w in ns)
            {
                result[w] = [.. pods
                    .Where(p => p.Status?.Phase == "Running" && p.Metadata?.DeletionTimestamp is null && BelongsTo(p, w.Name, deploymentOfReplicaSet))
                    .OrderBy(p => p.Metadata.Name, StringComparer.Ordinal)];
            }
        }

        return result;
    }

    private static bool BelongsTo(V1Pod pod, string workload, Dictionary<string, string?> deploymentOfReplicaSet)
    {
        if (pod.Metadata.Name == workload)
        {
            return true;
        }

        var owner = pod.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true);
        return owner is not null
            && (owner.Name == workload
                || (owner.Kind == "ReplicaSet" && deploymentOfReplicaSet.TryGetValue(owner.Name, out var d) && d == workload));
    }
}
