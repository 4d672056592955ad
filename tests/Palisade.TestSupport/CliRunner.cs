using Palisade.Cli;

namespace Palisade.TestSupport;

/// <summary>
/// Runs the CLI in-process with captured streams, from the repository root by default (so paths in output are
/// relative): the one way every test project runs <c>palisade</c> without a child process.
/// </summary>
public static class CliRunner
{
    /// <summary>The outcome of one run.</summary>
    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>Runs <c>palisade args...</c>, reading <paramref name="stdin"/> as standard input.</summary>
    public static Result Run(string[] args, string? stdin = null, string? workingDirectory = null)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var ctx = new CliContext(new StringReader(stdin ?? string.Empty), output, error, workingDirectory ?? Golden.RepoRoot);
        var code = CliApp.Run(args, ctx);
        return new Result(code, output.ToString(), error.ToString());
    }
}
