using CsCheck;
using Palisade.Diagnostics;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Model;
using Palisade.TestSupport;

namespace Palisade.Tests.Manifests.Wire;

/// <summary>
/// The wire writer and the strict loader are inverse: <c>load(write(x)) == x</c> (up to source locations and rule
/// comments) in JSON and in YAML, over generated clusters of every kind the writer knows.
/// </summary>
public sealed class WireRoundTripTests
{
    [Fact]
    public void Json_GeneratedClustersOfEveryKind_LoadBackEqual() =>
        SmallClusterGen.WireClusterGen.Sample(x => RoundTrip(x, yaml: false), iter: 300);

    [Fact]
    public void Yaml_GeneratedClustersOfEveryKind_LoadBackEqual() =>
        SmallClusterGen.WireClusterGen.Sample(x => RoundTrip(x, yaml: true), iter: 300);

    [Fact]
    public void Json_SyntheticTierS_LoadsBackEqual() => RoundTrip(SyntheticCluster.Generate(Tier.S, 3), yaml: false);

    [Fact]
    public void Yaml_SyntheticTierS_LoadsBackEqual() => RoundTrip(SyntheticCluster.Generate(Tier.S, 3), yaml: true);

    [Fact]
    public void Yaml_HostileStrings_AreQuotedAndReadBackUnchanged()
    {
        var labels = Labels.Of("a", "yes", "b", "0x10", "c", string.Empty, "d", "1e3", "e", "null");
        var cluster = new ClusterSnapshot(
            [Namespace.Create("x", labels, declared: true)],
            [new Pod(new ObjectRef("x", "p"), labels, EquatableArray<Net.IpAddr>.Empty, false, EquatableArray<ContainerPort>.Empty, null)],
            [], [],
            [new NetworkPolicy(new ObjectRef("x", "np"), LabelSelector.MatchLabels("a", "on", "b", "N"), PolicyTypes.Ingress, true, EquatableArray<PolicyRule>.Empty, EquatableArray<PolicyRule>.Empty)
                { Annotations = Labels.Of("note", "line one\nline two: \"quoted\" # not a comment") }]);

        RoundTrip(cluster, yaml: true);
    }

    [Fact]
    public void Selector_RequirementsOutOfKeyOrder_KeepTheirOrder()
    {
        // matchLabels are read sorted by key before matchExpressions: only a sorted prefix may be written as labels.
        var selector = new LabelSelector(new[]
        {
            new SelectorRequirement("tier", SelectorOperator.In, new[] { "a" }),
            new SelectorRequirement("app", SelectorOperator.In, new[] { "b" }),
            new SelectorRequirement("app", SelectorOperator.Exists, EquatableArray<string>.Empty),
        }.ToEquatableArray());
        var cluster = new ClusterSnapshot([], [], [], [],
            [new NetworkPolicy(new ObjectRef("x", "np"), selector, PolicyTypes.Ingress, true, EquatableArray<PolicyRule>.Empty, EquatableArray<PolicyRule>.Empty)]);

        RoundTrip(cluster, yaml: true);
        Assert.Contains("matchExpressions", WireYaml.ToYaml(KubernetesObjects.Of(cluster)), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_RuleWhosePeersWereAllInvalid_ThrowsRatherThanWidening()
    {
        var rule = new PolicyRule(Direction.Ingress, 0, new Peers(EquatableArray<Peer>.Empty), AnyPort.Instance);
        var policy = new NetworkPolicy(new ObjectRef("x", "np"), LabelSelector.Everything, PolicyTypes.Ingress, true, new[] { rule }, EquatableArray<PolicyRule>.Empty);

        Assert.Throws<InvalidOperationException>(() => KubernetesObjects.NetworkPolicy(policy));
    }

    private static void RoundTrip(ClusterSnapshot cluster, bool yaml)
    {
        var objects = KubernetesObjects.Of(cluster);
        var text = yaml ? WireYaml.ToYaml(objects) : ToJson(objects);
        var loaded = ManifestLoader.LoadText(text, yaml ? "written.yaml" : "written.json", new LoadOptions());
        Assert.True(!loaded.Diagnostics.Any(d => d.Severity != Severity.Note), string.Join("\n", loaded.Diagnostics) + "\n" + text);
        try
        {
            ModelEquality.AssertEqual(cluster, loaded.Snapshot);
        }
        catch (Exception e) when (e is Xunit.Sdk.XunitException)
        {
            throw new Xunit.Sdk.XunitException(e.Message + "\n--- written:\n" + text);
        }
    }

    private static string ToJson(IEnumerable<WireObject> objects)
    {
        var w = new StringWriter();
        WireJson.WriteList(objects, w);
        return w.ToString();
    }
}
