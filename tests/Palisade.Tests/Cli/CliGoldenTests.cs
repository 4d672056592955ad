namespace Palisade.Tests.Cli;

/// <summary>Golden tests of the CLI on the home-lab example and on malformed input, exit codes included.</summary>
public sealed class CliGoldenTests
{

    [Theory]
    [InlineData("text", "matrix.txt")]
    [InlineData("json", "matrix.json")]
    [InlineData("csv", "matrix.csv")]
    [InlineData("md", "matrix.md")]
    public void Matrix_HomeLab_MatchesGolden(string format, string golden)
    {
        var r = CliRunner.Run(["matrix", HomeLab.Manifests, "--port", "22/TCP", "--output", format]).Succeeds().ErrIsEmpty();
        Golden.Check($"tests/scenarios/cli/home-lab/golden/{golden}", r.Out);
    }

    [Theory]
    [InlineData("explain-belego-pilates.txt", "dev/dev-container-belego", "dev/dev-container-pilates", "22/TCP", "text")]
    [InlineData("explain-belego-pilates.json", "dev/dev-container-belego", "dev/dev-container-pilates", "22/TCP", "json")]
    [InlineData("explain-nginx-belego-svc.txt", "dev/nginx-proxy", "svc/dev/dev-container-belego-svc", "22", "text")]
    [InlineData("explain-belego-dns-clusterip.txt", "dev/dev-container-belego", "10.43.0.10", "53/UDP", "text")]
    [InlineData("explain-belego-internet.txt", "dev/dev-container-belego", "93.184.216.34", "443", "text")]
    [InlineData("explain-traefik-belego.txt", "kube-system/traefik", "dev/dev-container-belego", "22", "text")]
    public void Explain_HomeLab_MatchesGolden(string golden, string from, string to, string port, string format)
    {
        var r = CliRunner.Run(["explain", HomeLab.Manifests, "--from", from, "--to", to, "--port", port, "--output", format]).Succeeds();
        Golden.Check($"tests/scenarios/cli/home-lab/golden/{golden}", r.Out);
    }

    [Fact]
    public void Matrix_MalformedInput_ReportsEveryErrorWithLocationAndExits2()
    {
        var r = CliRunner.Run(["matrix", "tests/scenarios/cli/malformed/input"]).Exits(2).OutIsEmpty();
        Assert.DoesNotContain("   at ", r.Err, StringComparison.Ordinal); // no stack trace
        Golden.Check("tests/scenarios/cli/malformed/golden/matrix.stderr.txt", r.Err);
    }

    [Fact]
    public void Explain_UnknownWorkload_SaysWhatIsKnownAndExits2()
    {
        CliRunner.Run(["explain", HomeLab.Manifests, "--from", "dev/dev-container-nope", "--to", "dev/nginx-proxy", "--port", "80"]).Exits(2)
            .ErrHas("PAL131", "dev/dev-container-belego");
    }

    [Theory]
    [InlineData("matrix", HomeLab.Manifests, "--port", "70000")]
    [InlineData("matrix", HomeLab.Manifests, "--port", "22/ICMP")]
    [InlineData("matrix", HomeLab.Manifests, "--output", "xml")]
    [InlineData("frobnicate")]
    [InlineData("matrix", "does/not/exist")]
    public void BadArguments_Exit2WithoutStackTrace(params string[] args)
    {
        CliRunner.Run(args).Exits(2).ErrHas("error PAL1").ErrLacks("   at ");
    }

    [Fact]
    public void Matrix_FromStdin_ReadsManifests()
    {
        var yaml = File.ReadAllText(Path.Combine(Golden.RepoRoot, HomeLab.Manifests, "dev-containers.yaml"));
        CliRunner.Run(["matrix", "-", "--output", "csv"], stdin: yaml).Succeeds()
            .OutHas("dev/dev-container-belego,dev/dev-container-pilates,22,TCP,true");
    }
}
