using Palisade.TestSupport;

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
        var r = CliRunner.Run(["expect", "snapshot", "-"], OnlyNamespace);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("PAL330", r.Err, StringComparison.Ordinal);
        Assert.Contains("no pod", r.Err, StringComparison.Ordinal);
        Assert.Equal(string.Empty, r.Out);
    }

    [Fact]
    public void Snapshot_NoPodsToFile_WritesNoFile()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-snapshot-empty-");
        try
        {
            var target = Path.Combine(dir.FullName, "expectations.yaml");
            var r = CliRunner.Run(["expect", "snapshot", "-", "--output-file", target], OnlyNamespace);
            Assert.Equal(2, r.ExitCode);
            Assert.False(File.Exists(target));
            Assert.Empty(Directory.GetFiles(dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
