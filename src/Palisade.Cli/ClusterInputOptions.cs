using System.CommandLine;
using Palisade.Live;
using Palisade.Live.Connection;
using Palisade.Live.Snapshot;
using Palisade.Diagnostics;

namespace Palisade.Cli;

/// <summary>
/// The shared <c>--cluster</c>, <c>--kubeconfig</c> and <c>--context</c> options: a command that reads manifests
/// adds them with <see cref="AddTo"/> and calls <see cref="LoadAsync"/> instead of <see cref="InputLoading.Load"/>;
/// with <c>--cluster</c> the live cluster is read (kubectl's rules: --kubeconfig, KUBECONFIG, ~/.kube/config,
/// in-cluster) and manifest paths must be absent.
/// </summary>
public sealed class ClusterInputOptions
{
    /// <summary>--cluster: read the live cluster.</summary>
    public Option<bool> Cluster { get; } = new("--cluster") { Description = "Read the live cluster (see --kubeconfig, --context) instead of manifest files" };

    /// <summary>--kubeconfig FILE.</summary>
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account)" };

    /// <summary>--context NAME.</summary>
    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context (default: the current context)" };

    /// <summary>Adds the three options to a command.</summary>
    public void AddTo(Command command, bool withClusterFlag = true)
    {
        if (withClusterFlag)
        {
            command.Options.Add(Cluster);
        }

        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
    }

    /// <summary>True when --cluster was given.</summary>
    public bool IsLive(ParseResult result) => result.GetValue(Cluster);

    /// <summary>Opens a connection with the given options and the process environment; throws PalisadeException (exit 4).</summary>
    public ClusterConnection Connect(ParseResult result) =>
        ClusterConnection.Open(ConnectionOptions.FromEnvironment(result.GetValue(Kubeconfig), result.GetValue(Context)));

    /// <summary>Reads the live cluster into the model, printing conversion diagnostics as warnings.</summary>
    public static async Task<Model.Cluster> ReadLiveAsync(CliContext ctx, ClusterConnection connection, ReadOptions options)
    {
        var read = await ClusterSource.ReadAsync(connection, options).ConfigureAwait(false);
        DiagnosticPrinter.Print(ctx.Err, read.Diagnostics.Select(d => d with { Severity = Severity.Warning }));
        if (read.Diagnostics.Count > 0)
        {
            ctx.Err.WriteLine($"palisade: {read.Diagnostics.Count} problem(s) in objects read from {connection.Description}; those objects were left out");
        }

        return read.Value;
    }

    /// <summary>
    /// Loads the input of a command: the live cluster with --cluster (paths must be empty), else the manifest paths.
    /// </summary>
    public async Task<Model.Cluster> LoadAsync(CliContext ctx, ParseResult result, IReadOnlyList<string> paths, string defaultNamespace, bool verbose)
    {
        if (IsLive(result))
        {
            if (paths.Count > 0)
            {
                throw new UserInputException("PAL191", "give either manifest paths or --cluster, not both", "drop the paths to read the live cluster, or drop --cluster");
            }

            using var connection = Connect(result);
            return await ReadLiveAsync(ctx, connection, ReadOptions.All).ConfigureAwait(false);
        }

        if (paths.Count == 0)
        {
            throw new UserInputException("PAL191", "no input: give manifest files or folders, or --cluster to read the live cluster", "for example: palisade matrix examples/home-lab/manifests");
        }

        return InputLoading.Load(ctx, paths, defaultNamespace, verbose);
    }
}
