using k8s.Models;

namespace Palisade.Live.Snapshot;

/// <summary>The raw objects read from a cluster, each list sorted by namespace then name.</summary>
public sealed record ClusterObjects(
    IReadOnlyList<V1Namespace> Namespaces,
    IReadOnlyList<V1Pod> Pods,
    IReadOnlyList<V1Deployment> Deployments,
    IReadOnlyList<V1StatefulSet> StatefulSets,
    IReadOnlyList<V1DaemonSet> DaemonSets,
    IReadOnlyList<V1ReplicaSet> ReplicaSets,
    IReadOnlyList<V1Job> Jobs,
    IReadOnlyList<V1CronJob> CronJobs,
    IReadOnlyList<V1Service> Services,
    IReadOnlyList<V1NetworkPolicy> NetworkPolicies);
