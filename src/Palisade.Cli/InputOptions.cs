using System.CommandLine;
using Palisade.Manifests.Inputs;

namespace Palisade.Cli;

/// <summary>
/// The opening every command that reads manifests or the live cluster shares: the paths argument, <c>-f</c>,
/// <c>-n</c>, the live options (<see cref="ClusterInputOptions"/>) and the output options, added in one order, and the
/// input request they make, which the command extends with what else it reads before <see cref="LoadAsync"/>.
/// </summary>
internal sealed class InputOptions
{
    /// <summary>How commands that also read the live cluster describe their paths.</summary>
    public const string PathsOrCluster = "Manifest files or folders (recursive), or - for standard input; omit with --cluster";

    /// <summary>Options whose paths argument (empty with --cluster) has <paramref name="pathsDescription"/>, or the usual one.</summary>
    public InputOptions(string? pathsDescription = null)
    {
        Paths = pathsDescription is null ? CommonOptions.Paths() : CommonOptions.Paths(pathsDescription);
        Paths.Arity = ArgumentArity.ZeroOrMore;
    }

    /// <summary>The positional input paths.</summary>
    public Argument<string[]> Paths { get; }

    /// <summary>-f/--filename.</summary>
    public Option<string[]> Filename { get; } = CommonOptions.Filename();

    /// <summary>-n/--namespace.</summary>
    public Option<string> Namespace { get; } = CommonOptions.Namespace();

    /// <summary>--cluster and the connection options.</summary>
    public ClusterInputOptions Live { get; } = new();

    /// <summary>
    /// The command: the paths, -f, the command's <paramref name="options"/>, -n, <paramref name="afterNamespace"/>,
    /// then the output and live options.
    /// </summary>
    public Command CreateCommand(string name, string description, OutputOptions output, Symbol[] options, params Symbol[] afterNamespace) =>
        CommonOptions.CreateCommand(name, description, output, Live, [Paths, Filename, .. options, Namespace, .. afterNamespace]);

    /// <summary>The namespace for objects that name none.</summary>
    public string DefaultNamespace(ParseResult result) => result.GetValue(Namespace)!;

    /// <summary>The request for the manifests (or the live cluster) alone; a command adds what else it reads with <c>with</c>.</summary>
    public InputRequest Request(CliContext ctx, ParseResult result) => new()
    {
        Paths = CommonOptions.Inputs(result, Paths, Filename),
        Live = Live.LiveSource(ctx, result),
        Load = new(DefaultNamespace(result)),
    };

    /// <summary>Loads <paramref name="request"/> through <see cref="CliInputs"/> (every diagnostic of every input, exit 2).</summary>
    public static Task<AssembledInput> LoadAsync(CliContext ctx, ParseResult result, InputRequest request, CancellationToken cancellationToken) =>
        CliInputs.LoadAsync(ctx, request, CommonOptions.IsVerbose(result), cancellationToken);
}
