using System.CommandLine;
using Palisade.Diffing;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade diff OLD NEW</c>: what a change opens or closes, compared semantically (docs/diff-and-report.md).
/// Each side is manifests (files or a folder; a folder holding manifests/ means that subfolder) or an isolation
/// profile, which stands for the other side's cluster plus the profile's rendered policies. With <c>--cluster NEW</c>
/// the OLD side is the live cluster and NEW is the change applied over it (manifests as kubectl apply would apply
/// them, or a profile's rendered policies).
/// </summary>
internal static class DiffCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var oldPath = new Argument<string>("old") { Description = "The snapshot before the change: a manifest file or folder, or an isolation profile" };
        var newPath = new Argument<string?>("new") { Description = "The snapshot after the change: a manifest file or folder, or an isolation profile (= OLD plus its rendered policies)", Arity = ArgumentArity.ZeroOrOne };
        var live = new ClusterInputOptions();
        var ports = new Option<string[]>("--port", "-p")
        {
            Description = "Extra port to compare on its own, as N or N/PROTO; repeatable (every port the policies or containers name is compared anyway)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var deleted = new Option<string[]>("--delete-policy")
        {
            Description = "A NetworkPolicy (NAMESPACE/NAME) the change deletes: left out of the NEW side; repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when: new-exposure (the change opens any connection, or may: an undetermined verdict counts), any-change, or never",
            DefaultValueFactory = _ => "never",
        };
        failOn.AcceptOnlyFromAmong("never", "new-exposure", "any-change");
        var output = new OutputOptions(["text", "json", "md"], legacyDashO: false, "--report");
        var ns = CommonOptions.Namespace();
        var outsideCidrs = CommonOptions.PodsWithoutIpOutsideCidrs();
        var cmd = CommonOptions.CreateCommand("diff", "What a change opens or closes: the connections two snapshots allow differently, with the policies responsible",
            output, live, [oldPath, newPath, ports, deleted, failOn, ns, outsideCidrs]);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var extras = InputFiles.ParsePorts(r.GetValue(ports) ?? []);
            var (oldName, newName) = Sides(r.GetValue(oldPath)!, r.GetValue(newPath), live.IsLive(r));
            var input = live.LiveSource(ctx, r) is { } liveSource
                ? await CliInputs.LoadLiveComparisonAsync(ctx, liveSource, newName, r.GetValue(deleted) ?? [], r.GetValue(ns)!, CommonOptions.IsVerbose(r), cancellationToken).ConfigureAwait(false)
                : CliInputs.LoadComparison(ctx, oldName, newName, r.GetValue(deleted) ?? [], r.GetValue(ns)!, CommonOptions.IsVerbose(r));
            var diff = ConnectivityDiff.Compute(input.Before, input.After, extras, CommonOptions.Engine(r.GetValue(outsideCidrs)));
            var (formatName, outputFile) = output.Resolve(ctx, r);
            var format = CommonOptions.Format(formatName);
            if (outputFile is { } file)
            {
                AtomicFile.Write(ctx, file, w => DiffReport.Write(diff, format, w, oldName, newName));
                ctx.Err.WriteLine($"{DiffReport.Headline(diff)}; report written to {file}");
            }
            else
            {
                DiffReport.Write(diff, format, ctx.Out, oldName, newName);
            }

            return r.GetValue(failOn) switch
            {
                "new-exposure" when diff.MayExpose.Any() => ExitCodes.Findings,
                "any-change" when !diff.IsEmpty => ExitCodes.Findings,
                _ => ExitCodes.Ok,
            };
        });
        return cmd;
    }

    /// <summary>The names of the two sides: OLD and NEW, or with --cluster the live cluster and the one path (NEW).</summary>
    private static (string Old, string New) Sides(string first, string? second, bool isLive) => (isLive, second) switch
    {
        (true, null) => (LiveName, first),
        (false, { } s) => (first, s),
        (true, _) => throw new UserInputException(Palisade.Diagnostics.DiagnosticCatalog.InputChoice, "diff --cluster takes one path, the change (NEW); the live cluster is OLD", "for example: palisade diff --cluster new-policies.yaml"),
        (false, null) => throw new UserInputException(Palisade.Diagnostics.DiagnosticCatalog.InputChoice, "diff needs two sides: OLD and NEW, or --cluster and NEW", "for example: palisade diff manifests/ profile.yaml, or palisade diff --cluster new-policies.yaml"),
    };

    /// <summary>How the live side is named in the report.</summary>
    private const string LiveName = "cluster";
}
