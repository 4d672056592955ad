using System.Diagnostics;
using Palisade.Lab.Netns;

namespace Palisade.Lab.Tests;

/// <summary>
/// <c>palisade lab up</c> in a child process, then <c>lab status</c>, <c>lab exec</c> and <c>lab down</c> through the
/// CLI in this process, as a user in a second terminal would run them.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LabCommandTests
{
    // Options go before "--": what follows it is the command lab exec runs.
    private static CliRunner.Result Cli(params string[] args) => CliRunner.Run([.. args[..2], "--state-dir", LabCollection.StateDir, .. args[2..]]);

    [LabFact(realServers: true)]
    public async Task LabUpInChild_StatusExecDown_WorkFromAnotherProcess()
    {
        await RunningLab.DownAsync(LabCollection.StateDir);
        var cli = Path.Combine(AppContext.BaseDirectory, "palisade.dll");
        Assert.True(File.Exists(cli), $"{cli} is missing");
        var psi = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { cli, "lab", "up", Path.Combine(Golden.RepoRoot, "examples", "home-lab", "manifests"), "--state-dir", LabCollection.StateDir })
        {
            psi.ArgumentList.Add(a);
        }

        using var owner = Process.Start(psi)!;
        var ownerOut = owner.StandardOutput.ReadToEndAsync();
        var ownerErr = owner.StandardError.ReadToEndAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            while (LabState.Read(LabCollection.StateDir) is not { Ready: true } && !owner.HasExited && watch.Elapsed < TimeSpan.FromSeconds(120))
            {
                await Task.Delay(100);
            }

            Assert.True(LabState.Read(LabCollection.StateDir) is { Ready: true }, $"the lab did not come up (exited: {owner.HasExited})");

            var status = Cli("lab", "status");
            Assert.True(status.ExitCode == 0, status.Out + status.Err);
            Assert.Contains($"lab owner pid {owner.Id}, reject mode, ready", status.Out, StringComparison.Ordinal);
            Assert.Contains("dev/dev-container-belego", status.Out, StringComparison.Ordinal);
            Assert.Contains("dev/dev-container-pilates", status.Out, StringComparison.Ordinal);
            Assert.Contains("outside", status.Out, StringComparison.Ordinal);

            var resolv = Cli("lab", "exec", "dev/dev-container-belego", "--", "cat", "/etc/resolv.conf");
            Assert.True(resolv.ExitCode == 0, resolv.Out + resolv.Err);
            Assert.Contains("search dev.svc.cluster.local svc.cluster.local cluster.local\n", resolv.Out, StringComparison.Ordinal);

            // Port 2223 of the LoadBalancer is nginx's SSH route to pilates: the login lands in that container.
            var ssh = Cli("lab", "exec", "outside", "--", "ssh", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "ConnectTimeout=5", "-i", Path.Combine(LabCollection.StateDir, "client_key"), "-p", "2223", "root@192.168.2.101", "printenv", "PALISADE_POD");
            Assert.True(ssh.ExitCode == 0, ssh.Out + ssh.Err);
            Assert.Equal("dev/dev-container-pilates", ssh.Out.Trim());

            var nobody = Cli("lab", "exec", "nobody", "--", "true");
            Assert.Equal(2, nobody.ExitCode);
            Assert.Contains("PAL131", nobody.Err, StringComparison.Ordinal);

            var down = Cli("lab", "down");
            Assert.True(down.ExitCode == 0, down.Out + down.Err);
            Assert.Contains("lab is down", down.Out, StringComparison.Ordinal);
            Assert.True(owner.WaitForExit(TimeSpan.FromSeconds(20)), "the lab owner still runs after lab down");
            Assert.Equal(0, owner.ExitCode);
            Assert.Empty(await NamespaceBuilder.ListAsync());
            Assert.DoesNotContain("pal-", IpNetnsList(), StringComparison.Ordinal);
            Assert.Contains("lab: taking the lab down", await ownerErr, StringComparison.Ordinal);
            Assert.Contains("lab is up in", await ownerOut, StringComparison.Ordinal);
        }
        finally
        {
            await RunningLab.DownAsync(LabCollection.StateDir);
            if (!owner.HasExited)
            {
                owner.Kill(entireProcessTree: false);
                await owner.WaitForExitAsync();
            }
        }
    }

    private static string IpNetnsList()
    {
        var psi = new ProcessStartInfo("ip", "netns list") { RedirectStandardOutput = true, UseShellExecute = false };
        using var p = Process.Start(psi)!;
        var text = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return text;
    }
}
