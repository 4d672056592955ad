using Palisade.Manifests;
using Palisade.Manifests.Inputs;
using Palisade.Reports.Escaping;

namespace Palisade.Cli;

/// <summary>
/// The CLI's side of the input assembly step: fills in what the context knows (standard input, working directory,
/// --max-file-size, --strict), calls <see cref="InputAssembly"/>, notes every file read (no output may replace it),
/// and either throws every diagnostic at once (exit 2) or prints the warnings and notes and returns the inputs.
/// </summary>
internal static class CliInputs
{
    /// <summary>Reads every input of a command.</summary>
    public static async Task<AssembledInput> LoadAsync(CliContext ctx, InputRequest request, bool verbose, CancellationToken cancellationToken)
    {
        ctx.Activity = "loading inputs";
        var input = await InputAssembly.LoadAsync(request with { Load = Options(ctx, request.Load.DefaultNamespace) }, cancellationToken).ConfigureAwait(false);
        ctx.Activity = "analysing";
        Note(ctx, input.FilesRead);
        if (input.HasErrors)
        {
            throw new UserInputException(input.Diagnostics);
        }

        DiagnosticPrinter.Print(ctx.Err, input.Diagnostics);
        Skipped(ctx, input.Skipped, verbose);
        if (input.LeftOut.Count > 0)
        {
            ctx.Err.WriteLine($"leaving out {string.Join(", ", input.LeftOut)}");
        }

        foreach (var replaced in input.Replaced)
        {
            ctx.Err.WriteLine($"note: the profile's rendered policy replaces the input's {replaced} (same name, as kubectl apply would)");
        }

        return input;
    }

    /// <summary>Reads both sides of a comparison (<c>diff</c>).</summary>
    public static ComparedInput LoadComparison(CliContext ctx, string oldPath, string newPath, IReadOnlyList<string> deleted, string defaultNamespace, bool verbose)
    {
        ctx.Activity = "loading inputs";
        var input = InputAssembly.LoadComparison(oldPath, newPath, deleted, Options(ctx, defaultNamespace));
        return Report(ctx, input, verbose);
    }

    private static ComparedInput Report(CliContext ctx, ComparedInput input, bool verbose)
    {
        Note(ctx, input.FilesRead);
        if (input.HasErrors)
        {
            throw new UserInputException(input.Diagnostics);
        }

        DiagnosticPrinter.Print(ctx.Err, input.Diagnostics);
        Skipped(ctx, input.Skipped, verbose);
        return input;
    }

    /// <summary>Reads a comparison of the live cluster (OLD) with a change applied over it (<c>diff --cluster NEW</c>).</summary>
    public static async Task<ComparedInput> LoadLiveComparisonAsync(CliContext ctx, Func<CancellationToken, Task<Model.ClusterSnapshot>> live, string newPath,
        IReadOnlyList<string> deleted, string defaultNamespace, bool verbose, CancellationToken cancellationToken)
    {
        ctx.Activity = "loading inputs";
        var input = await InputAssembly.LoadLiveComparisonAsync(live, newPath, deleted, Options(ctx, defaultNamespace), cancellationToken).ConfigureAwait(false);
        return Report(ctx, input, verbose);
    }

    /// <summary>A path as diagnostics show it: relative to the working directory when under it.</summary>
    public static string Display(CliContext ctx, string full)
    {
        var rel = Path.GetRelativePath(ctx.WorkingDirectory, full);
        return rel.StartsWith("..", StringComparison.Ordinal) ? full : rel;
    }

    private static LoadOptions Options(CliContext ctx, string defaultNamespace) =>
        new(defaultNamespace) { Stdin = ctx.In, BaseDirectory = ctx.WorkingDirectory, MaxFileSize = ctx.MaxFileSize, Strict = ctx.Strict };

    private static void Note(CliContext ctx, IReadOnlyList<string> files)
    {
        foreach (var file in files)
        {
            ctx.NoteInput(file);
        }
    }

    private static void Skipped(CliContext ctx, IReadOnlyList<SkippedObject> skipped, bool verbose)
    {
        if (!verbose)
        {
            return;
        }

        // Kinds that change connectivity were already warned about.
        foreach (var s in skipped.Where(s => !s.ChangesConnectivity))
        {
            ctx.Err.WriteLine($"{TerminalText.Escape($"{s.Location}: note: skipped {s.Kind} {s.Name}")} (not a kind Palisade reads)");
        }
    }
}
