namespace Palisade.Tests.Cli;

/// <summary>Selector ends (every pod matching, pods to come) through the CLI, on the home-lab manifests.</summary>
public sealed class SelectorCheckTests
{
    private const string DevContainers = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: dev-container}}, hypothetical: true}";
    private const string NotNginx = "{namespaceSelector: {}, podSelector: {matchExpressions: [{key: app.kubernetes.io/name, operator: NotIn, values: [nginx]}]}, hypothetical: true}";
    private const string Nginx = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: nginx}}, hypothetical: true}";

    private static CliRunner.Result CheckWith(string expectations, string folder = "examples/home-lab/manifests")
    {
        var dir = Directory.CreateTempSubdirectory("palisade-selectors-");
        try
        {
            var file = Path.Combine(dir.FullName, "e.yaml");
            File.WriteAllText(file, "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: S1\n    title: selectors\n    expect:\n" + expectations);
            return CliRunner.Run(["check", folder, "--expect", file, "--no-lint"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string One(string from, string to, string port, bool allowed, string name = "e") =>
        $"      - name: {name}\n        from: {from}\n        to: {to}\n        port: \"{port}\"\n        allowed: {(allowed ? "true" : "false")}\n";

    [Fact]
    public void OnlyNginxReachesDevContainersOn22_HomeLab_IsProvedForPodsOfTheInputAndToCome()
    {
        var r = CheckWith(
            One(NotNginx, DevContainers, "any", allowed: false, name: "no other pod")
            + One(Nginx, DevContainers, "22/TCP", allowed: true, name: "nginx on 22")
            + One(Nginx, DevContainers, "1-21/TCP,23-65535/TCP,1-65535/UDP,1-65535/SCTP", allowed: false, name: "nginx on nothing else"));
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("PASS  no other pod", r.Out, StringComparison.Ordinal);
        Assert.Contains("proved over", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ClaimThatFails_OnAPodToCome_NamesItsLabelsInTheCounterexample()
    {
        // A future pod labelled nginx in dev is let in on 22 like the real proxy: "only the existing proxy" is false.
        var r = CheckWith(One("{namespace: dev, podSelector: {}, hypothetical: true}", DevContainers, "22/TCP", allowed: false));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("counterexample: dev/nginx-proxy -> dev/dev-container-belego port 22/TCP is allowed", r.Out, StringComparison.Ordinal);

        // No pod of the input carries tier=future: the claim is about a pod to come alone, and fails on it.
        var future = CheckWith(One("{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: nginx, tier: future}}, hypothetical: true}", DevContainers, "22/TCP", allowed: false));
        Assert.Equal(1, future.ExitCode);
        Assert.Contains("counterexample: dev/(hypothetical) (a pod to come, labels {app.kubernetes.io/name=nginx,tier=future}) -> dev/dev-container-belego port 22/TCP is allowed", future.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void NamedPort_ResolvedPerDestinationPod_IsDecidedOnItsNumber()
    {
        var r = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "ssh", allowed: true, name: "a")
            + One("dev/nginx-proxy", "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: dev-container}}}", "ssh/TCP", allowed: true, name: "b"));
        Assert.True(r.ExitCode == 0, r.Out + r.Err);

        var denied = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "80/TCP,ssh/TCP", allowed: false));
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("counterexample: dev/nginx-proxy -> dev/dev-container-belego port 22/TCP is allowed", denied.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void NamedPort_OnAPodToComeThatDeclaresNoPorts_FailsAnAllowedClaim()
    {
        var r = CheckWith(One(Nginx, DevContainers, "ssh", allowed: true));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("declares no container port named ssh for TCP", r.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev/dev-container-belego", "internet", "ssh", "PAL358")]
    [InlineData("dev/dev-container-belego", "1.1.1.1", "ssh/TCP", "PAL358")]
    [InlineData("dev/nginx-proxy", "dev/dev-container-belego", "s_sh", "PAL351")]
    public void NamedPort_WithoutADestinationPod_IsALocatedInputError(string from, string to, string port, string code)
    {
        var r = CheckWith(One(from, to, port, allowed: false));
        Assert.True(r.ExitCode == 2, r.Out + r.Err);
        Assert.Matches($@"e\.yaml:\d+:\d+: error {code}: ", r.Err);
    }

    [Theory]
    [InlineData("{namespace: dev, podSelector: {matchLabels: {app: nothing-has-this}}}", "PAL354")]
    [InlineData("{namespace: nowhere, hypothetical: true}", "PAL356")]
    [InlineData("{namespace: dev, podSelector: {matchLabels: {app: a}, matchExpressions: [{key: app, operator: NotIn, values: [a]}]}}", "PAL355")]
    public void SelectorThatCannotStandForAPod_IsALocatedInputError(string from, string code)
    {
        var r = CheckWith(One(from, DevContainers, "22/TCP", allowed: false));
        Assert.True(r.ExitCode == 2, r.Out + r.Err);
        Assert.Matches($@"e\.yaml:\d+:\d+: error {code}: ", r.Err);
        Assert.Contains("help:", r.Err, StringComparison.Ordinal);
    }
}
