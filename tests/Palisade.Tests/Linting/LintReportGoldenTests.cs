using Palisade.Cli;
using Palisade.Tests.Manifests;

namespace Palisade.Tests.Linting;

/// <summary>Golden text, JSON and SARIF output of <c>palisade lint</c> for the nginx-moved scenario.</summary>
public class LintReportGoldenTests
{
    internal static string Scenario => Path.Combine(ManifestTestInput.RepositoryRoot(), "tests", "scenarios", "lint-nginx-moved");

    internal static (int Exit, string Out, string Err) Run(string workingDirectory, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = CliApp.Run(args, new CliContext(new StringReader(string.Empty), output, error, workingDirectory));
        return (exit, output.ToString(), error.ToString());
    }

    [Theory]
    [InlineData("text", "lint.txt")]
    [InlineData("json", "lint.json")]
    [InlineData("sarif", "lint.sarif")]
    public void LintCommand_NginxMovedScenario_MatchesGolden(string format, string golden)
    {
        var (exit, output, error) = Run(Scenario, "lint", "input", "--output", format);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Golden.Check(Path.Combine(Scenario, "golden", golden), output);
    }
}
