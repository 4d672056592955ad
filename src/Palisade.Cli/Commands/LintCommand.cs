using System.CommandLine;
using Palisade.Diagnostics;
using Palisade.Linting;
using Palisade.Manifests;
using Palisade.Manifests.Inputs;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade lint PATH... [--output text|json|sarif] [--fail-on error|warning|never] [--config FILE]</c>:
/// the mistakes people make in NetworkPolicies, with fixes.
/// </summary>
internal static class LintCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var paths = CommonOptions.Paths();
        paths.Arity = System.CommandLine.ArgumentArity.ZeroOrMore;
        var live = new ClusterInputOptions();
        var filename = CommonOptions.Filename();
        var output = new OutputOptions(["text", "json", "sarif"]);
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when a finding is at least this severe: error, warning or never",
            DefaultValueFactory = _ => "error",
        };
        failOn.AcceptOnlyFromAmong("error", "warning", "never");
        var config = new Option<string?>("--config")
        {
            Description = $"Lint configuration file (default: {LintConfigReader.DefaultFileName} in each input folder)",
        };
        var ns = CommonOptions.Namespace();
        var cmd = new Command("lint", "Find likely mistakes in NetworkPolicies, with fixes (codes PAL2xx, see docs/diagnostics.md)")
        {
            paths, filename, failOn, config, ns,
        };
        output.AddTo(cmd);
        live.AddTo(cmd);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (format, file) = output.Resolve(ctx, r);
            var input = await CliInputs.LoadAsync(ctx, new InputRequest
            {
                Paths = CommonOptions.Inputs(r, paths, filename),
                ReadLintConfig = true,
                LintConfigPath = r.GetValue(config),
                Live = live.LiveSource(ctx, r),
                Load = new(r.GetValue(ns)!),
            }, CommonOptions.IsVerbose(r), cancellationToken).ConfigureAwait(false);
            var result = Linter.Lint(input.Snapshot, config: input.LintConfig);
            OutputOptions.Write(ctx, file, w => LintReport.Write(result, CommonOptions.Format(format), w), "lint findings");
            return r.GetValue(failOn) switch
            {
                "never" => ExitCodes.Ok,
                "warning" => result.Reaches(Severity.Warning) ? ExitCodes.Findings : ExitCodes.Ok,
                _ => result.Reaches(Severity.Error) ? ExitCodes.Findings : ExitCodes.Ok,
            };
        });
        return cmd;
    }
}
