using System.Diagnostics;
using Palisade.Lab.Netns;

namespace Palisade.Lab.Tests;

/// <summary>Taking a lab down leaves the host as it was, also after the lab's owner was killed with SIGKILL.</summary>
[Collection(LabCollection.Name)]
public sealed class CleanupTests
{
    private static readonly string StateDir = Path.Combine(Path.GetTempPath(), "palisade-lab-test-cleanup");

    private static string Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }

    /// <summary>The host's root-namespace links, addresses, routes, nftables ruleset, namespaces and /etc/netns.</summary>
    private static string HostSnapshot() => string.Join("\n---\n",
        Run("ip", "-o", "link", "show"),
        Run("ip", "-o", "addr", "show"),
        Run("ip", "route", "show", "table", "all"),
        Run("nft", "list", "ruleset"),
        Run("ip", "netns", "list"),
        Directory.Exists("/etc/netns") ? string.Join(",", Directory.GetDirectories("/etc/netns").Order(StringComparer.Ordinal)) : "");

    private static bool Alive(LabProcess p)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{p.Pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return fields[0] is not ("Z" or "X") && fields[19] == p.StartTime.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return false;
        }
    }

    [LabFact(realServers: true)]
    public async Task UpThenDown_InProcess_HostUnchanged()
    {
        await RunningLab.DownAsync(StateDir);
        var before = HostSnapshot();
        IReadOnlyList<LabProcess> processes;
        await using (var lab = await RunningLab.UpAsync(Models.HomeLab(), new LabOptions { StateDir = StateDir }))
        {
            processes = LabState.Read(StateDir)!.Processes;
            Assert.NotEmpty(processes);
            Assert.NotEqual(before, HostSnapshot());

            // A second lab while one runs is refused clearly.
            var e = await Assert.ThrowsAsync<PalisadeException>(() => RunningLab.UpAsync(Models.HomeLab(), new LabOptions { StateDir = StateDir }));
            Assert.Equal("PAL410", e.Code);
        }

        Assert.Equal(before, HostSnapshot());
        Assert.DoesNotContain(processes, Alive);
        Assert.False(Directory.Exists(StateDir));
    }

    [LabFact(realServers: true)]
    public async Task OwnerKilledWithSigkill_Down_HostUnchanged()
    {
        await RunningLab.DownAsync(StateDir);
        var before = HostSnapshot();
        var cli = Path.Combine(AppContext.BaseDirectory, "palisade.dll");
        var manifests = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "examples", "home-lab", "manifests");
        Assert.True(File.Exists(cli), $"{cli} is missing");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "lab", "up", Path.GetFullPath(manifests), "--state-dir", StateDir })
        {
            psi.ArgumentList.Add(a);
        }

        using var owner = Process.Start(psi)!;
        _ = owner.StandardOutput.ReadToEndAsync();
        _ = owner.StandardError.ReadToEndAsync();

        // Kill it midway: once some servers run but (very likely) before it is ready.
        var watch = Stopwatch.StartNew();
        while ((LabState.Read(StateDir)?.Processes.Count ?? 0) < 2 && watch.Elapsed < TimeSpan.FromSeconds(60) && !owner.HasExited)
        {
            await Task.Delay(10);
        }

        Assert.False(owner.HasExited, "the lab process exited before it could be killed");
        owner.Kill(entireProcessTree: false); // SIGKILL, to the pid we started
        await owner.WaitForExitAsync();
        var processes = LabState.Read(StateDir)!.Processes;
        Assert.NotEmpty(processes);
        Assert.NotEqual(before, HostSnapshot());

        // A new lab is refused until the old one is taken down.
        var refused = await Assert.ThrowsAsync<PalisadeException>(() => RunningLab.UpAsync(Models.HomeLab(), new LabOptions { StateDir = StateDir }));
        Assert.Equal("PAL411", refused.Code);

        await RunningLab.DownAsync(StateDir);
        Assert.Equal(before, HostSnapshot());
        Assert.DoesNotContain(processes, Alive);
        Assert.Empty(await NamespaceBuilder.ListAsync());
    }
}
