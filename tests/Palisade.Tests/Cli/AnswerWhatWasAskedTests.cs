namespace Palisade.Tests.Cli;

/// <summary>
/// Commands answer exactly what was asked: a profile isolates only the directions it declares; a deleted input policy
/// never takes the rendered policy of the same name with it.
/// </summary>
public sealed class AnswerWhatWasAskedTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("palisade-asked-");

    public void Dispose() => dir.Delete(recursive: true);

    private string Profile(string sections)
    {
        var file = Path.Combine(dir.FullName, "p.yaml");
        File.WriteAllText(file, "apiVersion: palisade.dev/v1alpha1\nkind: IsolationProfile\nmetadata: {name: web}\nspec:\n"
            + "  isolate:\n    namespace: a\n    podSelector: {matchLabels: {app: web}}\n" + sections);
        return file;
    }

    [Fact]
    public void Render_IngressOnlyProfile_DoesNotIsolateEgress()
    {
        var r = CliRunner.Run(["render", Profile("  ingress:\n    - name: c\n      from: {namespace: a}\n      ports: [80/TCP]\n")]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("  policyTypes:\n    - Ingress\n", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("Egress", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("egress:", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PAL182", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_EgressOnlyProfile_DoesNotIsolateIngress()
    {
        var r = CliRunner.Run(["render", Profile("  egress:\n    - name: dns\n      to: {namespace: kube-system}\n      ports: [53/UDP]\n")]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("  policyTypes:\n    - Egress\n", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ingress:", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PAL182", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ExplicitEmptyEgress_DeniesAllEgressAndWarnsAboutDns()
    {
        var r = CliRunner.Run(["render", Profile("  ingress: []\n  egress: []\n")]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("    - Ingress\n    - Egress\n", r.Out, StringComparison.Ordinal);
        Assert.Contains("  ingress: []\n", r.Out, StringComparison.Ordinal);
        Assert.Contains("  egress: []\n", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"p\.yaml:\d+:\d+: warning PAL182: egress isolates the pods and no entry allows DNS", r.Err);
    }

    [Fact]
    public void Render_NeitherSection_IsALocatedError()
    {
        var r = CliRunner.Run(["render", Profile(string.Empty)]);
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"p\.yaml:\d+:\d+: error PAL181: the profile declares neither ingress nor egress", r.Err);
        Assert.Empty(r.Out);
    }

    [Fact]
    public void Check_IngressOnlyProfile_LeavesTheIsolatedPodsEgressOpen()
    {
        // multi-backend's profile declares only ingress: the web pods keep their egress.
        var expect = Path.Combine(dir.FullName, "e.yaml");
        File.WriteAllText(expect, "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: C1\n    title: t\n    expect:\n"
            + "      - name: web1 still reaches the client\n        from: a/web1\n        to: a/client\n        port: 80/TCP\n        allowed: true\n");
        var r = CliRunner.Run(["check", "tests/scenarios/check/multi-backend/manifests.yaml", "--profile", "tests/scenarios/check/multi-backend/profile.yaml", "--expect", expect, "--no-lint"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
    }

    [Fact]
    public void Diff_DeletePolicyNamedLikeTheRenderedOne_KeepsTheRenderedPolicy()
    {
        // The profile renders dev/dev-container-isolation, the very name of the input policy the change deletes.
        var text = File.ReadAllText(Path.Combine(Palisade.TestSupport.Golden.RepoRoot, "examples/home-lab/profile.yaml"))
            .Replace("name: dev-container-isolation-rendered", "name: dev-container-isolation", StringComparison.Ordinal);
        var profile = Path.Combine(dir.FullName, "profile.yaml");
        File.WriteAllText(profile, text);
        var r = CliRunner.Run(["diff", "examples/home-lab", profile, "--delete-policy", "dev/dev-container-isolation", "--fail-on", "new-exposure"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("0 change(s) opening connections, 2 closing", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_ReachesThroughProxyWithoutProfile_SaysWhereItLandsAndHintsProfile()
    {
        // Without the profile Palisade does not know the proxy's routes: the connection ends at the proxy pod.
        var r = CliRunner.Run(["check", "examples/home-lab/manifests", "--expect", "examples/home-lab/expectations.yaml", "--no-lint"]);
        Assert.Equal(1, r.ExitCode);
        var line = r.Out.Split('\n').First(l => l.Contains("192.168.2.101 2222/TCP", StringComparison.Ordinal));
        Assert.Contains("expected allowed, is allowed but lands in the wrong place; reaches dev/nginx-proxy, expected to reach dev/dev-container-belego", line, StringComparison.Ordinal);
        Assert.Contains("dev/nginx-proxy serves svc/", line, StringComparison.Ordinal);
        Assert.Contains("pass --profile", line, StringComparison.Ordinal);
        Assert.DoesNotContain("got allowed", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Matrix_PodsWithoutContainerPorts_UsesServiceTargetPortsAndSaysSo()
    {
        var file = Path.Combine(dir.FullName, "m.yaml");
        File.WriteAllText(file, """
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: a, labels: {app: client}}
            spec: {containers: [{name: c, image: busybox}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: a, labels: {app: web}}
            spec: {containers: [{name: c, image: nginx}]}
            ---
            apiVersion: v1
            kind: Service
            metadata: {name: web, namespace: a}
            spec:
              selector: {app: web}
              ports: [{port: 80, targetPort: 8080}]
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: web, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]
            """);
        var r = CliRunner.Run(["matrix", file, "--output", "csv"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("a/client,a/web,8080,TCP,true", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain(",a/client,", r.Out, StringComparison.Ordinal); // no port declared or targeted
        Assert.Contains("a/web (8080/TCP)", r.Err, StringComparison.Ordinal);
        Assert.Contains("declare no container ports", r.Err, StringComparison.Ordinal);
        var text = CliRunner.Run(["matrix", file]);
        Assert.Contains("8080/TCP", text.Out, StringComparison.Ordinal);
    }
}
