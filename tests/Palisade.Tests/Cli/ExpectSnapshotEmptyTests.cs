namespace Palisade.Tests.Cli;

/// <summary>
/// <c>palisade expect snapshot</c> on an input with no pod to take connections from: it refuses (PAL330) instead of
/// writing a file with <c>criteria: []</c> that <c>check</c> would then refuse.
/// </summary>
public sealed class ExpectSnapshotEmptyTests
{
    private const string OnlyNamespace = """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: empty
        """;

    [Fact]
    public void Snapshot_NoPods_RefusedWithoutOutput()
    {
        CliRunner.Run(["expect", "snapshot", "-"], OnlyNamespace).Exits(2).ErrHas("PAL330", "no pod").OutIsEmpty();
    }

    [Fact]
    public void Snapshot_NoPodsToFile_WritesNoFile()
    {
        using var dir = new TempFolder("palisade-snapshot-empty-");
        var target = dir.In("expectations.yaml");
        CliRunner.Run(["expect", "snapshot", "-", "--output-file", target], OnlyNamespace).Exits(2);
        Assert.False(File.Exists(target));
        Assert.Empty(Directory.GetFiles(dir.FullName));
    }
}
