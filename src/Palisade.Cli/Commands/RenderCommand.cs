using System.CommandLine;
using Palisade.Manifests.Documents;
using Palisade.Manifests.Inputs;
using Palisade.Rendering;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade render PROFILE [--output-file FILE|DIR]</c>: kubectl-appliable YAML from an isolation profile.</summary>
internal static class RenderCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var profile = new Argument<string>("profile") { Description = "The isolation profile (YAML, kind: IsolationProfile)" };
        var output = new OutputOptions(["yaml"], legacyDashO: true, "--out");
        output.File.Description = "Write to this file, or to PROFILE-NAME.yaml in this folder (atomically), instead of standard output";
        var cmd = new Command("render", "Render an isolation profile into NetworkPolicies (namespace labels in custom-label mode; guardrails in the admin or baseline tier with spec.tier)") { profile };
        output.AddTo(cmd);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (_, file) = output.Resolve(ctx, r);
            var input = await CliInputs.LoadAsync(ctx, new InputRequest { Profile = r.GetValue(profile)!, ReadsManifests = false }, verbose: false, cancellationToken)
                .ConfigureAwait(false);
            var rendered = input.Rendered!;
            var yaml = PolicyYamlWriter.Write(rendered, Path.GetFileName(r.GetValue(profile)!));
            if (file is not { } target)
            {
                ctx.Out.Write(yaml);
                return ExitCodes.Ok;
            }

            var path = ctx.Resolve(target);
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, rendered.Profile.Name + ".yaml");
            }

            AtomicFile.Write(ctx, path, w => w.Write(yaml));
            ctx.Err.WriteLine($"wrote {Palisade.Reports.Escaping.TerminalText.Escape(Path.GetRelativePath(ctx.WorkingDirectory, path))}: {rendered.Policies.Count} NetworkPolicy, {rendered.NamespaceLabels.Count} namespace label(s){(rendered.AdminPolicies.IsEmpty ? string.Empty : $", {string.Join(", ", rendered.AdminPolicies.Select(a => a.Kind.ToString()))}")}");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
