using System.CommandLine;
using Palisade.Cluster.Snapshot;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade cluster snapshot [--output-file DIR] [-n NS]... [-A]</c>: reads the cluster and writes one YAML manifest
/// file per kind, which every other command reads. Without --output-file the manifests go to standard output.
/// </summary>
internal static class ClusterSnapshotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var live = new ClusterInputOptions();
        var output = new OutputOptions(["yaml"], legacyDashO: true);
        output.File.Description = "Folder to write the manifests to, one file per kind (created if missing); default: standard output";
        var ns = new Option<string[]>("--namespace", "-n") { Description = "Read namespaced objects from this namespace only; repeatable (default: all namespaces)", Arity = ArgumentArity.ZeroOrMore };
        var cmd = new Command("snapshot", "Read namespaces, pods, workloads, Services, NetworkPolicies and the cluster-wide tiers into YAML manifests") { ns, live.AllNamespaces };
        output.AddTo(cmd);
        live.AddTo(cmd, withClusterFlag: false);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (_, folder) = output.Resolve(ctx, r);
            using var connection = live.Connect(ctx, r);
            var objects = await ClusterReader.ReadAsync(connection, new ReadOptions(r.GetValue(live.AllNamespaces) ? [] : r.GetValue(ns) ?? []), cancellationToken).ConfigureAwait(false);
            var files = SnapshotManifests.Render(SnapshotTrim.Trim(objects));
            foreach (var notice in objects.NotServed)
            {
                ctx.Err.WriteLine($"palisade: note: {notice}");
            }

            if (folder is not { } dir)
            {
                foreach (var f in files)
                {
                    ctx.Out.Write($"# --- {f.Name}\n{f.Text}");
                }

                return ExitCodes.Ok;
            }

            var full = ctx.Resolve(dir);
            Directory.CreateDirectory(full);
            foreach (var f in files)
            {
                AtomicFile.Write(ctx, Path.Combine(full, f.Name), w => w.Write(f.Text));
            }

            // Files of kinds the cluster no longer has would be stale: remove only names this command writes.
            foreach (var stale in KnownFiles.Except(files.Select(f => f.Name), StringComparer.Ordinal))
            {
                var path = Path.Combine(full, stale);
                if (File.Exists(path))
                {
                    File.Delete(path);
                }
            }

            ctx.Err.WriteLine($"wrote {files.Count} file(s) to {dir} from {connection.Description}: {objects.Namespaces.Count} namespaces, {objects.Pods.Count} pods, {objects.Services.Count} Services, {objects.NetworkPolicies.Count} NetworkPolicies, {objects.TierPolicies.Count} cluster-wide policies");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static readonly string[] KnownFiles =
    [
        "namespaces.yaml", "pods.yaml", "deployments.yaml", "statefulsets.yaml", "daemonsets.yaml", "replicasets.yaml",
        "jobs.yaml", "cronjobs.yaml", "services.yaml", "networkpolicies.yaml",
        "nodes.yaml", "adminnetworkpolicies.yaml", "baselineadminnetworkpolicies.yaml", "clusternetworkpolicies.yaml",
    ];
}
