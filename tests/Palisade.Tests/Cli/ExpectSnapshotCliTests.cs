using Palisade.Manifests.Documents;
using Palisade.TestSupport;

namespace Palisade.Tests.Cli;

/// <summary><c>palisade expect snapshot</c> through the CLI: the home-lab golden, its round trip through <c>check</c>, the output forms.</summary>
public sealed class ExpectSnapshotCliTests
{
    private static readonly string GoldenFile = Golden.Scenario("expect-snapshot", "home-lab", "golden", "snapshot.yaml");

    [Fact]
    public void HomeLab_Snapshot_MatchesGolden()
    {
        var r = CliRunner.Run(["expect", "snapshot", "examples/home-lab/manifests"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Equal(string.Empty, r.Err);
        Golden.Check(GoldenFile, r.Out);
    }

    [Fact]
    public void HomeLab_GoldenSnapshot_ChecksGreen()
    {
        var r = CliRunner.Run(["check", "examples/home-lab/manifests", "--expect", GoldenFile, "--no-lint"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("52 passed, 0 failed", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void HomeLab_SnapshotWithFilenameAndStdin_AreTheSame()
    {
        var byPath = CliRunner.Run(["expect", "snapshot", "examples/home-lab/manifests"]);
        var byFilename = CliRunner.Run(["expect", "snapshot", "-f", "examples/home-lab/manifests"]);
        var stdin = string.Join("\n---\n", Directory.GetFiles(Path.Combine(Golden.RepoRoot, "examples", "home-lab", "manifests"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        var byStdin = CliRunner.Run(["expect", "snapshot", "-"], stdin);
        Assert.Equal(0, byStdin.ExitCode);
        Assert.Equal(byPath.Out, byFilename.Out);
        Assert.Equal(byPath.Out, byStdin.Out);
    }

    [Fact]
    public void Snapshot_OutputFile_IsWrittenAndSaysSo()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-snapshot-");
        try
        {
            var target = Path.Combine(dir.FullName, "baseline.yaml");
            var r = CliRunner.Run(["expect", "snapshot", Path.Combine(Golden.RepoRoot, "examples", "home-lab", "manifests"), "--output-file", target]);
            Assert.True(r.ExitCode == 0, r.Err);
            Assert.Equal(string.Empty, r.Out);
            Assert.Contains("snapshot (52 expectations) written to", r.Err, StringComparison.Ordinal);
            Assert.Equal(File.ReadAllText(GoldenFile), File.ReadAllText(target));
            Assert.Single(Directory.GetFiles(dir.FullName)); // no temp file left behind
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Snapshot_Json_ReadsBackToTheSameExpectations()
    {
        var yaml = ExpectationsReader.Read("s.yaml", "s.yaml", File.ReadAllText(GoldenFile)).Value!;
        var r = CliRunner.Run(["expect", "snapshot", "examples/home-lab/manifests", "-o", "json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        var json = ExpectationsReader.Read("s.json", "s.json", r.Out);
        Assert.Empty(json.Diagnostics);
        Assert.Equal(yaml.All.Select(e => (e.Name, e.From, e.To, e.PortText, e.Allowed)), json.Value!.All.Select(e => (e.Name, e.From, e.To, e.PortText, e.Allowed)));
    }

    [Fact]
    public void Snapshot_BadManifest_ExitsTwoAndWritesNothing()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-snapshot-");
        try
        {
            var target = Path.Combine(dir.FullName, "baseline.yaml");
            var r = CliRunner.Run(["expect", "snapshot", "-", "--output-file", target], "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec: {containerz: []}\n");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("error PAL", r.Err, StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Snapshot_UndeterminedCells_AreLeftOutAndNamed()
    {
        // A domainNames peer may match any address: the egress of its subject (b/client) is undetermined.
        var manifests = WebAndClient.Manifests("10.0.2.1", WebAndClient.RegistryByDomainName("{matchLabels: {kubernetes.io/metadata.name: b}}"));
        var r = CliRunner.Run(["expect", "snapshot", "-"], manifests);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("warning PAL338: left out: b/client -> any-external on 1-65535/TCP,1-65535/UDP,1-65535/SCTP: undetermined", r.Err, StringComparison.Ordinal);
        Assert.Contains("# left out: b/client -> any-external on 1-65535/TCP,1-65535/UDP,1-65535/SCTP: undetermined", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("from: b/client", r.Out, StringComparison.Ordinal); // neither open nor closed is frozen
        Assert.Contains("from: a/web", r.Out, StringComparison.Ordinal);
        var dir = Directory.CreateTempSubdirectory("palisade-snapshot-");
        try
        {
            var expect = Path.Combine(dir.FullName, "e.yaml");
            File.WriteAllText(expect, r.Out);
            var check = CliRunner.Run(["check", "-", "--expect", expect, "--no-lint"], manifests);
            Assert.True(check.ExitCode == 0, check.Out + check.Err);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
