namespace Palisade.Tests.Install;

/// <summary>
/// The README's install path, for real: <c>dotnet pack</c> makes a .NET tool, <c>dotnet tool install</c> puts a
/// <c>palisade</c> command in a tool path, that command proves the home lab, and <c>dotnet tool update</c> moves to a
/// newer package.
/// </summary>
[Collection(BuildCollection.Name)]
public sealed class ToolInstallTests(ToolPackageFixture packages) : IClassFixture<ToolPackageFixture>
{
    [Fact]
    public void ToolPackage_InstalledIntoToolPath_ChecksHomeLab()
    {
        Assert.True(packages.Pack.ExitCode == 0, packages.Pack.ToString());
        var tools = Path.Combine(packages.Root, "install");

        var install = packages.Tool("install", tools, "--version", ToolPackageFixture.NewVersion);
        Assert.True(install.ExitCode == 0, install.ToString());

        var palisade = Path.Combine(tools, "palisade");
        Assert.True(File.Exists(palisade), $"no 'palisade' command in {tools}: {install}");
        var check = ChildProcess.Run(palisade, ["check", "examples/home-lab"], Golden.RepoRoot);
        Assert.True(check.ExitCode == 0, check.ToString());
        foreach (var criterion in new[] { "AC1", "AC2", "AC3", "AC4", "AC5" })
        {
            Assert.Contains(criterion, check.Out, StringComparison.Ordinal);
        }

        Assert.Contains("39 passed, 0 failed", check.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolPackage_NewerVersion_UpdatesInstalledTool()
    {
        Assert.True(packages.Pack.ExitCode == 0, packages.Pack.ToString());
        var tools = Path.Combine(packages.Root, "update");
        var install = packages.Tool("install", tools, "--version", ToolPackageFixture.OldVersion);
        Assert.True(install.ExitCode == 0, install.ToString());
        Assert.Contains(ToolPackageFixture.OldVersion, Listed(tools), StringComparison.Ordinal);

        var update = packages.Tool("update", tools);
        Assert.True(update.ExitCode == 0, update.ToString());
        var listed = Listed(tools);
        Assert.Contains(ToolPackageFixture.NewVersion, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(ToolPackageFixture.OldVersion, listed, StringComparison.Ordinal);

        var help = ChildProcess.Run(Path.Combine(tools, "palisade"), ["--help"], Golden.RepoRoot);
        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("check", help.Out, StringComparison.Ordinal);
    }

    private string Listed(string tools)
    {
        var list = ChildProcess.Run("dotnet", ["tool", "list", "--tool-path", tools], Golden.RepoRoot, packages.Environment);
        Assert.True(list.ExitCode == 0, list.ToString());
        return list.Out;
    }
}
