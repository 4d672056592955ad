using Palisade.Live.Connection;
using Palisade.Live.Snapshot;
using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Live;

/// <summary>
/// Reads a live cluster into Palisade's model, through the same conversion as manifests (and of the same trimmed
/// objects a snapshot writes), so <c>--cluster</c> and a snapshot folder give the same answers.
/// </summary>
public static class ClusterSource
{
    /// <summary>Reads and converts; conversion problems come back as diagnostics located at "cluster:Kind/ns/name".</summary>
    public static async Task<Diagnosed<Model.Cluster>> ReadAsync(ClusterConnection connection, ReadOptions options, CancellationToken cancellationToken = default)
    {
        var objects = SnapshotTrim.Trim(await ClusterReader.ReadAsync(connection, options, cancellationToken).ConfigureAwait(false));
        return Convert(objects);
    }

    /// <summary>Converts already-read (trimmed) objects into a snapshot.</summary>
    public static Diagnosed<Model.Cluster> Convert(ClusterObjects objects)
    {
        var builder = new ClusterBuilder();
        var diagnostics = new List<Diagnostic>();

        static ISourceLocator At(string kind, k8s.Models.V1ObjectMeta? m) =>
            new FixedSourceLocator(new SourceLocation(
                m?.NamespaceProperty is { Length: > 0 } ns ? $"cluster:{kind}/{ns}/{m.Name}" : $"cluster:{kind}/{m?.Name}", 0, 0));

        void Take<T>(Diagnosed<T?> d, Action<T> add)
            where T : class
        {
            diagnostics.AddRange(d.Diagnostics);
            if (d.Value is { } v)
            {
                add(v);
            }
        }

        foreach (var n in objects.Namespaces)
        {
            Take(ModelConverter.ToNamespace(n, At("Namespace", n.Metadata)), builder.Add);
        }

        foreach (var p in objects.Pods)
        {
            Take(ModelConverter.ToPod(p, "default", At("Pod", p.Metadata)), builder.Add);
        }

        foreach (var w in objects.Deployments)
        {
            Take(ModelConverter.ToWorkload(w, "default", At("Deployment", w.Metadata)), builder.Add);
        }

        foreach (var w in objects.StatefulSets)
        {
            Take(ModelConverter.ToWorkload(w, "default", At("StatefulSet", w.Metadata)), builder.Add);
        }

        foreach (var w in objects.DaemonSets)
        {
            Take(ModelConverter.ToWorkload(w, "default", At("DaemonSet", w.Metadata)), builder.Add);
        }

        foreach (var w in objects.ReplicaSets)
        {
            Take(ModelConverter.ToWorkload(w, "default", At("ReplicaSet", w.Metadata)), builder.Add);
        }

        foreach (var w in objects.Jobs)
        {
            Take(ModelConverter.ToWorkload(w, "default", At("Job", w.Metadata)), builder.Add);
        }

        foreach (var w in objects.CronJobs)
        {
            Take(ModelConverter.ToWorkload(w, "default", At("CronJob", w.Metadata)), builder.Add);
        }

        foreach (var s in objects.Services)
        {
            Take(ModelConverter.ToService(s, "default", At("Service", s.Metadata)), builder.Add);
        }

        foreach (var p in objects.NetworkPolicies)
        {
            Take(ModelConverter.ToNetworkPolicy(p, "default", At("NetworkPolicy", p.Metadata)), builder.Add);
        }

        var built = builder.Build();
        return new Diagnosed<Model.Cluster>(built.Value, [.. diagnostics, .. built.Diagnostics]);
    }
}
