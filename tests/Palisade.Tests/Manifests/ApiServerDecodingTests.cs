using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Net;
using static Palisade.Tests.Manifests.ManifestTestInput;

namespace Palisade.Tests.Manifests;

/// <summary>
/// Manifests decode as the API server decodes what kubectl sends: Go's JSON zero values for <c>null</c>, and
/// YAML 1.1 scalars as sigs.k8s.io/yaml (go-yaml v2) resolves them (docs/semantics.md, "Decoding").
/// </summary>
public sealed class ApiServerDecodingTests
{
    // The policy a/p; its spec's lines after podSelector start at line 6.
    private static LoadResult LoadPolicy(string podSelector, params string[] spec) => Load(Manifest.NetworkPolicy("a/p", podSelector, spec));

    private static NetworkPolicy Policy(string podSelector, params string[] spec)
    {
        var result = LoadPolicy(podSelector, spec);
        NoErrors(result);
        return Assert.Single(result.Snapshot.Policies);
    }

    private static PortSpec IngressPort(string port)
    {
        var policy = Policy("{}", "ingress:", "- ports:", $"  - port: {port}");
        var ports = Assert.IsType<Ports>(Assert.Single(policy.Ingress).Ports);
        return Assert.Single(ports.Items).Port;
    }

    [Fact]
    public void NullLabelValue_OnPodTemplateAndNamespace_IsTheEmptyString()
    {
        var result = Load(Manifest.Join(
            Manifest.Namespace("a", "{tier: null}"),
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a, labels: {tier: null, app: x}}",
            Manifest.Deployment("a/d", "{app: d}", "{app: d, tier: ~}")));

        NoErrors(result);
        Assert.Equal(string.Empty, result.Snapshot.FindNamespace("a")!.Labels["tier"]);
        Assert.Equal(string.Empty, result.Snapshot.FindPod(new ObjectRef("a", "p"))!.Labels["tier"]);
        Assert.Equal(string.Empty, Assert.Single(result.Snapshot.Workloads).TemplateLabels["tier"]);
    }

    [Fact]
    public void NullIngressRule_IsAnEmptyRule_AllowingEverything()
    {
        var policy = Policy("{}", "ingress: [null]");

        var rule = Assert.Single(policy.Ingress);
        Assert.IsType<AnyPeer>(rule.Peers);
        Assert.IsType<AnyPort>(rule.Ports);
    }

    [Fact]
    public void NullPort_IsOneEntry_TcpAllPorts()
    {
        var policy = Policy("{}", "egress:", "- ports: [null]");

        var ports = Assert.IsType<Ports>(Assert.Single(policy.Egress).Ports);
        Assert.Equal(new PolicyPort(Protocol.TCP, AnyPortNumber.Instance), Assert.Single(ports.Items), PortComparer.Instance);
    }

    [Fact]
    public void NullPeer_IsAnEmptyPeer_WhichTheApiServerRejects()
    {
        var result = LoadPolicy("{}", "ingress: [{from: [null]}]");

        Assert.Contains("must have podSelector, namespaceSelector or ipBlock", Single(result, DiagnosticCatalog.InvalidPeer.Code).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NullSelectorValue_IsTheEmptyString()
    {
        var policy = Policy("{matchExpressions: [{key: tier, operator: In, values: [null]}]}");

        var requirement = Assert.Single(policy.PodSelector.Requirements);
        Assert.Equal([string.Empty], requirement.Values);
    }

    [Theory]
    [InlineData("0120", 80)] // YAML 1.1 octal
    [InlineData("0o120", 80)]
    [InlineData("0x51", 81)]
    [InlineData("0X51", 81)]
    [InlineData("0b1010000", 80)]
    [InlineData("+80", 80)]
    [InlineData("8_0", 80)]
    [InlineData("0x_51", 81)]
    [InlineData("089", 89)] // not octal, so go-yaml falls through to a float: 89
    [InlineData("80.0", 80)]
    [InlineData("8e1", 80)]
    [InlineData("80", 80)]
    public void PlainPort_ReadAsYaml11Integer(string text, int expected)
    {
        Assert.Equal(new PortNumberRange(expected, expected), IngressPort(text));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("\"0x51x\"")]
    public void PortName_StaysAName(string text)
    {
        Assert.IsType<NamedPort>(IngressPort(text));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("on")]
    [InlineData("80.5")]
    public void PlainPort_BooleanOrFraction_IsWrongType(string text)
    {
        var result = LoadPolicy("{}", $"ingress: [{{ports: [{{port: {text}}}]}}]");

        var d = Single(result, DiagnosticCatalog.WrongType.Code);
        Assert.Equal(6, d.Location.Line);
    }

    [Fact]
    public void ContainerPort_Yaml11Octal_IsDecoded()
    {
        var result = Load(Manifest.Pod("a/p", spec: "{containers: [{name: c, ports: [{containerPort: 0x1F90, name: http}]}]}"));

        NoErrors(result);
        Assert.Equal(8080, Assert.Single(result.Snapshot.Pods[0].Ports).Number);
    }

    [Theory]
    [InlineData("010.002.000.000/16", "10.2.0.0/16")]
    [InlineData("10.0.0.0/08", "10.0.0.0/8")]
    public void IpBlockWithLeadingZeros_IsDecimal_WithALocatedWarning(string text, string expected)
    {
        var result = LoadPolicy("{}", "ingress:", "- from:", $"  - ipBlock: {{cidr: \"{text}\"}}");

        NoErrors(result);
        var warning = Single(result, DiagnosticCatalog.AmbiguousIpText.Code);
        Assert.Equal(Palisade.Diagnostics.Severity.Warning, warning.Severity);
        Assert.Equal(8, warning.Location.Line);
        Assert.Contains(expected, warning.Message, StringComparison.Ordinal);
        var peer = Assert.IsType<IpBlockPeer>(Assert.Single(Assert.IsType<Peers>(Assert.Single(result.Snapshot.Policies[0].Ingress).Peers).Items));
        Assert.Equal(IpCidr.Parse(expected), peer.Cidr);
    }

    [Theory]
    [InlineData("0x0a.0.0.0/8")]
    [InlineData("10.0.0.0256/8")]
    public void IpBlockInHexOrOutOfRange_IsRejected(string text)
    {
        var result = LoadPolicy("{}", $"ingress: [{{from: [{{ipBlock: {{cidr: \"{text}\"}}}}]}}]");

        Single(result, DiagnosticCatalog.InvalidCidr.Code);
    }

    [Fact]
    public void PodIpWithLeadingZeros_IsDecimal_WithAWarning()
    {
        var result = Load(Manifest.Pod("a/p", status: "{podIP: 010.000.000.011}"));

        NoErrors(result);
        Single(result, DiagnosticCatalog.AmbiguousIpText.Code);
        Assert.Equal(IpAddr.Parse("10.0.0.11"), Assert.Single(result.Snapshot.Pods[0].Ips));
    }

    [Fact]
    public void ConcatenatedJsonObjects_AllLoad()
    {
        // What `jq '.items[]'` writes: one object after another, no array, no separator.
        var result = ManifestLoader.LoadText(
            "{\n  \"apiVersion\": \"v1\",\n  \"kind\": \"Namespace\",\n  \"metadata\": {\"name\": \"a\"}\n}\n{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"b\",\"labels\":{\"x\":null}}}\n",
            "items.json",
            new LoadOptions());

        NoErrors(result);
        Assert.Equal(["a", "b"], result.Snapshot.Namespaces.Select(n => n.Name).Order(StringComparer.Ordinal));
        Assert.Equal(string.Empty, result.Snapshot.FindNamespace("b")!.Labels["x"]);
    }

    [Fact]
    public void ConcatenatedJsonObjects_ErrorsKeepTheirLines()
    {
        var result = ManifestLoader.LoadText(
            "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}\n{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"b\"},\"spek\":{}}\n",
            "items.json",
            new LoadOptions());

        Assert.Equal(2, Single(result, DiagnosticCatalog.UnknownField.Code).Location.Line);
    }

    private sealed class PortComparer : IEqualityComparer<PolicyPort>
    {
        public static PortComparer Instance { get; } = new();

        public bool Equals(PolicyPort? x, PolicyPort? y) => x!.Protocol == y!.Protocol && x.Port == y.Port;

        public int GetHashCode(PolicyPort obj) => 0;
    }
}
