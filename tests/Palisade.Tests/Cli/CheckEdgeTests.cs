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

    [Theory]
    [InlineData("", true)]
    [InlineData("disable: [PAL211]\n", false)]
    public void LintConfigInInputFolder_IsHonouredAsByLint(string config, bool reported)
    {
        // a/web's policy writes egress rules that policyTypes [Ingress] ignores: PAL211, unless the folder's
        // .palisade-lint.yaml disables it, as it does for lint and report.
        const string ignoredEgress = """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: ignored-egress, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}}
              policyTypes: [Ingress]
              ingress: [{}]
              egress: [{}]
            """;
        var dir = Directory.CreateTempSubdirectory("palisade-check-lint-");
        try
        {
            var manifests = Path.Combine(dir.FullName, "m.yaml");
            File.WriteAllText(manifests, WebAndClient.Manifests("10.0.2.1", ignoredEgress));
            var expect = Path.Combine(dir.FullName, "e.yaml");
            File.WriteAllText(expect, WebAndClient.ClientToWeb80(allowed: true));
            if (config.Length > 0)
            {
                File.WriteAllText(Path.Combine(dir.FullName, ".palisade-lint.yaml"), config);
            }

            var r = CliRunner.Run(["check", manifests, "--expect", expect, "--no-profile"]);
            Assert.True(r.ExitCode is 0 or 1, r.Err);
            Assert.Contains("PASS  client reaches web", r.Out, StringComparison.Ordinal);
            Assert.Equal(reported, r.Out.Contains("PAL211", StringComparison.Ordinal));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
