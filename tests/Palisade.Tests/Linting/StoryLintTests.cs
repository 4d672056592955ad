using Palisade.Linting;
using Palisade.Manifests;
using Palisade.Tests.Manifests;

namespace Palisade.Tests.Linting;

/// <summary>The home-lab story's own manifests, the variant with nginx moved, and the shared conformance inputs.</summary>
public class StoryLintTests
{
    private static string Root => Golden.RepoRoot;

    private static LintResult LintFolder(string folder, string baseDirectory)
    {
        var loaded = ManifestLoader.Load([folder], new LoadOptions("default") { BaseDirectory = baseDirectory });
        ManifestTestInput.NoErrors(loaded);
        return Linter.Lint(loaded.Snapshot);
    }

    [Fact]
    public void HomeLabStory_Linted_YieldsOnlyTheMutableLabelFindings()
    {
        var result = LintFolder(Path.Combine(Root, "examples", "home-lab", "manifests"), Root);

        // The four namespaceSelectors on the hand-made `name:` label (kube-system, data, ml, apps) and nothing else:
        // DNS is allowed on UDP and TCP, nginx is in dev, the ports are the pods' ports.
        Assert.True(result.Findings.All(f => f.Code == "PAL206"), LintInput.Render(result));
        Assert.Equal(
            ["apps", "data", "kube-system", "ml"],
            result.Findings.Select(f => f.Diagnostic.Help!.Split("kubernetes.io/metadata.name: ")[1].TrimEnd('}', '`')).Order(StringComparer.Ordinal));
        Assert.All(result.Findings, f => Assert.Equal("examples/home-lab/manifests/networkpolicy.yaml", f.Diagnostic.Location.File));
    }

    [Fact]
    public void HomeLabVariant_NginxInOtherNamespace_YieldsPodSelectorOnlyFinding()
    {
        var scenario = Path.Combine(Root, "tests", "scenarios", "lint-nginx-moved");
        var result = LintFolder(Path.Combine(scenario, "input"), scenario);

        var f = LintInput.Single(result, "PAL201");
        Assert.Equal("dev/dev-container-isolation", f.Policy.ToString());
        Assert.Contains("proxy/nginx-proxy", f.Diagnostic.Message, StringComparison.Ordinal);
        Assert.Contains("kubernetes.io/metadata.name: proxy", f.Diagnostic.Help, StringComparison.Ordinal);
        Assert.Equal(4, LintInput.Only(result, "PAL206").Count);
        Assert.Equal(5, result.Findings.Count);
    }

    public static TheoryData<string> ConformanceCases()
    {
        var data = new TheoryData<string>();
        var root = Path.Combine(Root, "..", "shared", "conformance", "npguard");
        if (Directory.Exists(root))
        {
            foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetFileName(dir));
            }
        }

        return data;
    }

    [Fact]
    public void ConformanceCases_Present_AtLeastTwentyUnderCi()
    {
        var count = ConformanceCases().Count;
        if (Environment.GetEnvironmentVariable("CI") == "true")
        {
            Assert.True(count >= 20, $"expected the shared conformance cases beside the repository, found {count}");
        }
    }

    [Theory]
    [MemberData(nameof(ConformanceCases))]
    public void ConformanceInput_Linted_DoesNotCrashAndFindingsAreLocated(string name)
    {
        var root = Path.Combine(Root, "..", "shared", "conformance", "npguard", name);
        var result = LintFolder(Path.Combine(root, "input"), root);

        Assert.All(result.Findings, f =>
        {
            Assert.StartsWith("PAL2", f.Code, StringComparison.Ordinal);
            Assert.True(f.Diagnostic.Location.IsKnown, $"{f.Diagnostic} has no location");
            Assert.False(string.IsNullOrEmpty(f.Diagnostic.Help));
        });
    }
}
