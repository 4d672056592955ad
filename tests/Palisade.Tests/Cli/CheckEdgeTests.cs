namespace Palisade.Tests.Cli;

/// <summary>Edge cases of check: several backends, same-named rendered policies, empty files, output paths.</summary>
public sealed class CheckEdgeTests
{
    private const string Dir = "tests/scenarios/check/multi-backend";

    [Fact]
    public void DeniedExpectation_OneOfTwoBackendsOpen_Fails()
    {
        CliRunner.Run(["check", Dir, "--no-profile", "--no-lint"]).Exits(1)
            .OutHas("FAIL  client cannot reach the web Service", "got partly allowed (1 of 2 source/backend paths open)", "FAIL  client reaches the web Service");
    }

    [Fact]
    public void RenderedPolicy_SameNameAsInputPolicy_ReplacesIt()
    {
        // The profile renders a/lock-web2 allowing the client on both backends' ports; kubectl apply would replace the
        // input's deny-all a/lock-web2, so the client reaches both backends.
        CliRunner.Run(["check", Dir, "--no-lint"])
            .ErrHas("replaces the input's a/lock-web2").OutHas("PASS  client reaches the web Service").OutLacks("allowed by a/lock-web2 ingress rule 1, a/lock-web2");
    }

    [Theory]
    [InlineData("criteria: []", "PAL330")]
    [InlineData("criteria: [null]", "PAL331")]
    [InlineData("criteria:\n  - id: C1\n    title: t\n    expect: []", "PAL332")]
    [InlineData("criteria:\n  - id: C1\n    title: t\n    expect: [null]", "PAL335")]
    public void EmptyExpectations_AreAnInputError(string body, string code)
    {
        using var dir = new TempFolder("palisade-empty-");
        var file = dir.Write("e.yaml", "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\n" + body + "\n");
        CliRunner.Run(["check", HomeLab.Manifests, "--expect", file]).Exits(2).ErrHas($"error {code}");
    }

    [Fact]
    public void Report_IntoAFolder_IsAnInputErrorNotACrash()
    {
        using var dir = new TempFolder("palisade-out-");
        CliRunner.Run(["check", HomeLab.Folder, "--output-file", dir.FullName]).Exits(2).ErrHas("error PAL134");
    }

    [Fact]
    public void Render_NamespaceNamesThatLookLikeNumbers_AreQuoted()
    {
        using var dir = new TempFolder("palisade-quote-");
        var file = dir.Write("p.yaml", """
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
        var r = CliRunner.Run(["render", file]).Succeeds().OutHas("namespace: \"2024-01-01\"", "kubernetes.io/metadata.name: \"0b101\"");
        // Two requirements on one key cannot both be matchLabels entries.
        r.OutLacks("matchLabels:\n        app:");
        var loaded = Palisade.Manifests.ManifestLoader.LoadText(r.Out, "r.yaml", new Palisade.Manifests.LoadOptions());
        Assert.Empty(loaded.Diagnostics);
        Assert.Equal(2, loaded.Snapshot.Policies[0].PodSelector.Requirements.Count);
    }

    [Theory]
    [InlineData("", true)]
    [InlineData("disable: [PAL211]\n", false)]
    public void LintConfigInInputFolder_IsHonouredAsByLint(string config, bool reported)
    {
        // a/web's policy (policyTypes [Ingress]) admits everyone and also writes egress rules, which its policyTypes
        // ignore: PAL211, unless the folder's .palisade-lint.yaml disables it, as it does for lint and report.
        var ignoredEgress = WebAndClient.IngressToWeb("  - {}\n  egress: [{}]\n");
        using var dir = new TempFolder("palisade-check-lint-");
        var manifests = dir.Write("m.yaml", WebAndClient.Manifests("10.0.2.1", ignoredEgress));
        var expect = dir.Write("e.yaml", WebAndClient.ClientToWeb80(allowed: true));
        if (config.Length > 0)
        {
            dir.Write(".palisade-lint.yaml", config);
        }

        var r = CliRunner.Run(["check", manifests, "--expect", expect, "--no-profile"]);
        Assert.True(r.ExitCode is 0 or 1, r.Err);
        r.OutHas("PASS  client reaches web");
        Assert.Equal(reported, r.Out.Contains("PAL211", StringComparison.Ordinal));
    }
}
