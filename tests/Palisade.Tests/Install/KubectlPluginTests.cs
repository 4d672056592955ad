using Palisade.Tests.Cli;

namespace Palisade.Tests.Install;

/// <summary>The built program named <c>kubectl-palisade</c> on PATH is found by the real kubectl's plugin discovery.</summary>
public sealed class KubectlPluginTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("palisade-kubectl-").FullName;

    [ToolFact("kubectl")]
    public void KubectlPlugin_OnPath_RunsPalisade()
    {
        var built = Path.Combine(Golden.RepoRoot, "src", "Palisade.Cli", "bin", ToolPackageFixture.Configuration, "net10.0", "palisade");
        Assert.True(File.Exists(built), $"{built} is missing: build src/Palisade.Cli first");
        File.CreateSymbolicLink(Path.Combine(dir, "kubectl-palisade"), built);
        var env = new Dictionary<string, string>
        {
            ["PATH"] = $"{dir}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["KUBECONFIG"] = Path.Combine(dir, "no-kubeconfig"),
        };

        ChildProcess.Run("kubectl", ["palisade", "--help"], Golden.RepoRoot, env, TimeSpan.FromMinutes(1)).Succeeds().OutHas("check");

        ChildProcess.Run("kubectl", ["palisade", "check", HomeLab.Folder], Golden.RepoRoot, env, TimeSpan.FromMinutes(1)).Succeeds()
            .OutHas("39 passed, 0 failed");

        ChildProcess.Run("kubectl", ["plugin", "list", "--name-only"], Golden.RepoRoot, env, TimeSpan.FromMinutes(1)).OutHas("kubectl-palisade");
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
