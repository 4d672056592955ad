using System.Diagnostics;
using Palisade.Diagnostics;

namespace Palisade.Cli;

/// <summary>Runs Graphviz's <c>dot</c> to turn DOT text into SVG. A missing or failing <c>dot</c> is an environment problem (exit 4).</summary>
internal static class Graphviz
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

    /// <summary>
    /// Renders DOT to SVG with the <c>dot</c> found on <paramref name="pathVariable"/>, waiting at most two minutes;
    /// a <c>dot</c> that overruns (or a cancelled run) is killed by its pid.
    /// </summary>
    public static async Task<string> RenderSvgAsync(string dot, string? pathVariable, CancellationToken cancellationToken = default)
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
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(limit.Token);
            var stderr = process.StandardError.ReadToEndAsync(limit.Token);
            await process.StandardInput.WriteAsync(dot.AsMemory(), limit.Token).ConfigureAwait(false);
            process.StandardInput.Close();
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
            var svg = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                throw new PalisadeException(DiagnosticCatalog.GraphvizFailed, $"{exe} -Tsvg failed with exit code {process.ExitCode}: {errors.Trim()}",
                    "check the Graphviz installation (dot -V)");
            }

            return svg;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            throw new PalisadeException(DiagnosticCatalog.GraphvizFailed, $"{exe} did not finish within 120 seconds");
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw;
        }
    }
}
