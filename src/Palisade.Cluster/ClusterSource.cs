using Palisade.Cluster.Connection;
using Palisade.Cluster.Snapshot;
using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cluster;

/// <summary>
/// Reads a live cluster into Palisade's model, through the same conversion as manifests (and of the same trimmed
/// objects a snapshot writes), so <c>--cluster</c> and a snapshot folder give the same answers.
/// </summary>
public static class ClusterSource
{
    /// <summary>Reads and converts; conversion problems come back as diagnostics located at "cluster:Kind/ns/name".</summary>
    public static async Task<Diagnosed<Model.ClusterSnapshot>> ReadAsync(ClusterConnection connection, ReadOptions options, CancellationToken cancellationToken = default) =>
        (await ReadWithNoticesAsync(connection, options, cancellationToken).ConfigureAwait(false)).Read;

    /// <summary>
    /// <see cref="ReadAsync"/>, plus one notice per cluster-wide tier API version the cluster does not serve, for the
    /// caller to print (a tier that is absent is then known to be absent, not silently assumed).
    /// </summary>
    public static async Task<(Diagnosed<Model.ClusterSnapshot> Read, IReadOnlyList<string> NotServed)> ReadWithNoticesAsync(ClusterConnection connection, ReadOptions options, CancellationToken cancellationToken = default)
    {
        var objects = SnapshotTrim.Trim(await ClusterReader.ReadAsync(connection, options, cancellationToken).ConfigureAwait(false));
        return (Convert(objects), objects.NotServed);
    }

    /// <summary>Converts already-read (trimmed) objects into a snapshot.</summary>
    public static Diagnosed<Model.ClusterSnapshot> Convert(ClusterObjects objects)
    {
        var builder = new ClusterBuilder();
        var diagnostics = new List<Diagnostic>();

        static ISourceLocator At(string kind, k8s.Models.V1ObjectMeta? m) =>
            new FixedSourceLocator(new SourceLocation(
                m?.NamespaceProperty is { Length: > 0 } ns ? $"cluster:{kind}/{ns}/{m.Name}" : $"cluster:{kind}/{m?.Name}", 0, 0));

        // Converts each object of one kind, located at "cluster:Kind/ns/name", keeping its diagnostics in read order.
        void TakeAll<TObject, TModel>(IEnumerable<TObject> items, string kind, Func<TObject, ISourceLocator, Diagnosed<TModel?>> convert, Action<TModel> add)
            where TObject : k8s.Models.IMetadata<k8s.Models.V1ObjectMeta>
            where TModel : class
        {
            foreach (var item in items)
            {
                var d = convert(item, At(kind, item.Metadata));
                diagnostics.AddRange(d.Diagnostics);
                if (d.Value is { } v)
                {
                    add(v);
                }
            }
        }

        const string defaultNs = "default";
        TakeAll(objects.Namespaces, "Namespace", ModelConverter.ToNamespace, builder.Add);
        TakeAll(objects.Pods, "Pod", (p, at) => ModelConverter.ToPod(p, defaultNs, at), builder.Add);
        TakeAll(objects.Deployments, "Deployment", (w, at) => ModelConverter.ToWorkload(w, defaultNs, at), builder.Add);
        TakeAll(objects.StatefulSets, "StatefulSet", (w, at) => ModelConverter.ToWorkload(w, defaultNs, at), builder.Add);
        TakeAll(objects.DaemonSets, "DaemonSet", (w, at) => ModelConverter.ToWorkload(w, defaultNs, at), builder.Add);
        TakeAll(objects.ReplicaSets, "ReplicaSet", (w, at) => ModelConverter.ToWorkload(w, defaultNs, at), builder.Add);
        TakeAll(objects.Jobs, "Job", (w, at) => ModelConverter.ToWorkload(w, defaultNs, at), builder.Add);
        TakeAll(objects.CronJobs, "CronJob", (w, at) => ModelConverter.ToWorkload(w, defaultNs, at), builder.Add);
        TakeAll(objects.Services, "Service", (s, at) => ModelConverter.ToService(s, defaultNs, at), builder.Add);
        TakeAll(objects.NetworkPolicies, "NetworkPolicy", (p, at) => ModelConverter.ToNetworkPolicy(p, defaultNs, at), builder.Add);
        TakeAll(objects.Nodes, "Node", ModelConverter.ToNode, builder.Add);

        // The tiers are custom resources: each goes through the manifest loader's strict converter, as a file would,
        // its diagnostics located at "cluster:Kind/name".
        foreach (var policy in objects.TierPolicies)
        {
            var loaded = ManifestLoader.LoadText(policy.ToJsonString(), $"cluster:{TierReader.Kind(policy)}/{TierReader.Name(policy)}", new LoadOptions(defaultNs));
            diagnostics.AddRange(loaded.Diagnostics);
            foreach (var admin in loaded.Snapshot.AdminPolicies)
            {
                builder.Add(admin);
            }
        }

        var built = builder.Build();
        return new Diagnosed<Model.ClusterSnapshot>(built.Value, [.. diagnostics, .. built.Diagnostics]);
    }
}
