using Palisade.Manifests;

namespace Palisade.Tests.Manifests;

public sealed class HugePortTests
{
    [Theory]
    [InlineData("port: 99999999999", "8:17", "PAL116")]

    // Quoted, it is a string and so a port name, which needs a letter: rejected as a name, as the API server does.
    [InlineData("port: \"99999999999\"", "8:17", "PAL120")]
    public void PolicyPort_TooLargeForAnInteger_IsOutOfRangeOrABadNameWhenQuoted(string port, string where, string code)
    {
        var text = "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: a}\nspec:\n  podSelector: {}\n  ingress:\n    - ports:\n        - " + port + "\n";
        var result = ManifestLoader.LoadText(text, "p.yaml", new LoadOptions());
        var d = Assert.Single(result.Diagnostics);
        Assert.Equal(code, d.Code);
        Assert.Equal($"p.yaml:{where}", d.Location.ToString());
    }
}
