using System.Diagnostics;
using Palisade.Cli;

namespace Palisade.Tests.Cli;

/// <summary>Output files are safe to write as root: no planted symlink, modes kept, no temp file left, no input replaced.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtomicFileTests : IDisposable
{

    private readonly TempFolder dir = new("palisade-atomic-");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Render_SymlinkPlantedAtTheOldPredictableTempName_DoesNotWriteTheVictim()
    {
        // Before: the temp file was ".NAME.PID.tmp", opened without O_EXCL, so another user could plant that link.
        var victim = dir.In("victim");
        File.WriteAllText(victim, "precious");
        File.CreateSymbolicLink(dir.In($".out.yaml.{Environment.ProcessId}.tmp"), victim);

        var r = CliRunner.Run(["render", HomeLab.Profile, "--output-file", dir.In("out.yaml")]);

        r.Succeeds();
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Contains("kind: NetworkPolicy", File.ReadAllText(dir.In("out.yaml")), StringComparison.Ordinal);
        Assert.DoesNotContain(new DirectoryInfo(dir.FullName).GetFiles(".out.yaml.*.tmp"), f => f.LinkTarget is null);
    }

    [Fact]
    public void Render_ReplacingA0600File_KeepsMode0600()
    {
        var target = dir.In("out.yaml");
        File.WriteAllText(target, "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var r = CliRunner.Run(["render", HomeLab.Profile, "--output-file", target]);

        r.Succeeds();
        Assert.Contains("kind: NetworkPolicy", File.ReadAllText(target), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
    }

    [Fact]
    public void Render_ReplacingA0640File_KeepsMode0640()
    {
        var target = dir.In("out.yaml");
        File.WriteAllText(target, "old");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead;
        File.SetUnixFileMode(target, mode);

        CliRunner.Run(["render", HomeLab.Profile, "--output-file", target]).Succeeds();
        Assert.Equal(mode, File.GetUnixFileMode(target));
    }

    [Fact]
    public void Render_TargetIsASymlink_ReplacesTheLinkAndLeavesItsTargetAlone()
    {
        var linked = dir.In("linked.yaml");
        File.WriteAllText(linked, "old");
        var link = dir.In("link.yaml");
        File.CreateSymbolicLink(link, linked);

        var r = CliRunner.Run(["render", HomeLab.Profile, "--output-file", link]);

        r.Succeeds();
        Assert.Null(new FileInfo(link).LinkTarget);
        Assert.Contains("kind: NetworkPolicy", File.ReadAllText(link), StringComparison.Ordinal);
        Assert.Equal("old", File.ReadAllText(linked));
    }

    [Fact]
    public void Render_OntoItsOwnProfile_IsRefusedAndNothingWritten()
    {
        var profile = dir.In("p.yaml");
        File.Copy(Path.Combine(Golden.RepoRoot, HomeLab.Profile), profile);
        var before = File.ReadAllText(profile);

        var r = CliRunner.Run(["render", profile, "--output-file", profile]);

        r.Exits(2).ErrHas("error PAL165");
        Assert.Equal(before, File.ReadAllText(profile));
        Assert.Single(new DirectoryInfo(dir.FullName).GetFileSystemInfos());
    }

    [Fact]
    public void Render_OntoItsProfileThroughASymlinkedFolder_IsRefused()
    {
        Directory.CreateDirectory(dir.In("real"));
        var profile = dir.In("real/p.yaml");
        File.Copy(Path.Combine(Golden.RepoRoot, HomeLab.Profile), profile);
        Directory.CreateSymbolicLink(dir.In("alias"), dir.In("real"));
        var before = File.ReadAllText(profile);

        var r = CliRunner.Run(["render", profile, "--output-file", dir.In("alias/./p.yaml")]);

        r.Exits(2).ErrHas("error PAL165");
        Assert.Equal(before, File.ReadAllText(profile));
    }

    [Theory]
    [InlineData("expectations.yaml")]
    [InlineData("manifests/namespaces.yaml")]
    [InlineData("profile.yaml")]
    public void CheckReport_OntoAnInput_IsRefusedAndNothingWritten(string input)
    {
        CopyFolder(Path.Combine(Golden.RepoRoot, HomeLab.Folder), dir.FullName);
        var target = dir.In(input);
        Assert.True(File.Exists(target), $"the example has no {input}");
        var before = File.ReadAllText(target);

        var r = CliRunner.Run(["check", dir.FullName, "--no-lint", "--output", "junit", "--output-file", target]);

        r.Exits(2).ErrHas("error PAL165");
        Assert.Equal(before, File.ReadAllText(target));
    }

    [Fact]
    public void CheckReport_NewFileBesideTheInputs_IsWritten()
    {
        CopyFolder(Path.Combine(Golden.RepoRoot, HomeLab.Folder), dir.FullName);
        CliRunner.Run(["check", dir.FullName, "--no-lint", "--output", "junit", "--output-file", dir.In("report.xml")]).Succeeds();
        Assert.True(File.Exists(dir.In("report.xml")));
    }

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public void Render_SignalledMidWrite_LeavesNoTempFileAndNoOutput(string signal)
    {
        var cli = typeof(CliApp).Assembly.Location;
        var bin = Path.GetDirectoryName(cli)!;
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            WorkingDirectory = Golden.RepoRoot,
        };
        start.ArgumentList.Add("exec");
        var ownConfig = Path.Combine(bin, "palisade.runtimeconfig.json");
        if (!File.Exists(ownConfig))
        {
            start.ArgumentList.Add("--runtimeconfig");
            start.ArgumentList.Add(Path.Combine(bin, "Palisade.Tests.runtimeconfig.json"));
        }

        start.ArgumentList.Add(cli);
        foreach (var a in new[] { "render", HomeLab.Profile, "--output-file", dir.In("out.yaml") })
        {
            start.ArgumentList.Add(a);
        }

        start.Environment[AtomicFile.PauseVariable] = "30000";
        using var process = Process.Start(start)!;
        try
        {
            var deadline = Stopwatch.StartNew();
            // Wait until part of the output is in the temp file: the pause comes after the first flush.
            while (!new DirectoryInfo(dir.FullName).GetFiles(".out.yaml.*.tmp").Any(f => f.Length > 0))
            {
                Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60) && !process.HasExited,
                    $"the temp file never appeared (exited: {process.HasExited})");
                Thread.Sleep(50);
            }

            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                kill.WaitForExit();
            }

            Assert.True(process.WaitForExit(TimeSpan.FromSeconds(20)), "the process did not stop on the signal");
            Assert.Empty(new DirectoryInfo(dir.FullName).GetFileSystemInfos());
            Assert.NotEqual(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
