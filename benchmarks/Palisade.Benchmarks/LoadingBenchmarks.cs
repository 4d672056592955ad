using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using YamlDotNet.Core;

namespace Palisade.Benchmarks;

/// <summary>
/// Loading a generated tier as one <c>v1 List</c> in JSON (what <c>kubectl get -o json</c> writes). The baseline is
/// the strict path (tree, schema check writing JSON text, KubernetesClient deserialization, conversion); compared: the
/// loader's direct conversion (tree straight to the model) and the bound, <see cref="JsonDocument"/> parsing the same
/// text (tokens and a tree, no model).
/// </summary>
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class JsonLoadingBenchmarks
{
    private Inputs inputs = null!;

    [Params(Tier.S, Tier.M)]
    public Tier Tier { get; set; }

    [GlobalSetup]
    public void Setup() => inputs = Inputs.For(Tier);

    [Benchmark(Description = "JsonDocument.Parse (bound)")]
    public int ParseOnly()
    {
        using var doc = JsonDocument.Parse(inputs.Json);
        return doc.RootElement.GetProperty("items").GetArrayLength();
    }

    [Benchmark(Baseline = true, Description = "ManifestLoader, JSON List, strict path")]
    public int LoadStrict() => ManifestLoader.LoadText(inputs.Json, "bench.json", new LoadOptions { DirectConversion = false }).Snapshot.Pods.Count;

    [Benchmark(Description = "ManifestLoader, JSON List, direct")]
    public int Load() => ManifestLoader.LoadText(inputs.Json, "bench.json", new LoadOptions()).Snapshot.Pods.Count;
}

/// <summary>
/// Loading the same objects as YAML: one document per object (<c>---</c>), and one block-style <c>List</c>. The
/// baseline is the strict path on the documents; compared: the direct conversion on the documents and on the
/// <c>List</c>, and the bound, YamlDotNet's event parser reading the multi-document text (no tree, no model).
/// </summary>
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class YamlLoadingBenchmarks
{
    private string documents = null!;
    private string list = null!;

    [Params(Tier.S, Tier.M)]
    public Tier Tier { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var w = new StringWriter();
        WireYaml.Write(KubernetesObjects.Of(Inputs.For(Tier).Snapshot), w);
        documents = w.ToString();

        // The same documents as items of one List: each document indented under "- ".
        var sb = new StringBuilder("apiVersion: v1\nkind: List\nitems:\n");
        foreach (var document in documents.Split("\n---\n"))
        {
            var first = true;
            foreach (var line in document.TrimEnd('\n').Split('\n'))
            {
                sb.Append(first ? "- " : "  ").Append(line).Append('\n');
                first = false;
            }
        }

        list = sb.ToString();
    }

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

    [Benchmark(Baseline = true, Description = "ManifestLoader, YAML documents, strict path")]
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
[SimpleJob(BenchmarkDotNet.Engines.RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 3)]
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    private Inputs inputs = null!;

    [Params(Tier.S, Tier.M)]
    public Tier Tier { get; set; }

    [GlobalSetup]
    public void Setup() => inputs = Inputs.For(Tier);

    [Benchmark(Baseline = true, Description = "whole tree, then convert")]
    public int Whole() => ManifestLoader.LoadText(inputs.Json, "bench.json", new LoadOptions { StreamLists = false }).Snapshot.Pods.Count;

    [Benchmark(Description = "item by item (streamed)")]
    public int Streamed() => ManifestLoader.LoadText(inputs.Json, "bench.json", new LoadOptions()).Snapshot.Pods.Count;
}
