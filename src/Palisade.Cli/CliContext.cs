namespace Palisade.Cli;

/// <summary>What a command may touch: injected streams and the working directory (tests pass their own).</summary>
public sealed class CliContext(TextReader input, TextWriter output, TextWriter error, string workingDirectory)
{
    /// <summary>Standard input (for "-" paths).</summary>
    public TextReader In { get; } = input;

    /// <summary>Standard output: reports.</summary>
    public TextWriter Out { get; } = output;

    /// <summary>Standard error: diagnostics and progress.</summary>
    public TextWriter Err { get; } = error;

    /// <summary>The directory relative paths are resolved against and diagnostics are made relative to.</summary>
    public string WorkingDirectory { get; } = workingDirectory;

    /// <summary>
    /// Out and Err are this process's own standard streams (set by Program.cs, never by tests): a child process may
    /// then inherit them, and progress may redraw a terminal line.
    /// </summary>
    public bool IsConsole { get; init; }

    /// <summary>What the command is doing, for the progress line on a terminal ("loading inputs"); null when unknown.</summary>
    public string? Activity { get; set; }

    /// <summary>The largest input file read, in bytes (<c>--max-file-size</c>).</summary>
    public long MaxFileSize { get; set; } = Manifests.InputLimits.DefaultMaxFileSize;

    /// <summary>
    /// The global <c>--strict</c>: objects of kinds that change connectivity but that Palisade does not evaluate are
    /// input errors instead of warnings. Set by <see cref="CliApp.Run"/> from the parsed command line.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>The inputs (files or folders, full paths) this run has read; outputs must not replace them.</summary>
    private readonly List<string> inputs = [];

    /// <summary>Notes a file or folder this run reads (a full path), so that no output replaces it.</summary>
    public void NoteInput(string full)
    {
        if (full != "-")
        {
            lock (inputs)
            {
                inputs.Add(full);
            }
        }
    }

    /// <summary>
    /// The input (as noted) that <paramref name="output"/> would replace, or null: the same file once symbolic links are
    /// resolved, or a manifest file inside an input folder.
    /// </summary>
    public string? InputContaining(string output)
    {
        string[] noted;
        lock (inputs)
        {
            noted = [.. inputs];
        }

        var real = RealPath.Of(output);
        foreach (var input in noted)
        {
            var realInput = RealPath.Of(input);
            if (string.Equals(real, realInput, StringComparison.Ordinal))
            {
                return input;
            }

            if (Directory.Exists(realInput) && File.Exists(real)
                && real.StartsWith(Path.TrimEndingDirectorySeparator(realInput) + "/", StringComparison.Ordinal)
                && IsReadFromFolders(real))
            {
                return input;
            }
        }

        return null;
    }

    /// <summary>Files a folder walk reads: manifests and the lint configuration.</summary>
    private static bool IsReadFromFolders(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Resolves a user path against the working directory.</summary>
    public string Resolve(string path) => path == "-" ? path : Path.GetFullPath(path, WorkingDirectory);
}
