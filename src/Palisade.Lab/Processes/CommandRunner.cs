using System.Diagnostics;
using System.Text;
using Palisade.Diagnostics;

namespace Palisade.Lab.Processes;

/// <summary>The result of a finished command.</summary>
public sealed record CommandResult(int ExitCode, string StandardOutput, string StandardError, TimeSpan Elapsed)
{
    /// <summary>True for exit code 0.</summary>
    public bool Succeeded => ExitCode == 0;
}

/// <summary>Runs short commands to completion (ip, nft, ssh-keygen, psql) and captures their output.</summary>
internal static class CommandRunner
{
    /// <summary>Runs a command, optionally feeding standard input, with a timeout after which it is killed.</summary>
    public static async Task<CommandResult> RunAsync(string file, IEnumerable<string> args, string? stdin = null,
        TimeSpan? timeout = null, IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdin is not null,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        var watch = Stopwatch.StartNew();
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin.AsMemory(), cancellationToken);
            process.StandardInput.Close();
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync(CancellationToken.None);
            return new CommandResult(-1, await stdout, (await stderr) + $"\n(killed after {timeout})", watch.Elapsed);
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr, watch.Elapsed);
    }

    /// <summary>Runs a command and throws a <see cref="PalisadeException"/> PAL420 when it fails.</summary>
    public static async Task<CommandResult> RunCheckedAsync(string file, IEnumerable<string> args, string? stdin = null, TimeSpan? timeout = null)
    {
        var list = args.ToList();
        var result = await RunAsync(file, list, stdin, timeout);
        if (!result.Succeeded)
        {
            var text = new StringBuilder().Append(file).Append(' ').AppendJoin(' ', list).ToString();
            throw new PalisadeException(DiagnosticCatalog.LabCommandFailed, $"lab command failed ({result.ExitCode}): {text}\n{result.StandardError.Trim()}",
                "run 'palisade lab down' to remove a half-built lab, then retry; see docs/lab.md");
        }

        return result;
    }
}
