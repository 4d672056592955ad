using System.Text.Json;
using Json.Schema;

namespace Palisade.Tests.Linting;

/// <summary>The SARIF output validates against the official SARIF 2.1.0 schema (vendored, see Sarif/README.md).</summary>
public class SarifSchemaTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(
        Path.Combine(Golden.RepoRoot, "tests", "Palisade.Tests", "Linting", "Sarif", "sarif-schema-2.1.0.json"))));

    private static EvaluationResults Validate(string sarif) =>
        Schema.Value.Evaluate(JsonDocument.Parse(sarif).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });

    private static string Errors(EvaluationResults results) =>
        string.Join("\n", (results.Details ?? []).Where(d => d.Errors is not null)
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}")));

    [Fact]
    public void SarifOutput_NginxMovedScenario_ValidatesAgainstSchema()
    {
        var (exit, sarif, _) = CliRunner.Run(["lint", "input", "--output", "sarif"], workingDirectory: LintReportGoldenTests.Scenario);
        Assert.Equal(0, exit);

        var results = Validate(sarif);
        Assert.True(results.IsValid, Errors(results));
    }

    [Fact]
    public void SarifOutput_WithRelatedLocationsAndEveryRule_ValidatesAndCarriesRuleMetadata()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-sarif-").FullName;
        try
        {
            // Two identical policies: PAL213 with a related location; plus PAL211 (an error) and PAL291.
            const string policy = """
                apiVersion: networking.k8s.io/v1
                kind: NetworkPolicy
                metadata: {name: NAME, namespace: dev, annotations: {palisade.dev/ignore: PAL999}}
                spec:
                  podSelector: {}
                  policyTypes: [Ingress]
                  egress: [{ports: [{port: 443}]}]
                """;
            File.WriteAllText(Path.Combine(dir, "my policies.yaml"), policy.Replace("NAME", "a", StringComparison.Ordinal) + "\n---\n" + policy.Replace("NAME", "b", StringComparison.Ordinal));
            var (exit, sarif, error) = CliRunner.Run(["lint", ".", "--output", "sarif"], workingDirectory: dir);
            Assert.Equal(1, exit);

            var results = Validate(sarif);
            Assert.True(results.IsValid, Errors(results) + "\n" + error);

            using var doc = JsonDocument.Parse(sarif);
            var run = doc.RootElement.GetProperty("runs")[0];
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
            Assert.Equal(Palisade.Linting.Linter.Rules.Count, rules.GetArrayLength()); // every lint rule, not only those that fired
            var pal211 = rules.EnumerateArray().Single(r => r.GetProperty("id").GetString() == "PAL211");
            Assert.Equal("error", pal211.GetProperty("defaultConfiguration").GetProperty("level").GetString());
            Assert.EndsWith("#pal211", pal211.GetProperty("helpUri").GetString(), StringComparison.Ordinal);

            var found = run.GetProperty("results").EnumerateArray().ToList();
            var duplicate = found.Single(r => r.GetProperty("ruleId").GetString() == "PAL213");
            Assert.Equal(1, duplicate.GetProperty("relatedLocations").GetArrayLength());
            var location = duplicate.GetProperty("locations")[0].GetProperty("physicalLocation");
            Assert.Equal("my%20policies.yaml", location.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() > 1);
            Assert.Contains(found, r => r.GetProperty("ruleId").GetString() == "PAL291");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Schema_RelativeHelpUri_IsRejected()
    {
        // Formats are checked: helpUri must be an absolute URI, which is why the docs link is absolute.
        var (_, sarif, _) = CliRunner.Run(["lint", "input", "--output", "sarif"], workingDirectory: LintReportGoldenTests.Scenario);
        var relative = sarif.Replace("\"helpUri\": \"https://palisade.dev/docs/diagnostics.md#pal201\"", "\"helpUri\": \"docs/diagnostics.md#pal201\"", StringComparison.Ordinal);
        Assert.NotEqual(sarif, relative);
        Assert.False(Validate(relative).IsValid);
    }

    [Fact]
    public void Schema_BrokenLog_IsRejected()
    {
        // The validator and schema do reject: a result without a message and a level outside the enum.
        const string broken = """{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "PAL201", "level": "fatal"}]}]}""";
        Assert.False(Validate(broken).IsValid);
    }
}
