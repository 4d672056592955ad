using System.CommandLine;
using Palisade.Diffing;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade diff OLD NEW</c>: what a change opens or closes, compared semantically (docs/diff-and-report.md).
/// Each side is manifests (files or a folder; a folder holding manifests/ means that subfolder) or an isolation
/// profile, which stands for the other side's cluster plus the profile's rendered policies.
/// </summary>
internal static class DiffCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var oldPath = new Argument<string>("old") { Description = "The snapshot before the change: a manifest file or folder, or an isolation profile" };
        var newPath = new Argument<string>("new") { Description = "The snapshot after the change: a manifest file or folder, or an isolation profile (= OLD plus its rendered policies)" };
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
        var output = CommonOptions.Output("text", "json", "md");
        var report = new Option<string?>("--report") { Description = "Write the report to this file (atomically) instead of standard output" };
        var ns = CommonOptions.Namespace();
        var verbose = CommonOptions.Verbose();
        var outsideCidrs = CommonOptions.PodsWithoutIpOutsideCidrs();
        var cmd = new Command("diff", "What a change opens or closes: the connections two snapshots allow differently, with the policies responsible")
        {
            oldPath, newPath, ports, deleted, failOn, output, report, ns, verbose, outsideCidrs,
        };
        cmd.SetAction(r =>
        {
            var extras = InputFiles.ParsePorts(r.GetValue(ports) ?? []);
            var input = CliInputs.LoadComparison(ctx, r.GetValue(oldPath)!, r.GetValue(newPath)!, r.GetValue(deleted) ?? [], r.GetValue(ns)!, r.GetValue(verbose));
            var diff = ConnectivityDiff.Compute(input.Before, input.After, extras, CommonOptions.Engine(r.GetValue(outsideCidrs)));
            var format = CommonOptions.Format(r.GetValue(output)!);
            var (oldName, newName) = (r.GetValue(oldPath)!, r.GetValue(newPath)!);
            if (r.GetValue(report) is { } file)
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
}
