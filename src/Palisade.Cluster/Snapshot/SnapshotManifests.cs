using System.Text;
using k8s;

namespace Palisade.Live.Snapshot;

/// <summary>One file of a snapshot: its name inside the snapshot folder and its YAML text.</summary>
public sealed record SnapshotFile(string Name, string Text);

/// <summary>
/// Renders trimmed objects as YAML manifests, one file per kind, objects sorted by namespace then name, so the
/// same cluster state always gives the same bytes. Every Palisade command that reads manifests reads them.
/// </summary>
public static class SnapshotManifests
{
    /// <summary>The files of a snapshot, in name order; kinds with no objects get no file.</summary>
    public static IReadOnlyList<SnapshotFile> Render(ClusterObjects trimmed)
    {
        var files = new List<SnapshotFile>();
        Add(files, "namespaces.yaml", trimmed.Namespaces);
        Add(files, "pods.yaml", trimmed.Pods);
        Add(files, "deployments.yaml", trimmed.Deployments);
        Add(files, "statefulsets.yaml", trimmed.StatefulSets);
        Add(files, "daemonsets.yaml", trimmed.DaemonSets);
        Add(files, "replicasets.yaml", trimmed.ReplicaSets);
        Add(files, "jobs.yaml", trimmed.Jobs);
        Add(files, "cronjobs.yaml", trimmed.CronJobs);
        Add(files, "services.yaml", trimmed.Services);
        Add(files, "networkpolicies.yaml", trimmed.NetworkPolicies);
        return [.. files.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>Serialises objects as a multi-document YAML stream (no trailing separator).</summary>
    public static string ToYaml<T>(IEnumerable<T> objects)
    {
        var sb = new StringBuilder();
        foreach (var o in objects)
        {
            if (sb.Length > 0)
            {
                sb.Append("---\n");
            }

            var yaml = KubernetesYaml.Serialize(o!).Replace("\r\n", "\n", StringComparison.Ordinal);
            sb.Append(yaml);
            if (!yaml.EndsWith('\n'))
            {
                sb.Append('\n');
            }
        }

        return sb.ToString();
    }

    private static void Add<T>(List<SnapshotFile> files, string name, IReadOnlyList<T> objects)
    {
        if (objects.Count > 0)
        {
            files.Add(new SnapshotFile(name, "# Written by 'palisade cluster snapshot'; read it with any palisade command.\n" + ToYaml(objects)));
        }
    }
}
