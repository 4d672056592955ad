namespace Palisade.Tests.Cli;

/// <summary>Edge cases of check: several backends, same-named rendered policies, empty files, output paths.</summary>
public sealed class CheckEdgeTests
{
    private const string Dir = "tests/scenarios/check/multi-backend";

    [Fact]
    public void DeniedExpectation_OneOfTwoBackendsOpen_Fails()
    {
        var r = CliRunner.Run(["check", Dir, "--no-profile", "--no-lint"]);
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("FAIL  client cannot reach the web Service", r.Out, StringComparison.Ordinal);
        Assert.Contains("got partly allowed (1 of 2 source/backend paths open)", r.Out, StringComparison.Ordinal);
        Assert.Contains("FAIL  client reaches the web Service", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void RenderedPolicy_SameNameAsInputPolicy_ReplacesIt()
    {
        // The profile renders a/lock-web2 allowing the client on both backends' ports; kubectl apply would replace the
        // input's deny-all a/lock-web2, so the client reaches both backends.
        var r = CliRunner.Run(["check", Dir, "--no-lint"]);
        Assert.Contains("replaces the input's a/lock-web2", r.Err, StringComparison.Ordinal);
        Assert.Contains("PASS  client reaches the web Service", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("allowed by a/lock-web2 ingress rule 1, a/lock-web2", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("criteria: []", "PAL330")]
    [InlineData("criteria: [null]", "PAL331")]
    [InlineData("criteria:\n  - id: C1\n    title: t\n    expect: []", "PAL332")]
    [InlineData("criteria:\n  - id: C1\n    title: t\n    expect: [null]", "PAL335")]
    public void EmptyExpectations_AreAnInputError(string body, string code)
    {
        var dir = Directory.CreateTempSubdirectory("palisade-empty-");
        try
        {
            var file = Path.Combine(dir.FullName, "e.yaml");
            File.WriteAllText(file, "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\n" + body + "\n");
            var r = CliRunner.Run(["check", "examples/home-lab/manifests", "--expect", file]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains($"error {code}", r.Err, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Report_IntoAFolder_IsAnInputErrorNotACrash()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-out-");
        try
        {
            var r = CliRunner.Run(["check", "examples/home-lab", "--output-file", dir.FullName]);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("error PAL134", r.Err, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Render_NamespaceNamesThatLookLikeNumbers_AreQuoted()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-quote-");
        try
        {
            var file = Path.Combine(dir.FullName, "p.yaml");
            File.WriteAllText(file, """
                apiVersion: palisade.dev/v1alpha1
                kind: IsolationProfile
                metadata: {name: p}
                spec:
                  isolate:
                    namespace: 2024-01-01
                    podSelector:
                      matchLabels: {app: "1e3"}
                      matchExpressions: [{key: app, operator: In, values: [x]}]
                  egress:
                    - name: n
                      to: {namespace: 0b101}
                      ports: [53/UDP]
                """);
            var r = CliRunner.Run(["render", file]);
            Assert.Equal(0, r.ExitCode);
            Assert.Contains("namespace: \"2024-01-01\"", r.Out, StringComparison.Ordinal);
            Assert.Contains("kubernetes.io/metadata.name: \"0b101\"", r.Out, StringComparison.Ordinal);
            // Two requirements on one key cannot both be matchLabels entries.
            Assert.DoesNotContain("matchLabels:\n        app:", r.Out, StringComparison.Ordinal);
            var loaded = Palisade.Manifests.ManifestLoader.LoadText(r.Out, "r.yaml", new Palisade.Manifests.LoadOptions());
            Assert.Empty(loaded.Diagnostics);
            Assert.Equal(2, loaded.Snapshot.Policies[0].PodSelector.Requirements.Count);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
