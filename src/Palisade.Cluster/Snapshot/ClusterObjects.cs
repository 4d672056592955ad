using System.Text.Json.Nodes;
using k8s.Models;

namespace Palisade.Cluster.Snapshot;

/// <summary>The raw objects read from a cluster, each list sorted by namespace then name.</summary>
/// <param name="Namespaces">Namespaces.</param>
/// <param name="Pods">Pods that are not finished.</param>
/// <param name="Deployments">Deployments.</param>
/// <param name="StatefulSets">StatefulSets.</param>
/// <param name="DaemonSets">DaemonSets.</param>
/// <param name="ReplicaSets">ReplicaSets.</param>
/// <param name="Jobs">Jobs.</param>
/// <param name="CronJobs">CronJobs.</param>
/// <param name="Services">Services.</param>
/// <param name="NetworkPolicies">NetworkPolicies.</param>
/// <param name="Nodes">
/// Nodes (name, labels, addresses), read only when a cluster-wide policy has a <c>nodes</c> egress peer, since listing
/// nodes needs a cluster-scoped permission that nothing else asks for.
/// </param>
/// <param name="TierPolicies">
/// The cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy) as the server
/// sent them, each with its apiVersion and kind, sorted by kind then name; they are custom resources, so they stay
/// JSON until the manifest loader's strict converter reads them.
/// </param>
/// <param name="NotServed">
/// One line per tier API version the cluster does not serve, so that an empty tier is known, not assumed.
/// </param>
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
    IReadOnlyList<V1NetworkPolicy> NetworkPolicies,
    IReadOnlyList<V1Node> Nodes,
    IReadOnlyList<JsonObject> TierPolicies,
    IReadOnlyList<string> NotServed);
