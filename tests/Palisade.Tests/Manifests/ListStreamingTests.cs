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
    }
}
