using System.CommandLine;
using Palisade.Manifests.Documents;
using Palisade.Rendering;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade render PROFILE [--output-file FILE|DIR]</c>: kubectl-appliable YAML from an isolation profile.</summary>
public static class RenderCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var profile = new Argument<string>("profile") { Description = "The isolation profile (YAML, kind: IsolationProfile)" };
        var output = new OutputOptions(["yaml"], legacyDashO: true, "--out");
        output.File.Description = "Write to this file, or to PROFILE-NAME.yaml in this folder (atomically), instead of standard output";
        var cmd = new Command("render", "Render an isolation profile into NetworkPolicies (and namespace labels in custom-label mode)") { profile };
        output.AddTo(cmd);
        cmd.SetAction(r =>
        {
            var (_, file) = output.Resolve(ctx, r);
            var rendered = ProfileRendering.Load(ctx, r.GetValue(profile)!);
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
            ctx.Err.WriteLine($"wrote {Palisade.Reports.Escaping.TerminalText.Escape(Path.GetRelativePath(ctx.WorkingDirectory, path))}: {rendered.Policies.Count} NetworkPolicy, {rendered.NamespaceLabels.Count} namespace label(s)");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}

/// <summary>Reads and renders a profile for a command, turning its diagnostics into a user-input error.</summary>
public static class ProfileRendering
{
    /// <summary>Reads the profile at a user path and renders it.</summary>
    public static RenderedIsolation Load(CliContext ctx, string path)
    {
        var full = ctx.Resolve(path);
        ctx.NoteInput(full);
        var result = ProfileReader.Read(full, Display(ctx, full), maxFileSize: ctx.MaxFileSize);
        if (result.Value is null)
        {
            throw new UserInputException(result.Diagnostics);
        }

        DiagnosticPrinter.Print(ctx.Err, result.Diagnostics);
        return ProfileRenderer.Render(result.Value);
    }

    /// <summary>A path as diagnostics show it: relative to the working directory when under it.</summary>
    public static string Display(CliContext ctx, string full)
    {
        var rel = Path.GetRelativePath(ctx.WorkingDirectory, full);
        return rel.StartsWith("..", StringComparison.Ordinal) ? full : rel;
    }
}
