namespace Palisade.Tests.Cli;

/// <summary>Quantified expectations (port sets and address sets) through the CLI, on the home-lab manifests.</summary>
public sealed class QuantifiedCheckTests
{
    private const string Manifests = "examples/home-lab/manifests";

    private static CliRunner.Result CheckWith(string expectations, string folder = Manifests)
    {
        var dir = Directory.CreateTempSubdirectory("palisade-sets-");
        try
        {
            var file = Path.Combine(dir.FullName, "e.yaml");
            File.WriteAllText(file, "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: S1\n    title: sets\n    expect:\n" + expectations);
            return CliRunner.Run(["check", folder, "--expect", file, "--no-lint"]);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string One(string from, string to, string port, bool allowed, string name = "e") =>
        $"      - name: {name}\n        from: {from}\n        to: \"{to}\"\n        port: \"{port}\"\n        allowed: {(allowed ? "true" : "false")}\n";

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
        var r = CheckWith(One("dev/dev-container-belego", to, port, allowed: false));
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("PASS  e", r.Out, StringComparison.Ordinal);
        Assert.Contains("proved over", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkloadDestination_AnyPort_FailsWithTheSmallestOpenPortAsCounterexample()
    {
        // nginx-proxy may open 22/TCP to belego and nothing else, so "no port at all" fails on exactly 22/TCP ...
        var denied = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "any", allowed: false));
        Assert.Equal(1, denied.ExitCode);
        Assert.Contains("counterexample: dev/nginx-proxy -> dev/dev-container-belego port 22/TCP is allowed", denied.Out, StringComparison.Ordinal);

        // ... and "every port" fails on the smallest closed one, 1/TCP.
        var allowed = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "1-65535/TCP", allowed: true));
        Assert.Equal(1, allowed.ExitCode);
        Assert.Contains("port 1/TCP is denied", allowed.Out, StringComparison.Ordinal);

        // Only 22/TCP is open: the exact set passes both ways.
        var exact = CheckWith(One("dev/nginx-proxy", "dev/dev-container-belego", "22/TCP,22/TCP", allowed: true, name: "a")
            + One("dev/nginx-proxy", "dev/dev-container-belego", "1-21/TCP,23-65535/TCP,1-65535/UDP,1-65535/SCTP", allowed: false, name: "b"));
        Assert.True(exact.ExitCode == 0, exact.Out + exact.Err);
    }

    [Fact]
    public void UnisolatedSource_InternetAnyPort_AllowedTrueIsProved()
    {
        // traefik is selected by no policy: every address and port of the Internet is open to it.
        var r = CheckWith(One("kube-system/traefik", "internet", "any", allowed: true));
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
    }

    [Fact]
    public void StoryPolicyPlusEgressTo0000On8443_HomeLab_FailsNamingAnAddressAndPort8443()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-hole-");
        try
        {
            CopyTree(Path.Combine(Palisade.TestSupport.Golden.RepoRoot, "examples", "home-lab"), dir.FullName);
            var policy = Path.Combine(dir.FullName, "manifests", "networkpolicy.yaml");
            var text = File.ReadAllText(policy);
            const string Egress = "  egress:\n";
            Assert.Contains(Egress, text, StringComparison.Ordinal);
            var at = text.IndexOf(Egress, StringComparison.Ordinal) + Egress.Length;
            text = text[..at] + "  - to:\n    - ipBlock:\n        cidr: 0.0.0.0/0\n    ports:\n    - protocol: TCP\n      port: 8443\n" + text[at..];
            File.WriteAllText(policy, text);

            var r = CliRunner.Run(["check", dir.FullName, "--no-profile", "--no-lint"]);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("FAIL  belego reaches nothing on the Internet, on any port", r.Out, StringComparison.Ordinal);
            Assert.Contains("counterexample: dev/dev-container-belego -> 1.0.0.0 port 8443/TCP is allowed", r.Out, StringComparison.Ordinal);
            Assert.Contains("FAIL  pilates reaches nothing on the Internet, on any port", r.Out, StringComparison.Ordinal);
            // The sampled expectations on 80 and 443 still pass: only the quantified claim sees the hole.
            Assert.Contains("PASS  belego cannot reach the Internet on 443 (example.com)", r.Out, StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
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
        var r = CheckWith(One("dev/dev-container-belego", to, port, allowed: false));
        Assert.True(r.ExitCode == 2, r.Out + r.Err);
        Assert.Matches($@"e\.yaml:\d+:\d+: error {code}: ", r.Err);
        Assert.Contains("help:", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void ReachesBesideASet_IsALocatedInputError()
    {
        var r = CheckWith(One("dev/dev-container-belego", "internet", "any", allowed: false) + "        reaches: dev/nginx-proxy\n");
        Assert.Equal(2, r.ExitCode);
        Assert.Matches(@"e\.yaml:\d+:\d+: error PAL352: ", r.Err);
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
