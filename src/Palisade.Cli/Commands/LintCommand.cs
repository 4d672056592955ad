using System.CommandLine;
using Palisade.Diagnostics;
using Palisade.Linting;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade lint PATH... [--output text|json|sarif] [--fail-on error|warning|never] [--config FILE]</c>:
/// the mistakes people make in NetworkPolicies, with fixes.
/// </summary>
public static class LintCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var paths = CommonOptions.Paths();
        paths.Arity = System.CommandLine.ArgumentArity.ZeroOrMore;
        var live = new ClusterInputOptions();
        var output = CommonOptions.Output("text", "json", "sarif");
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
        var verbose = CommonOptions.Verbose();
        var cmd = new Command("lint", "Find likely mistakes in NetworkPolicies, with fixes (codes PAL2xx, see docs/diagnostics.md)")
        {
            paths, output, failOn, config, ns, verbose,
        };
        live.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var inputs = r.GetValue(paths) ?? [];
            var lintConfig = LoadConfig(ctx, inputs, r.GetValue(config));
            var cluster = live.Load(ctx, r, inputs, r.GetValue(ns)!, r.GetValue(verbose));
            var result = Linter.Lint(cluster, config: lintConfig);
            LintReport.Write(result, CommonOptions.Format(r.GetValue(output)!), ctx.Out);
            return r.GetValue(failOn) switch
            {
                "never" => ExitCodes.Ok,
                "warning" => result.Reaches(Severity.Warning) ? ExitCodes.Findings : ExitCodes.Ok,
                _ => result.Reaches(Severity.Error) ? ExitCodes.Findings : ExitCodes.Ok,
            };
        });
        return cmd;
    }

    /// <summary>
    /// The configuration: the --config file, else every <see cref="LintConfigReader.DefaultFileName"/> found in the
    /// input folders (a file's folder for a file input), merged. Errors in it are bad input (exit 2).
    /// </summary>
    public static LintConfig LoadConfig(CliContext ctx, IReadOnlyList<string> inputs, string? explicitPath)
    {
        var files = new List<string>();
        if (explicitPath is not null)
        {
            var full = ctx.Resolve(explicitPath);
            if (!File.Exists(full))
            {
                throw new UserInputException([Diagnostic.Error("PAL100", new SourceLocation(explicitPath, 0, 0), $"the lint configuration '{explicitPath}' does not exist", "check the --config path")]);
            }

            files.Add(full);
            ctx.NoteInput(full);
        }
        else
        {
            foreach (var input in inputs.Where(p => p != "-"))
            {
                var full = ctx.Resolve(input);
                var folder = Directory.Exists(full) ? full : Path.GetDirectoryName(full);
                var candidate = folder is null ? null : Path.Combine(folder, LintConfigReader.DefaultFileName);
                if (candidate is not null && File.Exists(candidate) && !files.Contains(candidate))
                {
                    files.Add(candidate);
                    ctx.NoteInput(candidate);
                }
            }
        }

        var disabled = new List<string>();
        var ignores = new List<LintIgnore>();
        var diagnostics = new List<Diagnostic>();
        foreach (var file in files)
        {
            var display = Path.GetRelativePath(ctx.WorkingDirectory, file).Replace('\\', '/');
            if (InputFile.Read(file, display, ctx.MaxFileSize, diagnostics) is not { } text)
            {
                continue;
            }

            var parsed = LintConfigReader.Parse(text, display);
            diagnostics.AddRange(parsed.Diagnostics);
            disabled.AddRange(parsed.Value.Disabled);
            ignores.AddRange(parsed.Value.Ignores);
        }

        if (diagnostics.Any(d => d.Severity == Severity.Error))
        {
            throw new UserInputException(diagnostics);
        }

        return new LintConfig(disabled.Distinct(StringComparer.Ordinal).ToEquatableArray(), ignores.ToEquatableArray());
    }
}
