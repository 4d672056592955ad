using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Manifests.Yaml;
using YamlDotNet.Core;

namespace Palisade.Benchmarks;

/// <summary>
/// Loading a generated tier as one <c>v1 List</c> in JSON (what <c>kubectl get -o json</c> writes). The baseline is
/// the strict path (tree, schema check writing JSON text, KubernetesClient deserialization, conversion); compared: the
/// loader's direct conversion (tree straight to the model) and the bound, <see cref="JsonDocument"/> parsing the same
/// text (tokens and a tree, no model).
/// </summary>
public class JsonLoadingBenchmarks : TierBenchmarks
{

    [Benchmark(Description = "JsonDocument.Parse (bound)")]
    public int ParseOnly()
    {
        using var doc = JsonDocument.Parse(Inputs.Json);
        return doc.RootElement.GetProperty("items").GetArrayLength();
    }

    [Benchmark(Baseline = true, Description = "ManifestLoader, JSON List, strict path")]
    public int LoadStrict() => ManifestLoader.LoadText(Inputs.Json, "bench.json", new LoadOptions { DirectConversion = false }).Snapshot.Pods.Count;

    [Benchmark(Description = "ManifestLoader, JSON List, direct")]
    public int Load() => ManifestLoader.LoadText(Inputs.Json, "bench.json", new LoadOptions()).Snapshot.Pods.Count;
}

/// <summary>
/// Loading the same objects as YAML: one document per object (<c>---</c>), and one <c>List</c>. The baseline is
/// YamlDotNet's way to the node tree (<see cref="YamlReader"/>, which every YAML input took before the block reader);
/// compared: the block YAML reader to the same tree, YamlDotNet's bare event parser (no tree), and the whole loader
/// (block reader, direct conversion) on the documents and on the <c>List</c>, and its strict path.
/// </summary>
public class YamlLoadingBenchmarks : TierBenchmarks
{
    private string documents = null!;
    private string list = null!;

    public override void Setup()
    {
        base.Setup();
        var objects = KubernetesObjects.Of(Inputs.Snapshot).ToList();
        documents = WireYaml.ToYaml(objects);
        var items = new WireList();
        objects.ForEach(o => items.Add(o.Body, o.Comment));
        list = WireYaml.ToYaml([new WireObject(new WireMap().Add("apiVersion", "v1").Add("kind", "List").Add("items", items))]);
    }

    [Benchmark(Baseline = true, Description = "YamlDotNet to the node tree (YamlReader)")]
    public int YamlDotNetTree() => YamlReader.ReadDocuments(documents, "bench.yaml", []).Count;

    [Benchmark(Description = "block YAML reader to the node tree")]
    public int BlockReaderTree() => BlockYamlReader.TryRead(documents)!.Count;

    [Benchmark(Description = "YamlDotNet parser events (bound)")]
    public int ParseOnly()
    {
        var parser = new Parser(new StringReader(documents));
        var events = 0;
        while (parser.MoveNext())
        {
            events++;
        }

        return events;
    }

    [Benchmark(Description = "ManifestLoader, YAML documents, strict path")]
    public int LoadDocumentsStrict() => ManifestLoader.LoadText(documents, "bench.yaml", new LoadOptions { DirectConversion = false }).Snapshot.Pods.Count;

    [Benchmark(Description = "ManifestLoader, YAML documents, direct")]
    public int LoadDocuments() => ManifestLoader.LoadText(documents, "bench.yaml", new LoadOptions()).Snapshot.Pods.Count;

    [Benchmark(Description = "ManifestLoader, YAML List, direct")]
    public int LoadList() => ManifestLoader.LoadText(list, "bench.yaml", new LoadOptions()).Snapshot.Pods.Count;
}

/// <summary>
/// A <c>List</c> converted item by item as the reader hands the items over (the loader's way) against the baseline of
/// reading the list's whole tree first and converting afterwards (the earlier way). Time is about equal; what differs
/// is the memory alive at the peak, which BenchmarkDotNet does not show: <c>quick-load</c> measures it.
/// </summary>
public class StreamingBenchmarks : TierBenchmarks
{

    [Benchmark(Baseline = true, Description = "whole tree, then convert")]
    public int Whole() => ManifestLoader.LoadText(Inputs.Json, "bench.json", new LoadOptions { StreamLists = false }).Snapshot.Pods.Count;

    [Benchmark(Description = "item by item (streamed)")]
    public int Streamed() => ManifestLoader.LoadText(Inputs.Json, "bench.json", new LoadOptions()).Snapshot.Pods.Count;
}
