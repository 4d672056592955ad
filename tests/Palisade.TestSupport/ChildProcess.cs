using System.Diagnostics;

namespace Palisade.TestSupport;

/// <summary>
/// Runs a real program to completion with captured output and a deadline (the install tests drive dotnet, bash and
/// kubectl); its outcome is a <see cref="CliRunner.Result"/>, so <see cref="CliAssert"/> checks it as an in-process run.
/// </summary>
public static class ChildProcess
{
    /// <summary>Runs <paramref name="file"/> with <paramref name="args"/>; kills the process tree it started when the deadline passes.</summary>
    public static CliRunner.Result Run(string file, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null, string? stdin = null)
    {
        var psi = new ProcessStartInfo(file)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        psi.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }

        p.StandardInput.Close();
        if (!p.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return new CliRunner.Result(-1, stdout.Result, stderr.Result + $"\n(killed after {timeout ?? TimeSpan.FromMinutes(5)})");
        }

        p.WaitForExit();
        return new CliRunner.Result(p.ExitCode, stdout.Result, stderr.Result);
    }
}
