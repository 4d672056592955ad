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

    /// <summary>
    /// The global <c>--strict</c>: objects of kinds that change connectivity but that Palisade does not evaluate are
    /// input errors instead of warnings. Set by <see cref="CliApp.Run"/> from the parsed command line.
    /// </summary>
    public bool Strict { get; set; }

    /// <summary>Resolves a user path against the working directory.</summary>
    public string Resolve(string path) => path == "-" ? path : Path.GetFullPath(path, WorkingDirectory);
}
