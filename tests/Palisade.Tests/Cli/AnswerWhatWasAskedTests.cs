namespace Palisade.Tests.Cli;

/// <summary>
/// Commands answer exactly what was asked: a profile isolates only the directions it declares; a deleted input policy
/// never takes the rendered policy of the same name with it.
/// </summary>
public sealed class AnswerWhatWasAskedTests : IDisposable
{
    private readonly TempFolder dir = new("palisade-asked-");

    public void Dispose() => dir.Dispose();

    private string Profile(string sections) =>
        dir.Write("p.yaml", "apiVersion: palisade.dev/v1alpha1\nkind: IsolationProfile\nmetadata: {name: web}\nspec:\n"
            + "  isolate:\n    namespace: a\n    podSelector: {matchLabels: {app: web}}\n" + sections);

    [Fact]
    public void Render_IngressOnlyProfile_DoesNotIsolateEgress()
    {
        CliRunner.Run(["render", Profile("  ingress:\n    - name: c\n      from: {namespace: a}\n      ports: [80/TCP]\n")]).Succeeds()
            .OutHas("  policyTypes:\n    - Ingress\n").OutLacks("Egress", "egress:").ErrLacks("PAL182");
    }

    [Fact]
    public void Render_EgressOnlyProfile_DoesNotIsolateIngress()
    {
        CliRunner.Run(["render", Profile("  egress:\n    - name: dns\n      to: {namespace: kube-system}\n      ports: [53/UDP]\n")]).Succeeds()
            .OutHas("  policyTypes:\n    - Egress\n").OutLacks("ingress:").ErrLacks("PAL182");
    }

    [Fact]
    public void Render_ExplicitEmptyEgress_DeniesAllEgressAndWarnsAboutDns()
    {
        CliRunner.Run(["render", Profile("  ingress: []\n  egress: []\n")]).Succeeds()
            .OutHas("    - Ingress\n    - Egress\n", "  ingress: []\n", "  egress: []\n").ErrMatches(@"p\.yaml:\d+:\d+: warning PAL182: egress isolates the pods and no entry allows DNS");
    }

    [Fact]
    public void Render_NeitherSection_IsALocatedError()
    {
        CliRunner.Run(["render", Profile(string.Empty)]).Exits(2)
            .ErrMatches(@"p\.yaml:\d+:\d+: error PAL181: the profile declares neither ingress nor egress").OutIsEmpty();
    }

    [Fact]
    public void Check_IngressOnlyProfile_LeavesTheIsolatedPodsEgressOpen()
    {
        // multi-backend's profile declares only ingress: the web pods keep their egress.
        var expect = dir.Write("e.yaml", ExpectationsYaml.Criterion("C1", "t", ExpectationsYaml.Item("web1 still reaches the client", "a/web1", "a/client", "80/TCP", allowed: true)));
        CliRunner.Run(["check", "tests/scenarios/check/multi-backend/manifests.yaml", "--profile", "tests/scenarios/check/multi-backend/profile.yaml", "--expect", expect, "--no-lint"]).Succeeds();
    }

    [Fact]
    public void Diff_DeletePolicyNamedLikeTheRenderedOne_KeepsTheRenderedPolicy()
    {
        // The profile renders dev/dev-container-isolation, the very name of the input policy the change deletes.
        var text = File.ReadAllText(Path.Combine(Palisade.TestSupport.Golden.RepoRoot, HomeLab.Profile))
            .Replace("name: dev-container-isolation-rendered", "name: dev-container-isolation", StringComparison.Ordinal);
        var profile = dir.Write("profile.yaml", text);
        CliRunner.Run(["diff", HomeLab.Folder, profile, "--delete-policy", "dev/dev-container-isolation", "--fail-on", "new-exposure"]).Succeeds()
            .OutHas("0 change(s) opening connections, 2 closing");
    }

    [Fact]
    public void Check_ReachesThroughProxyWithoutProfile_SaysWhereItLandsAndHintsProfile()
    {
        // Without the profile Palisade does not know the proxy's routes: the connection ends at the proxy pod.
        var r = CliRunner.Run(["check", HomeLab.Manifests, "--expect", HomeLab.Expectations, "--no-lint"]).Exits(1);
        var line = r.Out.Split('\n').First(l => l.Contains("192.168.2.101 2222/TCP", StringComparison.Ordinal));
        Assert.Contains("expected allowed, is allowed but lands in the wrong place; reaches dev/nginx-proxy, expected to reach dev/dev-container-belego", line, StringComparison.Ordinal);
        Assert.Contains("dev/nginx-proxy serves svc/", line, StringComparison.Ordinal);
        Assert.Contains("pass --profile", line, StringComparison.Ordinal);
        r.OutLacks("got allowed");
    }

    [Fact]
    public void Matrix_PodsWithoutContainerPorts_UsesServiceTargetPortsAndSaysSo()
    {
        var file = dir.Write("m.yaml", """
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
        var r = CliRunner.Run(["matrix", file, "--output", "csv"]).Succeeds().OutHas("a/client,a/web,8080,TCP,true");
        Assert.DoesNotContain(",a/client,", r.Out, StringComparison.Ordinal); // no port declared or targeted
        r.ErrHas("a/web (8080/TCP)", "declare no container ports");
        CliRunner.Run(["matrix", file]).OutHas("8080/TCP");
    }
}
