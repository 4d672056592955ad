using Palisade.Cluster.Connection;

namespace Palisade.Cluster.Tests.Connection;

public sealed class KubectlDurationTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("1m", 60)]
    [InlineData("1m30s", 90)]
    [InlineData("1.5h", 5400)]
    [InlineData("500ms", 0.5)]
    [InlineData("0s", 0)]
    public void KubectlForms_AreParsed(string text, double seconds)
    {
        Assert.True(KubectlDuration.TryParse(text, out var value));
        Assert.Equal(seconds, value.TotalSeconds, 6);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-5")]
    [InlineData("-5s")]
    [InlineData("5x")]
    [InlineData("s")]
    [InlineData("1d")]
    [InlineData("30 s")]
    [InlineData("99999999999999999999")]
    [InlineData("25h")]
    [InlineData("1.2.3s")]
    public void NotKubectlForms_AreRefused(string text) => Assert.False(KubectlDuration.TryParse(text, out _));
}
