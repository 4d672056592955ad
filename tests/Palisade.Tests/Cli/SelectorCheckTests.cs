namespace Palisade.Tests.Cli;

/// <summary>Selector ends (every pod matching, pods to come) through the CLI, on the home-lab manifests.</summary>
public sealed class SelectorCheckTests
{
    private const string DevContainers = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: dev-container}}, hypothetical: true}";
    private const string NotNginx = "{namespaceSelector: {}, podSelector: {matchExpressions: [{key: app.kubernetes.io/name, operator: NotIn, values: [nginx]}]}, hypothetical: true}";
    private const string Nginx = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: nginx}}, hypothetical: true}";

    private static CliRunner.Result CheckWith(string expectations, string folder = HomeLab.Manifests)
    {
        using var dir = new TempFolder("palisade-selectors-");
        return CliRunner.Run(["check", folder, "--expect", dir.Write("e.yaml", ExpectationsYaml.Criterion("S1", "selectors", expectations)), "--no-lint"]);
    }

    private static string One(string from, string to, string port, bool allowed, string name = "e") => ExpectationsYaml.Item(name, from, to, port, allowed);

    [Fact]
    public void OnlyNginxReachesDevContainersOn22_HomeLab_IsProvedForPodsOfTheInputAndToCome()
    {
        var r = CheckWith(
            One(NotNginx, DevContainers, "any", allowed: false, name: "no other pod")
            + One(Nginx, DevContainers, "22/TCP", allowed: true, name: "nginx on 22")
            + One(Nginx, DevContainers, "1-21/TCP,23-65535/TCP,1-65535/UDP,1-65535/SCTP", allowed: false, name: "nginx on nothing else"));
        r.Succeeds().OutHas("PASS  no other pod", "proved over");
    }

    [Fact]
    public void ClaimThatFails_OnAPodToCome_NamesItsLabelsInTheCounterexample()
    {
        // A future pod labelled nginx in dev is let in on 22 like the real proxy: "only the existing proxy" is false.
        CheckWith(One("{namespace: dev, podSelector: {}, hypothetical: true}", DevContainers, "22/TCP", allowed: false)).Exits(1)
            .OutHas("counterexample: dev/nginx-proxy -> dev/dev-container-belego port 22/TCP is allowed");

        // No pod of the input carries tier=future: the claim is about a pod to come alone, and fails on it.
        CheckWith(One("{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: nginx, tier: future}}, hypothetical: true}", DevContainers, "22/TCP", allowed: false)).Exits(1)
            .OutHas("counterexample: dev/(hypothetical) (a pod to come, labels {app.kubernetes.io/name=nginx,tier=future}) -> dev/dev-container-belego port 22/TCP is allowed");
    }

    [Fact]
    public void NamedPort_ResolvedPerDestinationPod_IsDecidedOnItsNumber()
    {
        var r = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "ssh", allowed: true, name: "a")
            + One("dev/nginx-proxy", "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: dev-container}}}", "ssh/TCP", allowed: true, name: "b"));
        r.Succeeds();

        CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "80/TCP,ssh/TCP", allowed: false)).Exits(1)
            .OutHas("counterexample: dev/nginx-proxy -> dev/dev-container-belego port 22/TCP is allowed");
    }

    [Fact]
    public void NamedPort_OnAPodToComeThatDeclaresNoPorts_FailsAnAllowedClaim()
    {
        CheckWith(One(Nginx, DevContainers, "ssh", allowed: true)).Exits(1).OutHas("declares no container port named ssh for TCP");
    }

    [Theory]
    [InlineData("dev/dev-container-belego", "internet", "ssh", "PAL358")]
    [InlineData("dev/dev-container-belego", "1.1.1.1", "ssh/TCP", "PAL358")]
    [InlineData("dev/nginx-proxy", "dev/dev-container-belego", "s_sh", "PAL351")]
    public void NamedPort_WithoutADestinationPod_IsALocatedInputError(string from, string to, string port, string code)
    {
        CheckWith(One(from, to, port, allowed: false)).Exits(2).ErrMatches($@"e\.yaml:\d+:\d+: error {code}: ");
    }

    [Theory]
    [InlineData("{namespace: dev, podSelector: {matchLabels: {app: nothing-has-this}}}", "PAL354")]
    [InlineData("{namespace: nowhere, hypothetical: true}", "PAL356")]
    [InlineData("{namespace: dev, podSelector: {matchLabels: {app: a}, matchExpressions: [{key: app, operator: NotIn, values: [a]}]}}", "PAL355")]
    public void SelectorThatCannotStandForAPod_IsALocatedInputError(string from, string code)
    {
        CheckWith(One(from, DevContainers, "22/TCP", allowed: false)).Exits(2).ErrMatches($@"e\.yaml:\d+:\d+: error {code}: ").ErrHas("help:");
    }
}
