using System.CommandLine;
using Palisade.Cluster;
using Palisade.Cluster.Connection;
using Palisade.Cluster.Snapshot;
using Palisade.Diagnostics;

namespace Palisade.Cli;

/// <summary>
/// The shared <c>--cluster</c>, <c>--kubeconfig</c> and <c>--context</c> options: a command that reads manifests
/// adds them with <see cref="AddTo"/> and passes <see cref="LiveSource"/> to the input assembly step;
/// with <c>--cluster</c> the live cluster is read (kubectl's rules: --kubeconfig, KUBECONFIG, ~/.kube/config,
/// in-cluster) and manifest paths must be absent.
/// </summary>
internal sealed class ClusterInputOptions
{
    /// <summary>--cluster: read the live cluster.</summary>
    public Option<bool> ClusterSnapshot { get; } = new("--cluster") { Description = "Read the live cluster (see --kubeconfig, --context) instead of manifest files" };

    /// <summary>--kubeconfig FILE.</summary>
    public Option<string?> Kubeconfig { get; } = new("--kubeconfig") { Description = "Kubeconfig file (default: KUBECONFIG, then ~/.kube/config, then the in-cluster service account)" };

    /// <summary>--context NAME.</summary>
    public Option<string?> Context { get; } = new("--context") { Description = "Kubeconfig context (default: the current context)" };

    /// <summary>--request-timeout DURATION, as kubectl's.</summary>
    public Option<string?> RequestTimeout { get; } = new("--request-timeout") { Description = "Give up on an API request (or the exec credential plugin) after this long: 30s, 1m, 1m30s, or 0 for no limit (default 30s)" };

    /// <summary>-A/--all-namespaces, as kubectl's: read every namespace (the default), whatever -n says.</summary>
    public Option<bool> AllNamespaces { get; } = new("--all-namespaces", "-A") { Description = "With --cluster: read every namespace (the default; overrides -n)" };

    /// <summary>The command's -n/--namespace (one value), which narrows what is read from the live cluster.</summary>
    private Option<string>? namespaceOption;

    /// <summary>Adds the options to a command (after its -n/--namespace, if it has one).</summary>
    public void AddTo(Command command, bool withClusterFlag = true)
    {
        if (withClusterFlag)
        {
            command.Options.Add(ClusterSnapshot);
            command.Options.Add(AllNamespaces);
        }

        namespaceOption = command.Options.OfType<Option<string>>().FirstOrDefault(o => o.Name == "--namespace");

        command.Options.Add(Kubeconfig);
        command.Options.Add(Context);
        command.Options.Add(RequestTimeout);
    }

    /// <summary>The live input in words, for reports: "the live cluster (context C)".</summary>
    public string Description(ParseResult result) =>
        "the live cluster" + (result.GetValue(Context) is { } c ? $" (context {Printable(c)})" : string.Empty)
        + (ReadOptionsOf(result).Namespaces is [var ns] ? $", namespace {Printable(ns)}" : string.Empty);

    /// <summary>True when --cluster was given.</summary>
    public bool IsLive(ParseResult result) => result.GetValue(ClusterSnapshot);

    /// <summary>
    /// What to read from the live cluster: the namespace given with -n (kubectl's filter), or every namespace without
    /// -n or with -A. Unlike kubectl, no -n means every namespace rather than the context's: connectivity across
    /// namespaces is the point of the analysis.
    /// </summary>
    public ReadOptions ReadOptionsOf(ParseResult result) =>
        !result.GetValue(AllNamespaces) && namespaceOption is not null && result.GetResult(namespaceOption) is { Implicit: false }
            && result.GetValue(namespaceOption) is { Length: > 0 } ns
            ? new ReadOptions([ns])
            : ReadOptions.All;

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
    public static async Task<Model.ClusterSnapshot> ReadLiveAsync(CliContext ctx, ClusterConnection connection, ReadOptions options, CancellationToken cancellationToken = default)
    {
        ctx.Activity = "reading the live cluster";
        var (read, notServed) = await ClusterSource.ReadWithNoticesAsync(connection, options, cancellationToken).ConfigureAwait(false);
        ctx.Activity = "analysing";
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
    /// The live source of the input assembly step with --cluster (null without it): opens a connection, reads the
    /// cluster with every kind Palisade reads, and closes the connection.
    /// </summary>
    public Func<CancellationToken, Task<Model.ClusterSnapshot>>? LiveSource(CliContext ctx, ParseResult result) =>
        IsLive(result)
            ? async cancellationToken =>
            {
                using var connection = Connect(ctx, result);
                return await ReadLiveAsync(ctx, connection, ReadOptionsOf(result), cancellationToken).ConfigureAwait(false);
            }
            : null;
}
