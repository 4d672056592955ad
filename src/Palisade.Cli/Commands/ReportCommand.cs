using System.CommandLine;
using Palisade.Expectations;
using Palisade.Linting;
using Palisade.Manifests.Inputs;
using Palisade.Proving;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade report PATH... [-o html|dot|svg] [--output-file report.html]</c>: one self-contained HTML file with the
/// connectivity graph, the expectations' results and the lint findings (docs/diff-and-report.md).
/// </summary>
internal static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var paths = CommonOptions.Paths("Manifests (files or folders), or one folder laid out like examples/home-lab (manifests/, expectations.yaml, profile.yaml)");
        paths.Arity = ArgumentArity.ZeroOrMore;
        var expect = new Option<string?>("--expect", "-e") { Description = "An expectations file to check and show (default: DIR/expectations.yaml)" };
        var profile = new Option<string?>("--profile") { Description = "An isolation profile: its rendered policies are added, its proxy routes followed (default: DIR/profile.yaml)" };
        var noProfile = new Option<bool>("--no-profile") { Description = "Do not add the profile's policies (its proxy routes are still followed)" };
        var ports = new Option<string[]>("--port", "-p")
        {
            Description = "Port to probe for every pair, as N or N/PROTO; repeatable. Declared container ports are always probed.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new OutputOptions(["html", "dot", "svg"], legacyDashO: true, "--out");
        output.Format.Description = "Output format: html, dot (Graphviz), svg (needs Graphviz's dot)";
        var filename = CommonOptions.Filename();
        var live = new ClusterInputOptions();
        var ns = CommonOptions.Namespace();
        var cmd = new Command("report", "A visual report: who talks to whom (graph with explanations), expectations and lint findings")
        {
            paths, filename, expect, profile, noProfile, ports, ns,
        };
        output.AddTo(cmd);
        live.AddTo(cmd);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (format, target) = output.Resolve(ctx, r);
            var inputs = CommonOptions.Inputs(r, paths, filename);
            var requested = InputFiles.ParsePorts(r.GetValue(ports) ?? []);
            var input = await CliInputs.LoadAsync(ctx, new InputRequest
            {
                Paths = inputs,
                FolderLayout = true,
                Expectations = r.GetValue(expect),
                ExpectationsNeed = InputNeed.Optional,
                Profile = r.GetValue(profile),
                ApplyProfile = !r.GetValue(noProfile),
                ReadLintConfig = true,
                Live = live.LiveSource(ctx, r),
                Load = new(r.GetValue(ns)!),
            }, CommonOptions.IsVerbose(r), cancellationToken).ConfigureAwait(false);
            var cluster = input.Snapshot;
            CheckReport? check = null;
            if (input.Expectations is { } set)
            {
                var proof = await ExpectationProof.ProveAsync(cluster, set, input.Rendered?.Profile.Proxy, r.GetValue(ns)!, new EngineProver(), lint: false, lintConfig: null, cancellationToken)
                    .ConfigureAwait(false);
                check = proof.Value ?? throw new UserInputException(proof.Diagnostics);
            }

            var title = live.IsLive(r) ? "the live cluster" : string.Join(" ", inputs);
            var graph = ConnectivityGraph.Build(cluster, requested);

            // The same findings `palisade lint` gives for these inputs (its default configuration files apply).
            var lint = new LintSection(Linter.Lint(cluster, config: input.LintConfig).Diagnostics, null);
            var content = new ReportContent(title, graph, check, lint);

            Action<TextWriter> write = format switch
            {
                "dot" => w => DotWriter.Write(graph, w, title),
                "svg" => await SvgWriterAsync(graph, title, cancellationToken).ConfigureAwait(false),
                _ => w => HtmlReport.Write(content, w),
            };
            if (target is null)
            {
                write(ctx.Out);
            }
            else
            {
                AtomicFile.Write(ctx, target, write);
                ctx.Err.WriteLine($"wrote {Palisade.Reports.Escaping.TerminalText.Escape(target)}: {graph.Nodes.Count} node(s), {graph.Edges.Count} connection(s)"
                    + (check is null ? string.Empty : $"; expectations {check.PassedCount} passed, {check.FailedCount} failed"));
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Renders SVG before anything is written, so that a missing Graphviz leaves no file behind.</summary>
    private static async Task<Action<TextWriter>> SvgWriterAsync(ConnectivityGraph graph, string title, CancellationToken cancellationToken)
    {
        var dot = new StringWriter();
        DotWriter.Write(graph, dot, title);
        var svg = await Graphviz.RenderSvgAsync(dot.ToString(), Environment.GetEnvironmentVariable("PATH"), cancellationToken).ConfigureAwait(false);
        return w => w.Write(svg);
    }
}
