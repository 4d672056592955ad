using CsCheck;
using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;

namespace Palisade.Tests.Expectations;

/// <summary>
/// The checker's fast path for quantified expectations (the snapshot's probe space built once, the set's bounds cut into
/// it, selector pods read per namespace, verdicts decided once per pair of pod classes) against the way it decided
/// before: a probe space per expectation, every cell evaluated by the engine. Cells, their order and verdicts must be
/// equal.
/// </summary>
public sealed class QuantifiedFastPathTests
{
    [Fact]
    public void ProbeSpace_WithBlocks_EqualsForWithTheBlocksAsExtra()
    {
        var v4 = Gen.Select(Gen.UInt, Gen.Int[0, 32], (a, n) => new IpCidr(new IpAddr(a, IsV6: false), n));
        var v6 = Gen.Select(Gen.ULong, Gen.Int[0, 64], (a, n) => new IpCidr(new IpAddr(new UInt128(a, 0), IsV6: true), n));
        var blocks = Gen.OneOf(v4, v4, v6).Array[0, 6];
        Gen.Select(Gen.OneOf(SmallClusterGen.ClusterGen, SmallClusterGen.TierClusterGen), blocks, blocks).Sample((cluster, first, second) =>
        {
            var expected = ProbeSpace.For([cluster], [], [.. first, .. second]);
            var actual = ProbeSpace.For([cluster], []).WithBlocks(first).WithBlocks(second);
            return expected.Ports.SequenceEqual(actual.Ports) && expected.Addresses.SequenceEqual(actual.Addresses);
        }, iter: 300, seed: null);
    }

    [Fact]
    public void TierS_GeneratedQuantifiedExpectations_CellsEqualTheReference() => AssertCellsEqual(SyntheticCluster.Generate(Tier.S, 1), 24);

    [Fact]
    public void HomeLab_QuantifiedExpectations_CellsEqualTheReference()
    {
        var loaded = ManifestLoader.Load([Path.Combine(Golden.RepoRoot, HomeLab.Manifests)], new LoadOptions());
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var own = ExpectationsReader.Read(Path.Combine(Golden.RepoRoot, HomeLab.Expectations), HomeLab.Expectations).Value!;
        Assert.Equal(ReferenceCount(loaded.Snapshot, own.All), FastCount(loaded.Snapshot, own.All));
        AssertCellsEqual(loaded.Snapshot, 8);
    }

    [Fact]
    public void SmallClusters_GeneratedQuantifiedExpectations_CellsEqualTheReference() =>
        Gen.OneOf(SmallClusterGen.WorkloadClusterGen, SmallClusterGen.TierClusterGen).Sample(cluster => AssertCellsEqual(cluster, 4), iter: 100, seed: null);

    /// <summary>Checks generated quantified expectations over the cluster's workloads; at least one expectation is compared.</summary>
    private static void AssertCellsEqual(ClusterSnapshot cluster, int pairs)
    {
        var expectations = Generated(cluster, pairs);
        if (expectations.Count == 0)
        {
            return; // no workload with pods to claim about
        }

        var checker = new ExpectationChecker(cluster, null);
        Assert.Empty(checker.Validate(new ExpectationSet(new[] { new Criterion("G", "g", expectations.ToEquatableArray()) }.ToEquatableArray())));
        var engine = new PolicyEngine(cluster);
        var lookup = new EndpointLookup(cluster);
        foreach (var e in expectations)
        {
            var fast = checker.Cells(e);
            var reference = Reference(cluster, engine, lookup, e);
            Assert.True(reference.Count == fast.Cells.Count, $"{e.Name}: {fast.Cells.Count} cells, the reference has {reference.Count}");
            for (var i = 0; i < reference.Count; i++)
            {
                var c = fast.Cells[i];
                Assert.Equal(reference[i], (c.Source, c.Destination, c.DestinationRange, c.Ports, c.Verdict));
            }
        }
    }

    private static int FastCount(ClusterSnapshot cluster, IEnumerable<Expectation> expectations)
    {
        var checker = new ExpectationChecker(cluster, null);
        return expectations.Where(e => e.IsQuantified).Sum(e => checker.Cells(e).Cells.Count);
    }

    private static int ReferenceCount(ClusterSnapshot cluster, IEnumerable<Expectation> expectations)
    {
        var engine = new PolicyEngine(cluster);
        var lookup = new EndpointLookup(cluster);
        return expectations.Where(e => e.IsQuantified).Sum(e => Reference(cluster, engine, lookup, e).Count);
    }

    /// <summary>
    /// Quantified claims over the workloads, as a user writes them: port sets and ranges on TCP and UDP, a named port, a
    /// workload to itself, address sets and CIDRs, and selector ends (one namespace, a namespace selector, pods to come).
    /// </summary>
    private static List<Expectation> Generated(ClusterSnapshot cluster, int pairs)
    {
        var workloads = new EndpointLookup(cluster).Endpoints.Where(w => w.Pods.Count > 0 && w.Pods.Items.All(p => !p.HostNetwork)).ToList();
        if (workloads.Count == 0)
        {
            return [];
        }

        var lines = new List<string>();
        for (var i = 0; i < pairs; i++)
        {
            var from = workloads[i * 7 % workloads.Count];
            var to = workloads[((i * 13) + 1) % workloads.Count];
            var toPod = to.Pods.Items[0];
            var named = toPod.Ports.Items.FirstOrDefault(p => p.Name is not null);
            lines.Add(Item($"{i} udp", from.Id, to.Id, "1-65535/UDP"));
            lines.Add(Item($"{i} low tcp", from.Id, to.Id, "1-1023/TCP,8000-8100/TCP,53/UDP"));
            lines.Add(Item($"{i} self", from.Id, from.Id, "any"));
            lines.Add(Item($"{i} outside", from.Id, new[] { "internet", "private", "any-external", "0.0.0.0/0", "10.0.0.0/8", "2001:db8::/32" }[i % 6], i % 2 == 0 ? "443/TCP" : "53/UDP,80/TCP"));
            if (named is not null)
            {
                lines.Add(Item($"{i} named", from.Id, to.Id, $"{named.Name}/{named.Protocol}"));
            }

            var labels = toPod.Labels.Pairs.Take(1).Select(l => $"{{matchLabels: {{\"{l.Key}\": \"{l.Value}\"}}}}").FirstOrDefault() ?? "{}";
            lines.Add(Item($"{i} selector to", from.Id, $"{{namespace: {toPod.Namespace}, podSelector: {labels}}}", "1-1023/TCP"));
            lines.Add(Item($"{i} selector from", $"{{namespaceSelector: {{}}, podSelector: {labels}, hypothetical: true}}", to.Id, "22/TCP,80/TCP"));
            if (i < 3)
            {
                // Every pod of the cluster as the source: enough cells (at tier S) that verdicts are decided per pair of
                // pod classes, on ports where TCP and UDP intervals start at the same number.
                lines.Add(Item($"{i} everyone", "{namespaceSelector: {}}", to.Id, "1-1023/TCP,53/UDP,53/TCP,5000-6000/UDP"));
            }
        }

        var text = ExpectationsYaml.Criterion("G", "generated", string.Concat(lines));
        var read = ExpectationsReader.Read("g.yaml", "g.yaml", text);
        Assert.True(read.Value is not null, string.Join("\n", read.Diagnostics));
        return [.. read.Value!.All];
    }

    private static string Item(string name, string from, string to, string port) =>
        $"      - name: \"{name}\"\n        from: {Quote(from)}\n        to: {Quote(to)}\n        port: \"{port}\"\n        allowed: true\n";

    private static string Quote(string end) => end.StartsWith('{') ? end : $"\"{end}\"";

    /// <summary>
    /// The cells as the checker decided them before the fast path: a probe space of the snapshot per expectation with
    /// the set's bounds, the set's ports cut against every interval, selector pods from <see cref="PodSetSelector.Existing"/>,
    /// and the engine's verdict on every cell.
    /// </summary>
    private static List<(Endpoint Source, Endpoint Destination, string Range, PortInterval Ports, Reachability Verdict)> Reference(
        ClusterSnapshot cluster, PolicyEngine engine, EndpointLookup lookup, Expectation e)
    {
        List<Pod> SelectorPods(PodSetSelector selector)
        {
            var pods = selector.Existing(cluster).ToList();
            if (selector.Hypothetical && HypotheticalLabels.TrySatisfy(selector.PodSelector, out var labels, out _))
            {
                pods.AddRange(selector.HypotheticalPods(cluster, labels));
            }

            return pods;
        }

        List<Endpoint> sources = e.FromSelector is { } fromSelector ? [.. SelectorPods(fromSelector).Select(p => (Endpoint)new PodEndpoint(p))] : lookup.Resolve(e.From, "default", out _) switch
        {
            WorkloadTarget w => [.. w.Workload.Pods.Items.Select(p => (Endpoint)new PodEndpoint(p))],
            AddressTarget a => [engine.ResolveAddress(a.Address)],
            _ => [],
        };
        var space = ProbeSpace.For([cluster], [], e.ToSet?.Bounds(cluster) ?? []);
        IReadOnlyList<PortInterval> wanted = e.PortSet.Count > 0 || e.NamedPorts.Count > 0 ? [.. e.PortSet] : [new PortInterval(e.Port.Protocol, e.Port.Port, e.Port.Port)];
        List<PortInterval> Cut(IReadOnlyList<PortInterval> want)
        {
            var cut = new List<PortInterval>();
            foreach (var p in space.Ports)
            {
                foreach (var w in want.Where(w => w.Protocol == p.Protocol && w.First <= p.Last && w.Last >= p.First))
                {
                    cut.Add(new PortInterval(p.Protocol, Math.Max(p.First, w.First), Math.Min(p.Last, w.Last)));
                }
            }

            return cut;
        }

        List<PortInterval> PortsOf(Endpoint destination)
        {
            if (e.NamedPorts.Count == 0)
            {
                return Cut(wanted);
            }

            var own = new List<PortInterval>(wanted);
            foreach (var n in e.NamedPorts)
            {
                if (destination is PodEndpoint pe && pe.Pod.ResolveNamedPort(n.Name, n.Protocol) is { } number)
                {
                    own.Add(new PortInterval(n.Protocol, number, number));
                }
            }

            return own.Count == 0 ? [] : Cut(PortInterval.Compress(own));
        }

        var destinations = new List<(Endpoint Endpoint, string Range)>();
        if (e.ToSet is { } set)
        {
            var own = AddressSet.ClusterAddresses(cluster);
            destinations.AddRange(space.Addresses.Where(a => set.Contains(a.First, own)).Select(a => (engine.ResolveAddress(a.First), a.ToString())));
        }
        else if (e.ToSelector is { } toSelector)
        {
            destinations.AddRange(SelectorPods(toSelector).Select(p => ((Endpoint)new PodEndpoint(p), p.Ref.ToString())));
        }
        else if (lookup.Resolve(e.To, "default", out _) is WorkloadTarget w)
        {
            destinations.AddRange(w.Workload.Pods.Items.Select(p => ((Endpoint)new PodEndpoint(p), p.Ref.ToString())));
        }
        else if (lookup.Resolve(e.To, "default", out _) is AddressTarget a)
        {
            destinations.Add((engine.ResolveAddress(a.Address), a.Address.ToString()));
        }

        var selfIsReplica = e.FromSelector is null && e.ToSelector is null && e.ToSet is null
            && lookup.Resolve(e.From, "default", out _) is WorkloadTarget { Workload.Kind: not "Pod" } f
            && lookup.Resolve(e.To, "default", out _) is WorkloadTarget t && t.Workload == f.Workload;
        var cells = new List<(Endpoint, Endpoint, string, PortInterval, Reachability)>();
        foreach (var (destination, range) in destinations)
        {
            foreach (var port in PortsOf(destination))
            {
                foreach (var source in sources)
                {
                    if (Pair(e, selfIsReplica, source, destination) is { } to)
                    {
                        cells.Add((source, to, range, port, engine.Decide(source, to, port.First, port.Protocol)));
                    }
                }
            }
        }

        return cells;
    }

    /// <summary>The destination a pair is decided for, or null for a bare pod with itself (as the checker pairs them).</summary>
    private static Endpoint? Pair(Expectation e, bool selfIsReplica, Endpoint source, Endpoint destination)
    {
        var same = source is PodEndpoint s && destination is PodEndpoint d && ReferenceEquals(s.Pod, d.Pod);
        if (!same || (!selfIsReplica && e.FromSelector is null && e.ToSelector is null))
        {
            return destination;
        }

        var pod = ((PodEndpoint)destination).Pod;
        return !selfIsReplica && pod.Owner is null && !pod.FromTemplate ? null : new PodEndpoint(ConnectivityMatrix.ReplicaOf(pod));
    }
}
