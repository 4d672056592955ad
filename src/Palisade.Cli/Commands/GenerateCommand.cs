using System.CommandLine;
using System.Globalization;
using Palisade.Diagnostics;
using Palisade.Generation;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade generate --tier S|M|L|XL|SHAPE [--seed N] [-o json|yaml] [--output-file FILE]</c>: writes a seeded
/// synthetic cluster as one <c>v1 List</c> in JSON (as <c>kubectl get -o json</c> writes it), or as YAML documents with
/// <c>-o yaml</c> (or, without -o, when FILE ends in .yaml/.yml).
/// </summary>
internal static class GenerateCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var tier = new Option<string>("--tier", "-t")
        {
            Description = $"Size or adversarial shape: {string.Join(", ", Tiers.Names)}",
            Required = true,
        };
        var seed = new Option<int>("--seed", "-s") { Description = "Seed; the same tier and seed always give the same output", DefaultValueFactory = _ => 1 };
        var output = new OutputOptions(["json", "yaml"], legacyDashO: true);
        output.Format.Description = "Output format: json (one v1 List) or yaml (documents); default json, or yaml when --output-file ends in .yaml or .yml";
        var cmd = new Command("generate", "Write a seeded synthetic cluster (namespaces, workloads, pods, policies) for benchmarks and tests")
        {
            tier, seed,
        };
        output.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var (format, path) = output.Resolve(ctx, r);
            var name = r.GetValue(tier)!;
            if (!Tiers.TryParse(name, out var t))
            {
                throw new UserInputException(DiagnosticCatalog.CommandLine, $"--tier {name}: unknown tier", $"use one of {string.Join(", ", Tiers.Names)}");
            }

            var cluster = SyntheticCluster.Generate(t, r.GetValue(seed));
            // -o names the format; without it (or with an old -o FILE) the file's extension does, as before.
            var formatNamed = output.FormatGiven(r) && r.GetValue(output.Format) is "json" or "yaml";
            var yaml = formatNamed
                ? format == "yaml"
                : path is not null && (path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase));
            Action<TextWriter> write = w =>
            {
                if (yaml)
                {
                    ManifestJson.WriteYaml(cluster, w);
                }
                else
                {
                    ManifestJson.Write(cluster, w);
                    w.WriteLine();
                }
            };
            if (path is null)
            {
                write(ctx.Out);
                return ExitCodes.Ok;
            }

            AtomicFile.Write(ctx, path, write);
            ctx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {Palisade.Reports.Escaping.TerminalText.Escape(path)}: {cluster.Namespaces.Count} namespaces, {cluster.Workloads.Count} workloads, {cluster.Pods.Count} pods, {cluster.Policies.Count} policies"));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
