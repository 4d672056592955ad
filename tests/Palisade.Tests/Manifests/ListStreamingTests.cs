using Palisade.Generation;
using Palisade.Manifests;
using Palisade.TestSupport;

namespace Palisade.Tests.Manifests;

/// <summary>
/// Differential tests of list streaming: the items of a top-level list converted as the reader hands them over must
/// give exactly what converting the whole tree gives (snapshot, skipped objects, diagnostics with their locations
/// and order), on every corpus file, on generated clusters, and on the shapes where the two could part.
/// </summary>
public class ListStreamingTests() : TwoWayLoadTests(new LoadOptions { StreamLists = false })
{
    [Fact]
    public void CorpusFolders_StreamedAndWhole_LoadTheSame()
    {
        // Folders skip files that are not manifests (PAL1xx note) and read the rest in order: the same both ways.
        var root = Golden.RepoRoot;
        var options = new LoadOptions { BaseDirectory = root };
        string[] folders = [Path.Combine(root, "examples"), Path.Combine(root, "..", "shared", "conformance")];

        ManifestTestInput.AssertSame(ManifestLoader.Load(folders, options with { StreamLists = false }), ManifestLoader.Load(folders, options));
    }

    [Theory]
    [InlineData(Tier.S, 1)]
    [InlineData(Tier.S, 7)]
    public void GeneratedList_JsonAndYaml_StreamedAndWhole_LoadTheSame(Tier tier, int seed)
    {
        var json = ManifestTestInput.JsonList(SyntheticCluster.Generate(tier, seed));
        var fromJson = ManifestTestInput.AssertTextLoadsTheSame(json, "g.json", Reference);
        Assert.Equal(SyntheticCluster.Generate(tier, seed).Pods.Count, fromJson.Snapshot.Pods.Count);

        // A comment first makes the loader take the YAML reader (the text is flow YAML too).
        var fromYaml = ManifestTestInput.AssertTextLoadsTheSame("# as YAML\n" + json, "g.yaml", Reference);
        Assert.Equal(fromJson.Snapshot.Policies.Select(p => p.Ref), fromYaml.Snapshot.Policies.Select(p => p.Ref));
        Assert.Empty(fromYaml.Diagnostics);
    }

    [Theory]
    [InlineData("block-documents-then-an-anchor.yaml")]
    [InlineData("anchors-and-aliases.yaml")]
    [InlineData("kind-after-items-kubectl-o-yaml-order.yaml")]
    public void EdgeShape_StreamedAndWhole_CountTheDirectConversionOnce(string file)
    {
        // Documents and items converted before the fast reader declined the file are forgotten, counts included.
        var path = Path.Combine(Golden.RepoRoot, "tests", "Palisade.Tests", "Manifests", "edge-shapes", file);
        var whole = ManifestLoader.Load([path], new LoadOptions { StreamLists = false });
        var streamed = ManifestLoader.Load([path], new LoadOptions());
        Assert.Equal(whole.DirectlyConverted, streamed.DirectlyConverted);
        Assert.True(streamed.DirectlyConverted.Converted > 0);
    }

    [Fact]
    public void GeneratedYamlDocuments_StreamedAndWhole_LoadTheSameAndCountTheSame()
    {
        var yaml = Palisade.Manifests.Wire.WireYaml.ToYaml(Palisade.Manifests.Wire.KubernetesObjects.Of(SyntheticCluster.Generate(Tier.S, 3)));
        var streamed = ManifestTestInput.AssertTextLoadsTheSame(yaml, "g.yaml", Reference);
        var whole = ManifestLoader.LoadText(yaml, "g.yaml", Reference);
        Assert.Equal(whole.DirectlyConverted, streamed.DirectlyConverted);
        Assert.Equal(SyntheticCluster.Generate(Tier.S, 3).Pods.Count, streamed.Snapshot.Pods.Count);
    }

    [Fact]
    public void StreamedList_ItemsDropped_AsTheyAreConverted()
    {
        // The streamed list's node stays in the tree, empty: the items' trees are not kept.
        var sink = new CountingSink();
        var documents = Palisade.Manifests.Yaml.JsonTreeReader.TryRead(
            "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\"},{\"kind\":\"Pod\"}]}", "x.json", [], sink);

        Assert.NotNull(documents);
        Assert.Equal(2, sink.Items);
        Assert.Empty(documents[0].Get("items")!.Items);
    }

    private sealed class CountingSink : Palisade.Manifests.Yaml.IListItemSink
    {
        public int Items { get; private set; }

        public void BeginItems(Palisade.Manifests.Yaml.YamlNode items)
        {
        }

        public void Item(Palisade.Manifests.Yaml.YamlNode item) => Items++;

        public bool TakeDocument(Palisade.Manifests.Yaml.YamlNode document) => false;
    }
}
