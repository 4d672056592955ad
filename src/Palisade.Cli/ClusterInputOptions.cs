using System.CommandLine;
using Palisade.Cluster;
using Palisade.Cluster.Connection;
using Palisade.Cluster.Snapshot;
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
    public Option<bool> ClusterSnapshot { get; } = new("--cluster") { Description = "Read the live cluster (see --kubeconfig, --context) instead of manifest files" };

    /// <summary>--kubeconfig FILE.</summary>
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account)" };

    /// <summary>--context NAME.</summary>
    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context (default: the current context)" };

    /// <summary>--request-timeout DURATION, as kubectl's.</summary>
    public Option<string?> RequestTimeout { get; } = new("--request-timeout") { Description = "Give up on an API request (or the exec credential plugin) after this long: 30s, 1m, 1m30s, or 0 for no limit (default 30s)" };

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command, bool withClusterFlag = true)
    {
        if (withClusterFlag)
        {
            command.Options.Add(ClusterSnapshot);
        }

        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
        command.Options.Add(RequestTimeout);
    }

    /// <summary>True when --cluster was given.</summary>
    public bool IsLive(ParseResult result) => result.GetValue(ClusterSnapshot);

    /// <summary>
    /// Opens a connection with the given options and the process environment, printing its warnings (such as a token
    /// sent over plain HTTP) on stderr; throws PalisadeException (exit 4), or UserInputException for a bad option.
    /// </summary>
    public ClusterConnection Connect(CliContext ctx, ParseResult result)
    {
        var timeout = ConnectionOptions.DefaultRequestTimeout;
        if (result.GetValue(RequestTimeout) is { } text && !KubectlDuration.TryParse(text, out timeout))
        {
            throw new UserInputException(DiagnosticCatalog.CommandLine, $"--request-timeout '{Printable(text)}' is not a duration", "give seconds (30) or a duration with a unit, as kubectl takes it: 30s, 2m, 1m30s; 0 means no limit; at most 24h");
        }

        var options = ConnectionOptions.FromEnvironment(result.GetValue(Kubeconfig), result.GetValue(Context)) with { RequestTimeout = timeout };
        var connection = ClusterConnection.Open(options);
        foreach (var warning in connection.Warnings)
        {
            ctx.Err.WriteLine($"palisade: warning {warning}");
        }

        return connection;
    }

    // An option value is echoed in an error: keep it short and free of control characters.
    private static string Printable(string text) =>
        new([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>Reads the live cluster into the model, printing conversion diagnostics as warnings.</summary>
    public static async Task<Model.ClusterSnapshot> ReadLiveAsync(CliContext ctx, ClusterConnection connection, ReadOptions options)
    {
        var (read, notServed) = await ClusterSource.ReadWithNoticesAsync(connection, options).ConfigureAwait(false);
        foreach (var notice in notServed)
        {
            ctx.Err.WriteLine($"palisade: note: {notice}");
        }

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
    public async Task<Model.ClusterSnapshot> LoadAsync(CliContext ctx, ParseResult result, IReadOnlyList<string> paths, string defaultNamespace, bool verbose)
    {
        if (IsLive(result))
        {
            if (paths.Count > 0)
            {
                throw new UserInputException(DiagnosticCatalog.InputChoice, "give either manifest paths or --cluster, not both", "drop the paths to read the live cluster, or drop --cluster");
            }

            using var connection = Connect(ctx, result);
            return await ReadLiveAsync(ctx, connection, ReadOptions.All).ConfigureAwait(false);
        }

        if (paths.Count == 0)
        {
            throw new UserInputException(DiagnosticCatalog.InputChoice, "no input: give manifest files or folders, or --cluster to read the live cluster", "for example: palisade matrix examples/home-lab/manifests");
        }

        return InputLoading.Load(ctx, paths, defaultNamespace, verbose);
    }
}
