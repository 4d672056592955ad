using static Palisade.Tests.Linting.LintReportGoldenTests;

namespace Palisade.Tests.Linting;

/// <summary><c>palisade lint</c>: exit codes by --fail-on, configuration discovery and configuration errors.</summary>
public sealed class LintCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("palisade-lint-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private const string IgnoredEgress = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: web
          namespace: dev
        spec:
          podSelector: {}
          policyTypes: [Ingress]
          egress:
          - ports: [{port: 443}]
        """;

    private void WriteInput(string config = "")
    {
        Directory.CreateDirectory(Path.Combine(dir, "in"));
        File.WriteAllText(Path.Combine(dir, "in", "policy.yaml"), IgnoredEgress);
        if (config.Length > 0)
        {
            File.WriteAllText(Path.Combine(dir, "in", ".palisade-lint.yaml"), config);
        }
    }

    [Theory]
    [InlineData("error", 0)]
    [InlineData("warning", 1)]
    [InlineData("never", 0)]
    public void FailOn_ScenarioWithWarningsOnly_ExitsByThreshold(string failOn, int expected)
    {
        Assert.Equal(expected, CliRunner.Run(["lint", "input", "--fail-on", failOn], workingDirectory: Scenario).ExitCode);
    }

    [Fact]
    public void FailOnDefault_ErrorFinding_ExitsOne()
    {
        WriteInput();
        var (exit, output, _) = CliRunner.Run(["lint", "in"], workingDirectory: dir);
        Assert.Equal(1, exit);
        Assert.Contains("in/policy.yaml:10:5: error PAL211", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ConfigInInputFolder_DisablesCode_ExitsZero()
    {
        WriteInput("disable: [PAL211]\n");
        var (exit, output, _) = CliRunner.Run(["lint", "in"], workingDirectory: dir);
        Assert.Equal(0, exit);
        Assert.Equal("no findings\n", output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void ConfigIgnoreForPolicy_SuppressesOnlyThatPolicy()
    {
        WriteInput("ignore:\n  - policy: dev/web\n    codes: [PAL211]\n");
        var (exit, output, _) = CliRunner.Run(["lint", "in"], workingDirectory: dir);
        Assert.Equal(0, exit);
        Assert.Contains("no findings (1 suppressed)", output, StringComparison.Ordinal);

        File.WriteAllText(Path.Combine(dir, "in", ".palisade-lint.yaml"), "ignore:\n  - policy: dev/other\n    codes: [PAL211]\n");
        Assert.Equal(1, CliRunner.Run(["lint", "in"], workingDirectory: dir).ExitCode);
    }

    [Fact]
    public void ExplicitConfig_WithErrors_ExitsTwoWithLocatedDiagnostics()
    {
        WriteInput();
        File.WriteAllText(Path.Combine(dir, "lint.yaml"), "disable: [PAL211, PAL999]\nignore:\n  - policy: web\n    codes: [PAL206]\nseverity: high\n");
        var (exit, output, error) = CliRunner.Run(["lint", "in", "--config", "lint.yaml"], workingDirectory: dir);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, output);
        Assert.Contains("lint.yaml:1:19: error PAL291: 'PAL999' is not a lint code", error, StringComparison.Ordinal);
        Assert.Contains("lint.yaml:3:13: error PAL292", error, StringComparison.Ordinal);
        Assert.Contains("lint.yaml:5:1: error PAL290: unknown key 'severity'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplicitConfig_Missing_ExitsTwo()
    {
        WriteInput();
        var (exit, _, error) = CliRunner.Run(["lint", "in", "--config", "nope.yaml"], workingDirectory: dir);
        Assert.Equal(2, exit);
        Assert.Contains("nope.yaml", error, StringComparison.Ordinal);
    }

    [Fact]
    public void OutputOption_UnknownFormat_ExitsTwo()
    {
        WriteInput();
        Assert.Equal(2, CliRunner.Run(["lint", "in", "--output", "xml"], workingDirectory: dir).ExitCode);
    }
}
