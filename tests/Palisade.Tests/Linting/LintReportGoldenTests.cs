namespace Palisade.Tests.Linting;

/// <summary>Golden text, JSON and SARIF output of <c>palisade lint</c> for the nginx-moved scenario.</summary>
public class LintReportGoldenTests
{
    internal static string Scenario => Golden.Scenario("lint-nginx-moved");

    [Theory]
    [InlineData("text", "lint.txt")]
    [InlineData("json", "lint.json")]
    [InlineData("sarif", "lint.sarif")]
    public void LintCommand_NginxMovedScenario_MatchesGolden(string format, string golden)
    {
        var (exit, output, error) = CliRunner.Run(["lint", "input", "--output", format], workingDirectory: Scenario);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, error);
        Golden.Check(Path.Combine(Scenario, "golden", golden), output);
    }
}
