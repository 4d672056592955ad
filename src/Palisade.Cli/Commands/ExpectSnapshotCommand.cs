using System.CommandLine;
using System.Globalization;
using Palisade.Diagnostics;
using Palisade.Expectations;
using Palisade.Manifests.Documents;
using Palisade.Manifests.Inputs;
using Palisade.Reports.Escaping;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade expect snapshot PATH... [-o yaml|json] [--output-file FILE]</c>: today's connectivity as an expectations
/// file that <c>check</c> proves green and that fails on any change (docs/file-formats.md, "Snapshots").
/// </summary>
internal static class ExpectSnapshotCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var paths = CommonOptions.Paths("Manifest files or folders (recursive), or - for standard input; omit with --cluster");
        paths.Arity = ArgumentArity.ZeroOrMore;
        var filename = CommonOptions.Filename();
        var live = new ClusterInputOptions();
        var ns = CommonOptions.Namespace();
        var output = new OutputOptions(["yaml", "json"]);
        var cmd = new Command("snapshot", "Write today's connectivity as an expectations file: check then fails on any change")
        {
            paths, filename, ns,
        };
        output.AddTo(cmd);
        live.AddTo(cmd);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (format, file) = output.Resolve(ctx, r);
            var cluster = (await CliInputs.LoadAsync(ctx, new InputRequest { Paths = CommonOptions.Inputs(r, paths, filename), Live = live.LiveSource(ctx, r), Load = new(r.GetValue(ns)!) },
                CommonOptions.IsVerbose(r), cancellationToken).ConfigureAwait(false)).Snapshot;
            var baseline = ConnectivityBaseline.Take(cluster);
            if (baseline.TooLarge)
            {
                throw new UserInputException(DiagnosticCatalog.SnapshotTooLarge, baseline.LeftOut[^1], DiagnosticCatalog.SnapshotTooLarge.Help);
            }

            if (baseline.Expectations.Criteria.Count == 0)
            {
                // An expectations file needs criteria (PAL330 in check): say so now instead of writing one check refuses.
                throw new UserInputException(DiagnosticCatalog.NoCriteria, "nothing to freeze: the input has no pod to take connections from, so the snapshot would have no criteria",
                    "snapshot a cluster or manifests with pods or workloads (Deployments, StatefulSets, ...); nothing was written");
            }

            var comments = new List<string>
            {
                "Today's connectivity, written by palisade expect snapshot: palisade check fails on any change.",
                string.Create(CultureInfo.InvariantCulture, $"{baseline.Count} expectation(s) over {baseline.Expectations.Criteria.Count} source(s); connections from outside the cluster are not pinned."),
            };
            comments.AddRange(baseline.LeftOut.Select(l => "left out: " + l));
            foreach (var line in baseline.LeftOut)
            {
                ctx.Err.WriteLine($"warning {DiagnosticCatalog.SnapshotLeavesOut.Code}: left out: {TerminalText.Escape(line)}");
            }

            OutputOptions.Write(ctx, file, w =>
            {
                if (format == "json")
                {
                    ExpectationsWriter.WriteJson(baseline.Expectations, w);
                }
                else
                {
                    ExpectationsWriter.WriteYaml(baseline.Expectations, comments, w);
                }
            }, string.Create(CultureInfo.InvariantCulture, $"snapshot ({baseline.Count} expectations)"));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
