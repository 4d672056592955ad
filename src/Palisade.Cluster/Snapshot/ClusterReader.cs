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

        var namespaces = await Pages(connection, new ApiCall("list", "namespaces"), async c =>
        {
            var l = await k.CoreV1.ListNamespaceAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
            return (l.Items, l.Metadata?.ContinueProperty);
        }).ConfigureAwait(false);

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
            pods.AddRange(await Pages(connection, new ApiCall("list", "pods", ns), async c =>
            {
                var l = ns is null
                    ? await k.CoreV1.ListPodForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.CoreV1.ListNamespacedPodAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            deployments.AddRange(await Pages(connection, new ApiCall("list", "deployments.apps", ns), async c =>
            {
                var l = ns is null
                    ? await k.AppsV1.ListDeploymentForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.AppsV1.ListNamespacedDeploymentAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            statefulSets.AddRange(await Pages(connection, new ApiCall("list", "statefulsets.apps", ns), async c =>
            {
                var l = ns is null
                    ? await k.AppsV1.ListStatefulSetForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.AppsV1.ListNamespacedStatefulSetAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            daemonSets.AddRange(await Pages(connection, new ApiCall("list", "daemonsets.apps", ns), async c =>
            {
                var l = ns is null
                    ? await k.AppsV1.ListDaemonSetForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.AppsV1.ListNamespacedDaemonSetAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            replicaSets.AddRange(await Pages(connection, new ApiCall("list", "replicasets.apps", ns), async c =>
            {
                var l = ns is null
                    ? await k.AppsV1.ListReplicaSetForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.AppsV1.ListNamespacedReplicaSetAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            jobs.AddRange(await Pages(connection, new ApiCall("list", "jobs.batch", ns), async c =>
            {
                var l = ns is null
                    ? await k.BatchV1.ListJobForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.BatchV1.ListNamespacedJobAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            cronJobs.AddRange(await Pages(connection, new ApiCall("list", "cronjobs.batch", ns), async c =>
            {
                var l = ns is null
                    ? await k.BatchV1.ListCronJobForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.BatchV1.ListNamespacedCronJobAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            services.AddRange(await Pages(connection, new ApiCall("list", "services", ns), async c =>
            {
                var l = ns is null
                    ? await k.CoreV1.ListServiceForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.CoreV1.ListNamespacedServiceAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
            policies.AddRange(await Pages(connection, new ApiCall("list", "networkpolicies.networking.k8s.io", ns), async c =>
            {
                var l = ns is null
                    ? await k.NetworkingV1.ListNetworkPolicyForAllNamespacesAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false)
                    : await k.NetworkingV1.ListNamespacedNetworkPolicyAsync(ns, continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false));
        }

        var (tierPolicies, notServed) = await TierReader.ReadAsync(connection, limit, cancellationToken).ConfigureAwait(false);
        var nodes = tierPolicies.Any(TierReader.HasNodesPeer)
            ? await Pages(connection, new ApiCall("list", "nodes"), async c =>
            {
                var l = await k.CoreV1.ListNodeAsync(continueParameter: c, limit: limit, cancellationToken: cancellationToken).ConfigureAwait(false);
                return (l.Items, l.Metadata?.ContinueProperty);
            }).ConfigureAwait(false)
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
