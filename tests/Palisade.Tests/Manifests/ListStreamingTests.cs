using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.TestSupport;

namespace Palisade.Tests.Manifests;

/// <summary>
/// Differential tests of list streaming: the items of a top-level list converted as the reader hands them over must
/// give exactly what converting the whole tree gives (snapshot, skipped objects, diagnostics with their locations
/// and order), on every corpus file, on generated clusters, and on the shapes where the two could part.
/// </summary>
public class ListStreamingTests
{
    public static TheoryData<string> CorpusFiles()
    {
        var root = Golden.RepoRoot;
        var data = new TheoryData<string>();
        foreach (var folder in new[] { Path.Combine(root, "..", "shared", "conformance"), Path.Combine(root, "examples"), Path.Combine(root, "tests", "scenarios") })
        {
            if (!Directory.Exists(folder))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".json", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(root, file));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusFile_StreamedAndWhole_LoadTheSame(string file)
    {
        var root = Golden.RepoRoot;
        var options = new LoadOptions { BaseDirectory = root };
        var path = Path.Combine(root, file);

        AssertSame(ManifestLoader.Load([path], options with { StreamLists = false }), ManifestLoader.Load([path], options));
    }

    [Fact]
    public void CorpusFolders_StreamedAndWhole_LoadTheSame()
    {
        // Folders skip files that are not manifests (PAL1xx note) and read the rest in order: the same both ways.
        var root = Golden.RepoRoot;
        var options = new LoadOptions { BaseDirectory = root };
        string[] folders = [Path.Combine(root, "examples"), Path.Combine(root, "..", "shared", "conformance")];

        AssertSame(ManifestLoader.Load(folders, options with { StreamLists = false }), ManifestLoader.Load(folders, options));
    }

    [Theory]
    [InlineData(Tier.S, 1)]
    [InlineData(Tier.S, 7)]
    public void GeneratedList_JsonAndYaml_StreamedAndWhole_LoadTheSame(Tier tier, int seed)
    {
        var writer = new StringWriter();
        WireJson.WriteList(KubernetesObjects.Of(SyntheticCluster.Generate(tier, seed)), writer);
        var json = writer.ToString();

        var fromJson = AssertSameText(json, "g.json");
        Assert.Equal(SyntheticCluster.Generate(tier, seed).Pods.Count, fromJson.Snapshot.Pods.Count);

        // A comment first makes the loader take the YAML reader (the text is flow YAML too).
        var fromYaml = AssertSameText("# as YAML\n" + json, "g.yaml");
        Assert.Equal(fromJson.Snapshot.Policies.Select(p => p.Ref), fromYaml.Snapshot.Policies.Select(p => p.Ref));
        Assert.Empty(fromYaml.Diagnostics);
    }

    [Theory]
    [InlineData("kind after items (kubectl -o yaml order)", "apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Namespace\n  metadata:\n    name: a\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: p\n    namespace: a\n    labels: {app: x}\nkind: List\nmetadata: {}\n")]
    [InlineData("typed list: items without kind or apiVersion", "apiVersion: v1\nkind: PodList\nitems:\n- metadata:\n    name: p\n- kind: Pod\n  metadata:\n    name: q\n- apiVersion: v1\n  metadata:\n    name: r\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: s\n")]
    [InlineData("untyped list: items without kind or apiVersion", "apiVersion: v1\nkind: List\nitems:\n- metadata:\n    name: p\n- kind: Pod\n  metadata:\n    name: q\n- 42\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: s, labelz: {}}\n")]
    [InlineData("not a list: items of another kind", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: q\n")]
    [InlineData("no kind at all", "items:\n- apiVersion: v1\n  kind: Pod\n  metadata:\n    name: q\n")]
    [InlineData("duplicate items keys: the last wins", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: first}\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: second}\n")]
    [InlineData("anchored items are read whole", "apiVersion: v1\nkind: List\nitems: &all\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\nmetadata:\n  annotations: *all\n")]
    [InlineData("aliases between items", "apiVersion: v1\nkind: List\nitems:\n- &p\n  apiVersion: v1\n  kind: Pod\n  metadata: {name: p, labels: &l {app: x}}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: q, labels: *l}\n- *p\n")]
    [InlineData("merged items", "apiVersion: v1\nkind: List\n<<: {items: [{apiVersion: v1, kind: Pod, metadata: {name: m}}]}\n")]
    [InlineData("syntax error inside the list", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\napiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: [q\n")]
    [InlineData("nested list", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: List\n  items:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: p}\n- apiVersion: v1\n  kind: NetworkPolicy\n  metadata: {name: n}\n  spec: {podSelector: {}}\n")]
    [InlineData("errors and duplicates across items", "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n  spec: {hostNetwork: maybe}\n- apiVersion: v1\n  kind: Pod\n  metadata: {name: p}\n- apiVersion: networking.k8s.io/v1\n  kind: NetworkPolicy\n  metadata: {name: n}\n  spec: {podSelecter: {}}\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: c}\n- apiVersion: projectcalico.org/v3\n  kind: GlobalNetworkPolicy\n  metadata: {name: g}\nextra: 1\n")]
    public void EdgeShape_StreamedAndWhole_LoadTheSame(string what, string yaml)
    {
        Assert.NotEmpty(what);
        AssertSameText(yaml, "edge.yaml");
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"v1\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}],\"kind\":\"List\"}")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"p\"}},{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"q\"}}]}")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"name\":\"q\"}}]}")]
    [InlineData("{\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}}]}\n{\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"q\"}}],\"items\":[]}")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"}},")]
    public void JsonShape_StreamedAndWhole_LoadTheSame(string json)
    {
        // Duplicate keys and broken JSON hand the file to the YAML reader after items were streamed: none may stay.
        AssertSameText(json, "edge.json");
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

    private static LoadResult AssertSameText(string text, string path)
    {
        var whole = ManifestLoader.LoadText(text, path, new LoadOptions { StreamLists = false });
        var streamed = ManifestLoader.LoadText(text, path, new LoadOptions());
        AssertSame(whole, streamed);
        return streamed;
    }

    private static void AssertSame(LoadResult whole, LoadResult streamed)
    {
        Assert.Equal(Render(whole), Render(streamed));
        Assert.Equal(whole.Snapshot.Namespaces, streamed.Snapshot.Namespaces);
        Assert.Equal(whole.Snapshot.Pods, streamed.Snapshot.Pods);
        Assert.Equal(whole.Snapshot.Workloads, streamed.Snapshot.Workloads);
        Assert.Equal(whole.Snapshot.Services, streamed.Snapshot.Services);
        Assert.Equal(whole.Snapshot.Policies, streamed.Snapshot.Policies);
        Assert.Equal(whole.Snapshot.AdminPolicies, streamed.Snapshot.AdminPolicies);
        Assert.Equal(whole.Snapshot.Nodes, streamed.Snapshot.Nodes);
        Assert.Equal(whole.Skipped, streamed.Skipped);
    }

    private static string Render(LoadResult result) =>
        string.Join("\n", result.Diagnostics.Select(d => $"{d.Severity} {d}\n  help: {d.Help}"));

    private sealed class CountingSink : Palisade.Manifests.Yaml.IListItemSink
    {
        public int Items { get; private set; }

        public void BeginItems(Palisade.Manifests.Yaml.YamlNode items)
        {
        }

        public void Item(Palisade.Manifests.Yaml.YamlNode item) => Items++;
    }
}
