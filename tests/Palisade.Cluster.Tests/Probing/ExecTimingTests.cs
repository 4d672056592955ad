using System.Diagnostics;
using Palisade.Cluster.Probing;

namespace Palisade.Cluster.Tests.Probing;

public sealed class ExecTimingTests
{
    [Fact]
    public async Task Exec_Echo_ReturnsOutputPromptly()
    {
        await using var fake = await FakeCluster.StartAsync();
        fake.Server.Exec = r => new ExecReply("hello\n", "warn\n");
        using var connection = fake.Connect();
        var sw = Stopwatch.StartNew();

        var output = await PodExec.RunAsync(connection, "dev", "nginx-proxy-6d4cf56db6-abcde", null, ["echo", "hello"], TimeSpan.FromSeconds(20), CancellationToken.None);

        Assert.Equal(("hello\n", "warn\n", "Success"), (output.Stdout, output.Stderr, output.Status));
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }
}
