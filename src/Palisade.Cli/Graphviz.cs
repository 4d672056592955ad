using System.Diagnostics;
using Palisade.Diagnostics;

namespace Palisade.Cli;

/// <summary>Runs Graphviz's <c>dot</c> to turn DOT text into SVG. A missing or failing <c>dot</c> is an environment problem (exit 4).</summary>
public static class Graphviz
{
    /// <summary>Finds <c>dot</c> on a PATH-style list of folders, or null.</summary>
    public static string? Locate(string? pathVariable)
    {
        foreach (var dir in (pathVariable ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, "dot");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Renders DOT to SVG with the <c>dot</c> found on <paramref name="pathVariable"/>.</summary>
    public static string RenderSvg(string dot, string? pathVariable)
    {
        var exe = Locate(pathVariable) ?? throw new PalisadeException(DiagnosticCatalog.GraphvizMissing, "Graphviz 'dot' was not found on PATH; it is needed for --output svg",
            "install Graphviz (Debian: apt-get install -y graphviz), or write DOT with --output dot, or open the HTML report (--output html)");
        var start = new ProcessStartInfo(exe, ["-Tsvg"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new PalisadeException(DiagnosticCatalog.GraphvizFailed, $"could not start {exe}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardInput.Write(dot);
        process.StandardInput.Close();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            process.Kill();
            throw new PalisadeException(DiagnosticCatalog.GraphvizFailed, $"{exe} did not finish within 120 seconds");
        }

        if (process.ExitCode != 0)
        {
            throw new PalisadeException(DiagnosticCatalog.GraphvizFailed, $"{exe} -Tsvg failed with exit code {process.ExitCode}: {stderr.Result.Trim()}",
                "check the Graphviz installation (dot -V)");
        }

        return stdout.Result;
    }
}
