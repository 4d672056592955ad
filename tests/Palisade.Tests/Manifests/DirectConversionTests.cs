using CsCheck;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.TestSupport;

namespace Palisade.Tests.Manifests;

/// <summary>
/// Differential tests of the direct conversion (tree straight to the model, no KubernetesClient object, no JSON text):
/// loading with it must give exactly what the strict path gives (snapshot with locations and rule comments, skipped
/// objects, diagnostics with their locations and order) on every corpus file, on generated clusters in JSON and YAML,
/// and on the shapes where the two could part. It declines whatever it does not fully understand, so that the strict
/// path alone writes diagnostics.
/// </summary>
public class DirectConversionTests() : TwoWayLoadTests(new LoadOptions { DirectConversion = false })
{
    [Theory]
    [InlineData(Tier.S, 1)]
    [InlineData(Tier.S, 5)]
    [InlineData(Tier.M, 2)]
    public void GeneratedTier_JsonAndYaml_DirectAndStrict_LoadTheSame(Tier tier, int seed)
    {
        var cluster = SyntheticCluster.Generate(tier, seed);
        var fromJson = ManifestTestInput.AssertTextLoadsTheSame(ManifestTestInput.JsonList(cluster), "g.json", Reference);
        Assert.Equal(cluster.Pods.Count, fromJson.Snapshot.Pods.Count);

        if (tier == Tier.S)
        {
            Assert.Empty(ManifestTestInput.AssertTextLoadsTheSame(ManifestTestInput.YamlStream(cluster), "g.yaml", Reference).Diagnostics);
        }
    }

    [Fact]
    public void GeneratedTier_EveryObject_TakesTheDirectPath()
    {
        // Without this the differential tests could pass with a converter that declines everything.
        var result = ManifestLoader.LoadText(ManifestTestInput.JsonList(SyntheticCluster.Generate(Tier.S, 1)), "g.json", new LoadOptions());

        var s = result.Snapshot;
        var objects = s.Namespaces.Count(n => n.Declared) + s.Pods.Count(p => !p.FromTemplate) + s.Workloads.Count + s.Services.Count + s.Policies.Count + s.Nodes.Count;
        Assert.Empty(result.Diagnostics);
        Assert.Equal(new DirectConversionCount(objects, 0), result.DirectlyConverted);
    }

    [Fact]
    public void GeneratedClustersOfEveryKind_JsonAndYaml_DirectAndStrict_LoadTheSame() =>
        SmallClusterGen.WireClusterGen.Sample(
            cluster =>
            {
                ManifestTestInput.AssertTextLoadsTheSame(ManifestTestInput.JsonList(cluster), "w.json", Reference);
                ManifestTestInput.AssertTextLoadsTheSame(ManifestTestInput.YamlStream(cluster), "w.yaml", Reference);
            },
            iter: 200);
}
