using Palisade.Diagnostics;
using k8s;
using k8s.Models;
using Palisade.Cluster.Connection;

namespace Palisade.Cluster.Snapshot;

/// <summary>
/// Lists the objects Palisade reads (namespaces, pods, workloads, Services, NetworkPolicies, the cluster-wide tiers) through
/// <see cref="IKubernetes"/>, page by page with <c>limit</c>/<c>continue</c>.
/// </summary>
public static class ClusterReader
{
    /// <summary>Reads every object kind; a failure names the verb and resource that failed.</summary>
    public static async Task<ClusterObjects> ReadAsync(ClusterConnection connection, ReadOptions options, CancellationToken cancellationToken = default)
    {
        var k = connection.Client;
        var limit = options.PageSize;
        var scopes = options.Namespaces.Count == 0 ? [null] : options.Namespaces.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Cast<string?>().ToList();

        var namespaces = await ListAsync<V1Namespace, V1NamespaceList>(connection, "namespaces", c => k.CoreV1.ListNamespaceAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false);

        var pods = new List<V1Pod>();
        var deployments = new List<V1Deployment>();
        var statefulSets = new List<V1StatefulSet>();
        var daemonSets = new List<V1DaemonSet>();
        var replicaSets = new List<V1ReplicaSet>();
        var jobs = new List<V1Job>();
        var cronJobs = new List<V1CronJob>();
        var services = new List<V1Service>();
        var policies = new List<V1NetworkPolicy>();
        foreach (var ns in scopes)
        {
            // One call a resource: its list across every namespace, or in the one namespace asked for.
            pods.AddRange(await ListAsync<V1Pod, V1PodList>(connection, "pods", ns, c => ns is null ? k.CoreV1.ListPodForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.CoreV1.ListNamespacedPodAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            deployments.AddRange(await ListAsync<V1Deployment, V1DeploymentList>(connection, "deployments.apps", ns, c => ns is null ? k.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            statefulSets.AddRange(await ListAsync<V1StatefulSet, V1StatefulSetList>(connection, "statefulsets.apps", ns, c => ns is null ? k.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.AppsV1.ListNamespacedStatefulSetAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            daemonSets.AddRange(await ListAsync<V1DaemonSet, V1DaemonSetList>(connection, "daemonsets.apps", ns, c => ns is null ? k.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            replicaSets.AddRange(await ListAsync<V1ReplicaSet, V1ReplicaSetList>(connection, "replicasets.apps", ns, c => ns is null ? k.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.AppsV1.ListNamespacedReplicaSetAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            jobs.AddRange(await ListAsync<V1Job, V1JobList>(connection, "jobs.batch", ns, c => ns is null ? k.BatchV1.ListJobForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.BatchV1.ListNamespacedJobAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            cronJobs.AddRange(await ListAsync<V1CronJob, V1CronJobList>(connection, "cronjobs.batch", ns, c => ns is null ? k.BatchV1.ListCronJobForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.BatchV1.ListNamespacedCronJobAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            services.AddRange(await ListAsync<V1Service, V1ServiceList>(connection, "services", ns, c => ns is null ? k.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
            policies.AddRange(await ListAsync<V1NetworkPolicy, V1NetworkPolicyList>(connection, "networkpolicies.networking.k8s.io", ns, c => ns is null ? k.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken) : k.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false));
        }

        var (tierPolicies, notServed) = await TierReader.ReadAsync(connection, limit, cancellationToken).ConfigureAwait(false);
        var nodes = tierPolicies.Any(TierReader.HasNodesPeer)
            ? await ListAsync<V1Node, V1NodeList>(connection, "nodes", c => k.CoreV1.ListNodeAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken)).ConfigureAwait(false)
            : [];

        return new ClusterObjects(
            Sorted(namespaces),
            Sorted(pods.Where(p => p.Status?.Phase is not ("Succeeded" or "Failed"))),
            Sorted(deployments),
            Sorted(statefulSets),
            Sorted(daemonSets),
            Sorted(replicaSets),
            Sorted(jobs),
            Sorted(cronJobs),
            Sorted(services),
            Sorted(policies),
            Sorted(nodes),
            tierPolicies,
            notServed);
    }

    /// <summary>Lists one resource (in <paramref name="ns"/>, or cluster-wide when null) through every page.</summary>
    private static Task<List<T>> ListAsync<T, TList>(ClusterConnection connection, string resource, string? ns, Func<string?, Task<TList>> page)
        where TList : IItems<T>, IMetadata<V1ListMeta> =>
        Pages(connection, new ApiCall("list", resource, ns), async c =>
        {
            var l = await page(c).ConfigureAwait(false);
            return (l.Items, l.Metadata?.ContinueProperty);
        });

    /// <summary>Lists one cluster-scoped resource through every page.</summary>
    private static Task<List<T>> ListAsync<T, TList>(ClusterConnection connection, string resource, Func<string?, Task<TList>> page)
        where TList : IItems<T>, IMetadata<V1ListMeta> =>
        ListAsync<T, TList>(connection, resource, null, page);

    /// <summary>Follows <c>continue</c> tokens until the list is complete.</summary>
    internal static async Task<List<T>> Pages<T>(ClusterConnection connection, ApiCall call, Func<string?, Task<(IList<T> Items, string? Continue)>> page)
    {
        var all = new List<T>();
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        do
        {
            var current = token;
            var (items, next) = await call.RunAsync(connection, () => page(current)).ConfigureAwait(false);
            all.AddRange(items ?? []);
            token = string.IsNullOrEmpty(next) ? null : next;

            // A server that hands back a token it gave before would loop forever; stop and say so.
            if (token is not null && !seen.Add(token))
            {
                throw new PalisadeException(DiagnosticCatalog.ApiError, $"the API server repeated a continue token while trying to {call}", "this is a server bug; try again, or use -n to read fewer objects");
            }
        }
        while (token is not null);
        return all;
    }

    private static List<T> Sorted<T>(IEnumerable<T> items)
        where T : IMetadata<V1ObjectMeta> =>
        [.. items.OrderBy(i => i.Metadata?.NamespaceProperty ?? string.Empty, StringComparer.Ordinal).ThenBy(i => i.Metadata?.Name ?? string.Empty, StringComparer.Ordinal)];
}
