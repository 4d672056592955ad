using System.CommandLine;
using Palisade.Diagnostics;
using Palisade.Linting;
using Palisade.Manifests;
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
        var input = new InputOptions();
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
        var cmd = input.CreateCommand("lint", "Find likely mistakes in NetworkPolicies, with fixes (codes PAL2xx, see docs/diagnostics.md)", output, [failOn, config]);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (format, file) = output.Resolve(ctx, r);
            var loaded = await InputOptions.LoadAsync(ctx, r, input.Request(ctx, r) with
            {
                ReadLintConfig = true,
                LintConfigPath = r.GetValue(config),
            }, cancellationToken).ConfigureAwait(false);
            var result = Linter.Lint(loaded.Snapshot, config: loaded.LintConfig);
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
