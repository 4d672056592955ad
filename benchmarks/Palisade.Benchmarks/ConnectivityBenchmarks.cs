using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Palisade.Engine;
using Palisade.Engine.Classes;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Model;
using Palisade.Net;
using Palisade.Reports;
using Palisade.TestSupport;

namespace Palisade.Benchmarks;

/// <summary>
/// Full connectivity of a generated tier. The baseline is the per-pair reference evaluator on a sample of
/// <see cref="Inputs.SampleSize"/> sources (multiply by pods / sample size for the whole cluster); bounds in the same
/// run: parsing the same input as JSON, and one pass over the model writing one line per pod.
/// </summary>
public class ConnectivityBenchmarks : TierBenchmarks
{

    [Benchmark(Baseline = true, Description = "reference per pair (sample)")]
    public int ReferencePerPairSample()
    {
        var allowed = 0;
        foreach (var s in Inputs.Sample)
        {
            foreach (var d in Inputs.Snapshot.Pods)
            {
                foreach (var p in Inputs.Probes)
                {
                    if (ReferenceEvaluator.Allowed(Inputs.Snapshot, s, null, d, null, p.Port, p.Protocol))
                    {
                        allowed++;
                    }
                }
            }
        }

        return allowed;
    }

    [Benchmark(Description = "PolicyEngine per pair (sample)")]
    public int PolicyEnginePerPairSample()
    {
        var engine = new PolicyEngine(Inputs.Snapshot);
        var allowed = 0;
        foreach (var s in Inputs.Sample)
        {
            var from = new PodEndpoint(s);
            foreach (var d in Inputs.Snapshot.Pods)
            {
                var to = new PodEndpoint(d);
                foreach (var p in Inputs.Probes)
                {
                    if (engine.IsAllowed(from, to, p.Port, p.Protocol))
                    {
                        allowed++;
                    }
                }
            }
        }

        return allowed;
    }

    [Benchmark(Description = "dense pod-level bit matrix (8 probe atoms only)")]
    public long DensePodMatrixProbes() => Probed(new ClassEngine(Inputs.Snapshot, podLevel: true), Inputs.Probes);

    [Benchmark(Description = "class engine, matrix per atom (every atom)")]
    public long ClassEnginePerAtom() => Full(new ClassEngine(Inputs.Snapshot), 1);

    [Benchmark(Description = "class engine, table of every port (index + table)")]
    public long ClassEngineTable() => new ClassEngine(Inputs.Snapshot).Table.ExplicitCells;

    [Benchmark(Description = "end to end: load JSON, table, write compact")]
    public long EndToEnd()
    {
        var cluster = ManifestLoader.LoadText(Inputs.Json, "bench.json", new LoadOptions()).Snapshot;
        var counter = new CountingWriter();
        CompactMatrixReport.Write(new ClassEngine(cluster), counter);
        return counter.Count;
    }

    [Benchmark(Description = "bound: parse JSON (ManifestLoader)")]
    public int ParseJson() => ManifestLoader.LoadText(Inputs.Json, "bench.json", new LoadOptions()).Snapshot.Pods.Count;

    [Benchmark(Description = "bound: one pass over the model + write")]
    public long ModelPassAndWrite()
    {
        using var w = new StringWriter();
        foreach (var p in Inputs.Snapshot.Pods)
        {
            w.Write(p.Ref.Namespace);
            w.Write('/');
            w.WriteLine(p.Ref.Name);
        }

        return w.GetStringBuilder().Length;
    }

    internal static long Probed(ClassEngine engine, IReadOnlyList<PortProtocol> probes)
    {
        long total = 0;
        foreach (var p in probes)
        {
            total += engine.Connectivity().ForPort(p.Port, p.Protocol)!.Allowed.Count();
        }

        return total;
    }

    internal static long Full(ClassEngine engine, int parallelism)
    {
        long total = 0;
        foreach (var slice in engine.Connectivity().All(parallelism))
        {
            total += slice.Allowed.Count();
        }

        return total;
    }
}

/// <summary>The adversarial Antrea-style shapes; baseline: PolicyEngine per pair on a sample of sources.</summary>
public class AdversarialBenchmarks : TierBenchmarks
{
    public override IEnumerable<Tier> Tiers => [Tier.ManyNamespaces, Tier.IdenticalPolicies, Tier.UniqueLabels, Tier.PortRanges, Tier.Cidrs];

    [Benchmark(Baseline = true, Description = "PolicyEngine per pair (sample)")]
    public int PolicyEnginePerPairSample()
    {
        var engine = new PolicyEngine(Inputs.Snapshot);
        var allowed = 0;
        foreach (var s in Inputs.Sample)
        {
            foreach (var d in Inputs.Snapshot.Pods)
            {
                foreach (var p in Inputs.Probes)
                {
                    if (engine.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), p.Port, p.Protocol))
                    {
                        allowed++;
                    }
                }
            }
        }

        return allowed;
    }

    [Benchmark(Description = "class engine, table of every port (index + table)")]
    public long ClassEngineTable() => new ClassEngine(Inputs.Snapshot).Table.ExplicitCells;
}

/// <summary>One pair after indexing: the class engine's decision and the explanation, against PolicyEngine's decision.</summary>
[ShortRunJob]
public class PairBenchmarks
{
    private PolicyEngine engine = null!;
    private ClassEngine classes = null!;
    private Pod[] pods = [];
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        var cluster = Inputs.For(Tier.M).Snapshot;
        engine = new PolicyEngine(cluster);
        classes = new ClassEngine(cluster);
        classes.Explain(new PodEndpoint(cluster.Pods[0]), new PodEndpoint(cluster.Pods[1]), 80, Net.Protocol.TCP);
        pods = [.. cluster.Pods];
    }

    [Benchmark(Baseline = true, Description = "PolicyEngine.IsAllowed")]
    public bool PolicyEngineIsAllowed()
    {
        var (s, d) = Next();
        return engine.IsAllowed(new PodEndpoint(s), new PodEndpoint(d), 8080, Net.Protocol.TCP);
    }

    [Benchmark(Description = "ClassEngine.IsAllowed")]
    public bool ClassEngineIsAllowed()
    {
        var (s, d) = Next();
        return classes.IsAllowed(s, d, 8080, Net.Protocol.TCP);
    }

    [Benchmark(Description = "explain (PolicyEngine.Evaluate)")]
    public bool Explain()
    {
        var (s, d) = Next();
        return engine.Evaluate(new PodEndpoint(s), new PodEndpoint(d), 8080, Net.Protocol.TCP).Allowed;
    }

    private (Pod, Pod) Next()
    {
        next = (next + 7919) % pods.Length;
        return (pods[next], pods[(next * 31) % pods.Length]);
    }
}

/// <summary>A writer that only counts characters (the compact output's size without the I/O).</summary>
internal sealed class CountingWriter : TextWriter
{
    public long Count { get; private set; }

    public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

    public override void Write(char value) => Count++;

    public override void Write(string? value) => Count += value?.Length ?? 0;

    public override void Write(char[] buffer, int index, int count) => Count += count;

    public override void Write(ReadOnlySpan<char> buffer) => Count += buffer.Length;
}
