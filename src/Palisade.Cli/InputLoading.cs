using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cli;

/// <summary>Loads manifests for a command: prints diagnostics and throws <see cref="UserInputException"/> on errors.</summary>
public static class InputLoading
{
    /// <summary>Loads the given paths into a snapshot.</summary>
    public static ClusterSnapshot Load(CliContext ctx, IReadOnlyList<string> paths, string defaultNamespace, bool verbose)
    {
        ctx.Activity = "loading manifests";
        string[] full = [.. paths.Select(ctx.Resolve)];
        foreach (var f in full)
        {
            ctx.NoteInput(f);
        }

        var result = ManifestLoader.Load(
            full,
            new LoadOptions(defaultNamespace) { Stdin = ctx.In, BaseDirectory = ctx.WorkingDirectory, MaxFileSize = ctx.MaxFileSize, Strict = ctx.Strict });
        if (result.HasErrors)
        {
            throw new UserInputException(result.Diagnostics);
        }

        DiagnosticPrinter.Print(ctx.Err, result.Diagnostics);
        if (verbose)
        {
            // Kinds that change connectivity were already warned about.
            foreach (var s in result.Skipped.Where(s => !s.ChangesConnectivity))
            {
                ctx.Err.WriteLine($"{Palisade.Reports.Escaping.TerminalText.Escape($"{s.Location}: note: skipped {s.Kind} {s.Name}")} (not a kind Palisade reads)");
            }
        }

        ctx.Activity = "analysing";
        return result.Snapshot;
    }
}
