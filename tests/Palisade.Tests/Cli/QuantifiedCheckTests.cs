namespace Palisade.Tests.Cli;

/// <summary>Quantified expectations (port sets and address sets) through the CLI, on the home-lab manifests.</summary>
public sealed class QuantifiedCheckTests
{

    private static CliRunner.Result CheckWith(string expectations, string folder = HomeLab.Manifests)
    {
        using var dir = new TempFolder("palisade-sets-");
        return CliRunner.Run(["check", folder, "--expect", dir.Write("e.yaml", ExpectationsYaml.Criterion("S1", "sets", expectations)), "--no-lint"]);
    }

    private static string One(string from, string to, string port, bool allowed, string name = "e") => ExpectationsYaml.Item(name, from, $"\"{to}\"", port, allowed);

    [Theory]
    [InlineData("internet", "any")]
    [InlineData("private", "any")]
    [InlineData("any-external", "any")]
    [InlineData("0.0.0.0/0", "any")]
    [InlineData("::/0", "any")]
    [InlineData("93.184.216.0/24", "80/TCP,443/TCP")]
    [InlineData("internet", "1000-2000/TCP")]
    [InlineData("internet", "8443/TCP")]
    public void DevContainerEgress_EveryAddressSetAndPortSet_IsProvedDenied(string to, string port)
    {
        CheckWith(One("dev/dev-container-belego", to, port, allowed: false)).Succeeds().OutHas("PASS  e", "proved over");
    }

    [Fact]
    public void WorkloadDestination_AnyPort_FailsWithTheSmallestOpenPortAsCounterexample()
    {
        // nginx-proxy may open 22/TCP to belego and nothing else, so "no port at all" fails on exactly 22/TCP ...
        var denied = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "any", allowed: false)).Exits(1);
        denied.OutHas("counterexample: dev/nginx-proxy -> dev/dev-container-belego port 22/TCP is allowed");

        // ... and "every port" fails on the smallest closed one, 1/TCP.
        var allowed = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "1-65535/TCP", allowed: true)).Exits(1);
        allowed.OutHas("port 1/TCP is denied");

        // Only 22/TCP is open: the exact set passes both ways.
        var exact = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "22/TCP,22/TCP", allowed: true, name: "a")
            + One("dev/nginx-proxy", "dev/dev-container-belego", "1-21/TCP,23-65535/TCP,1-65535/UDP,1-65535/SCTP", allowed: false, name: "b"));
        exact.Succeeds();
    }

    [Fact]
    public void UnisolatedSource_InternetAnyPort_AllowedTrueIsProved()
    {
        // traefik is selected by no policy: every address and port of the Internet is open to it.
        CheckWith(One("kube-system/traefik", "internet", "any", allowed: true)).Succeeds();
    }

    [Fact]
    public void StoryPolicyPlusEgressTo0000On8443_HomeLab_FailsNamingAnAddressAndPort8443()
    {
        using var dir = new TempFolder("palisade-hole-");
        CopyTree(Path.Combine(Palisade.TestSupport.Golden.RepoRoot, "examples", "home-lab"), dir.FullName);
        var policy = Path.Combine(dir.FullName, "manifests", "networkpolicy.yaml");
        var text = File.ReadAllText(policy);
        const string Egress = "  egress:\n";
        Assert.Contains(Egress, text, StringComparison.Ordinal);
        var at = text.IndexOf(Egress, StringComparison.Ordinal) + Egress.Length;
        text = text[..at] + "  - to:\n    - ipBlock:\n        cidr: 0.0.0.0/0\n    ports:\n    - protocol: TCP\n      port: 8443\n" + text[at..];
        File.WriteAllText(policy, text);

        var r = CliRunner.Run(["check", dir.FullName, "--no-profile", "--no-lint"]).Exits(1);
        r.OutHas("FAIL  belego reaches nothing on the Internet, on any port", "counterexample: dev/dev-container-belego -> 1.0.0.0 port 8443/TCP is allowed", "FAIL  pilates reaches nothing on the Internet, on any port");
        // The sampled expectations on 80 and 443 still pass: only the quantified claim sees the hole.
        r.OutHas("PASS  belego cannot reach the Internet on 443 (example.com)");
    }

    [Theory]
    [InlineData("internet", "80-20/TCP", "PAL351", ".port")]
    [InlineData("internet", "any,80/TCP", "PAL351", ".port")]
    [InlineData("internet", "1-70000/TCP", "PAL351", ".port")]
    [InlineData("10.0.0.0/33", "any", "PAL350", ".to")]
    [InlineData("svc/data/postgres-postgresql", "any", "PAL353", ".to")]
    public void BadSet_IsALocatedInputError(string to, string port, string code, string field)
    {
        _ = field;
        CheckWith(One("dev/dev-container-belego", to, port, allowed: false)).Exits(2).ErrMatches($@"e\.yaml:\d+:\d+: error {code}: ").ErrHas("help:");
    }

    [Fact]
    public void ReachesBesideASet_IsALocatedInputError()
    {
        CheckWith(One("dev/dev-container-belego", "internet", "any", allowed: false) + "        reaches: dev/nginx-proxy\n").Exits(2)
            .ErrMatches(@"e\.yaml:\d+:\d+: error PAL352: ");
    }

    private static void CopyTree(string from, string to)
    {
        foreach (var d in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, d)));
        }

        foreach (var f in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(f, Path.Combine(to, Path.GetRelativePath(from, f)));
        }
    }
}
