using Palisade.Manifests;

namespace Palisade.Tests.Manifests;

public sealed class HugePortTests
{
    [Theory]
    [InlineData("port: 99999999999", "8:17")]
    [InlineData("port: \"99999999999\"", "8:17")]
    public void PolicyPort_TooLargeForAnInteger_IsOutOfRangeNotABadName(string port, string where)
    {
        var text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {}\n  ingress:\n    - ports:\n        - " + port + "\n";
        var result = ManifestLoader.LoadText(text, "p.yaml", new LoadOptions());
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal("PAL116", d.Code);
        Assert.Equal($"p.yaml:{where}", d.Location.ToString());
    }
}
