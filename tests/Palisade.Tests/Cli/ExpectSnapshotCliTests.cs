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
        var r = CliRunner.Run(["expect", "snapshot", HomeLab.Manifests]).Succeeds().ErrIsEmpty();
        Golden.Check(GoldenFile, r.Out);
    }

    [Fact]
    public void HomeLab_GoldenSnapshot_ChecksGreen()
    {
        CliRunner.Run(["check", HomeLab.Manifests, "--expect", GoldenFile, "--no-lint"]).Succeeds().OutHas("52 passed, 0 failed");
    }

    [Fact]
    public void HomeLab_SnapshotWithFilenameAndStdin_AreTheSame()
    {
        var byPath = CliRunner.Run(["expect", "snapshot", HomeLab.Manifests]);
        var byFilename = CliRunner.Run(["expect", "snapshot", "-f", HomeLab.Manifests]);
        var stdin = string.Join("\n---\n", Directory.GetFiles(Path.Combine(Golden.RepoRoot, "examples", "home-lab", "manifests"), "*.yaml").Order(StringComparer.Ordinal).Select(File.ReadAllText));
        var byStdin = CliRunner.Run(["expect", "snapshot", "-"], stdin).Succeeds();
        Assert.Equal(byPath.Out, byFilename.Out);
        Assert.Equal(byPath.Out, byStdin.Out);
    }

    [Fact]
    public void Snapshot_OutputFile_IsWrittenAndSaysSo()
    {
        using var dir = new TempFolder("palisade-snapshot-");
        var target = dir.In("baseline.yaml");
        CliRunner.Run(["expect", "snapshot", Path.Combine(Golden.RepoRoot, "examples", "home-lab", "manifests"), "--output-file", target]).Succeeds()
            .OutIsEmpty().ErrHas("snapshot (52 expectations) written to");
        Assert.Equal(File.ReadAllText(GoldenFile), File.ReadAllText(target));
        Assert.Single(Directory.GetFiles(dir.FullName)); // no temp file left behind
    }

    [Fact]
    public void Snapshot_Json_ReadsBackToTheSameExpectations()
    {
        var yaml = ExpectationsReader.Read("s.yaml", "s.yaml", File.ReadAllText(GoldenFile)).Value!;
        var r = CliRunner.Run(["expect", "snapshot", HomeLab.Manifests, "-o", "json"]).Succeeds();
        var json = ExpectationsReader.Read("s.json", "s.json", r.Out);
        Assert.Empty(json.Diagnostics);
        Assert.Equal(yaml.All.Select(e => (e.Name, e.From, e.To, e.PortText, e.Allowed)), json.Value!.All.Select(e => (e.Name, e.From, e.To, e.PortText, e.Allowed)));
    }

    [Fact]
    public void Snapshot_BadManifest_ExitsTwoAndWritesNothing()
    {
        using var dir = new TempFolder("palisade-snapshot-");
        var target = dir.In("baseline.yaml");
        CliRunner.Run(["expect", "snapshot", "-", "--output-file", target], "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\nspec: {containerz: []}\n").Exits(2)
            .ErrHas("error PAL");
        Assert.Empty(Directory.GetFiles(dir.FullName));
    }

    [Fact]
    public void Snapshot_UndeterminedCells_AreLeftOutAndNamed()
    {
        // A domainNames peer may match any address: the egress of its subject (b/client) is undetermined.
        var manifests = WebAndClient.Manifests("10.0.2.1", WebAndClient.RegistryByDomainName("{matchLabels: {kubernetes.io/metadata.name: b}}"));
        var r = CliRunner.Run(["expect", "snapshot", "-"], manifests).Succeeds();
        r.ErrHas("warning PAL338: left out: b/client -> any-external on 1-65535/TCP,1-65535/UDP,1-65535/SCTP: undetermined").OutHas("# left out: b/client -> any-external on 1-65535/TCP,1-65535/UDP,1-65535/SCTP: undetermined");
        Assert.DoesNotContain("from: b/client", r.Out, StringComparison.Ordinal); // neither open nor closed is frozen
        r.OutHas("from: a/web");
        using var dir = new TempFolder("palisade-snapshot-");
        var expect = dir.Write("e.yaml", r.Out);
        CliRunner.Run(["check", "-", "--expect", expect, "--no-lint"], manifests).Succeeds();
    }
}
