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
        packages.Pack.Succeeds();
        var tools = Path.Combine(packages.Root, "install");

        var install = packages.Tool("install", tools, "--version", ToolPackageFixture.NewVersion).Succeeds();

        var palisade = Path.Combine(tools, "palisade");
        Assert.True(File.Exists(palisade), $"no 'palisade' command in {tools}: {install}");
        var check = ChildProcess.Run(palisade, ["check", HomeLab.Folder], Golden.RepoRoot).Succeeds();
        foreach (var criterion in new[] { "AC1", "AC2", "AC3", "AC4", "AC5" })
        {
            check.OutHas(criterion);
        }

        check.OutHas("39 passed, 0 failed");
    }

    [Fact]
    public void ToolPackage_NewerVersion_UpdatesInstalledTool()
    {
        packages.Pack.Succeeds();
        var tools = Path.Combine(packages.Root, "update");
        var install = packages.Tool("install", tools, "--version", ToolPackageFixture.OldVersion).Succeeds();
        Assert.Contains(ToolPackageFixture.OldVersion, Listed(tools), StringComparison.Ordinal);

        var update = packages.Tool("update", tools).Succeeds();
        var listed = Listed(tools);
        Assert.Contains(ToolPackageFixture.NewVersion, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(ToolPackageFixture.OldVersion, listed, StringComparison.Ordinal);

        ChildProcess.Run(Path.Combine(tools, "palisade"), ["--help"], Golden.RepoRoot).Succeeds().OutHas("check");
    }

    private string Listed(string tools)
    {
        var list = ChildProcess.Run("dotnet", ["tool", "list", "--tool-path", tools], Golden.RepoRoot, packages.Environment).Succeeds();
        return list.Out;
    }
}
