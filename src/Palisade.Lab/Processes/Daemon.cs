using System.Diagnostics;

namespace Palisade.Lab.Processes;

/// <summary>
/// A long-running server the lab started inside a namespace (<c>ip netns exec NS CMD</c>, exec'd so the pid is the
/// server's own). It stays the lab's child so the lab reaps it; it is stopped only by its own pid.
/// </summary>
internal sealed class Daemon : IDisposable
{
    private readonly Process process;

    private Daemon(string name, Process process, long startTime, int stopSignal, string logFile)
    {
        Name = name;
        this.process = process;
        Record = new LabProcess(name, process.Id, startTime, stopSignal);
        LogFile = logFile;
    }

    /// <summary>A short name for messages ("sshd dev/dev-container-belego").</summary>
    public string Name { get; }

    /// <summary>The record written to the state file.</summary>
    public LabProcess Record { get; }

    /// <summary>Where its output goes.</summary>
    public string LogFile { get; }

    /// <summary>True while it runs.</summary>
    public bool IsRunning => !process.HasExited;

    /// <summary>Starts <paramref name="command"/> inside the namespace, output appended to <paramref name="logFile"/>.</summary>
    public static Daemon Start(string name, string netns, IReadOnlyList<string> command, string logFile, int stopSignal = Native.SIGTERM)
    {
        var psi = new ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec \"$@\" </dev/null >>\"$LOG\" 2>&1");
        psi.ArgumentList.Add("sh");
        psi.ArgumentList.Add("ip");
        psi.ArgumentList.Add("netns");
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(netns);
        foreach (var a in command)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["LOG"] = logFile;
        var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {name}");
        var start = ProcStat.StartTime(process.Id) ?? 0;
        return new Daemon(name, process, start, stopSignal, logFile);
    }

    /// <summary>The last lines of its log, for error messages.</summary>
    public string Tail()
    {
        try
        {
            var lines = File.ReadAllLines(LogFile);
            return string.Join("\n", lines.TakeLast(8));
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    /// <summary>Stops it: its stop signal, a grace period, then SIGKILL; waits (asynchronously) until it is reaped.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (process.HasExited)
        {
            return;
        }

        _ = Native.Kill(process.Id, Record.StopSignal);
        using var graceOver = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(graceOver.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _ = Native.Kill(process.Id, Native.SIGKILL);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public void Dispose() => process.Dispose();
}
