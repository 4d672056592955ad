using System.CommandLine;
using System.Globalization;
using Palisade.Diagnostics;
using Palisade.Generation;
using Palisade.Manifests.Wire;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade generate --tier S|M|L|XL|SHAPE [--seed N] [-o FILE]</c>: writes a seeded synthetic cluster as one
/// <c>v1 List</c> in JSON (as <c>kubectl get -o json</c> writes it), or as YAML documents when FILE ends in .yaml/.yml.
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
        var file = new Option<string?>("--output-file", "-o") { Description = "File to write (atomically); .yaml or .yml writes YAML. Default: JSON on standard output" };
        var cmd = new Command("generate", "Write a seeded synthetic cluster (namespaces, workloads, pods, policies) for benchmarks and tests")
        {
            tier, seed, file,
        };
        cmd.SetAction(r =>
        {
            var name = r.GetValue(tier)!;
            if (!Tiers.TryParse(name, out var t))
            {
                throw new UserInputException(DiagnosticCatalog.CommandLine, $"--tier {name}: unknown tier", $"use one of {string.Join(", ", Tiers.Names)}");
            }

            var cluster = SyntheticCluster.Generate(t, r.GetValue(seed));
            var path = r.GetValue(file);
            if (path is null)
            {
                WireJson.WriteList(KubernetesObjects.Of(cluster), ctx.Out);
                ctx.Out.WriteLine();
                return ExitCodes.Ok;
            }

            var yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
            AtomicFile.Write(ctx, path, w =>
            {
                if (yaml)
                {
                    WireYaml.Write(KubernetesObjects.Of(cluster), w);
                }
                else
                {
                    WireJson.WriteList(KubernetesObjects.Of(cluster), w);
                    w.WriteLine();
                }
            });
            ctx.Err.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {Palisade.Reports.Escaping.TerminalText.Escape(path)}: {cluster.Namespaces.Count} namespaces, {cluster.Workloads.Count} workloads, {cluster.Pods.Count} pods, {cluster.Policies.Count} policies"));
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
