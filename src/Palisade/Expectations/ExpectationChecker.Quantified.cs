using System.Globalization;
using Palisade.Diagnostics;
using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Expectations;

/// <summary>
/// Quantified expectations: a port set or an address set, decided exactly on the elementary intervals of
/// <see cref="ProbeSpace"/> (verdicts are constant inside each), so every cell of the sets is covered, not sampled.
/// </summary>
public sealed partial class ExpectationChecker
{
    /// <summary>
    /// Every cell of a quantified expectation with the engine's verdict: sources x destination intervals (an address
    /// interval or one pod) x port intervals, cut where no verdict changes inside a cell (the one cut the static check,
    /// the lab and the cluster provers share). A named port a destination pod does not declare is reported beside.
    /// </summary>
    public QuantifiedCells Cells(Expectation e)
    {
        var cluster = engine.Snapshot;
        var sources = Sources(e);
        // The space ProbeSpace.For gives with the set's bounds (AddressSet.Bounds: its ranges and the cluster's own
        // addresses) as extra blocks. The snapshot's part is the same for every expectation, so it is built once
        // (ClusterSpace, AddressSpace) and only the set's ranges are cut in here.
        var space = e.ToSet is { } bounded ? AddressSpace.WithBlocks(bounded.Ranges) : ClusterSpace;
        IReadOnlyList<PortInterval> wanted = e.PortSet.Count > 0 || e.NamedPorts.Count > 0 ? [.. e.PortSet] : [new PortInterval(e.Port.Protocol, e.Port.Port, e.Port.Port)];

        // The set's intervals cut at every bound of the probe space, so no verdict changes inside one: in the order of
        // the space's intervals, then of the set's. The space's intervals are sorted and cover 1-65535 of every protocol,
        // so the first one a wanted interval overlaps is found by binary search.
        List<PortInterval> Cut(IReadOnlyList<PortInterval> want)
        {
            var all = space.Ports;
            var found = new List<(int At, int Order, PortInterval Cut)>();
            for (var j = 0; j < want.Count; j++)
            {
                var w = want[j];
                for (var i = FirstEndingAtOrAfter(all, w.Protocol, w.First); i < all.Count && all[i].Protocol == w.Protocol && all[i].First <= w.Last; i++)
                {
                    found.Add((i, j, new PortInterval(w.Protocol, Math.Max(all[i].First, w.First), Math.Min(all[i].Last, w.Last))));
                }
            }

            found.Sort((a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Order.CompareTo(b.Order));
            return [.. found.Select(f => f.Cut)];
        }

        var ports = Cut(wanted);
        (Endpoint Pod, NamedPortRef Name)? undeclared = null;

        // Named ports resolve on each destination pod, as a NetworkPolicy's named port does; a pod that does not declare
        // the name has no such port (an allowed: true claim then fails on it).
        List<PortInterval> PortsOf(Endpoint destination)
        {
            if (e.NamedPorts.Count == 0)
            {
                return ports;
            }

            var own = new List<PortInterval>(wanted);
            foreach (var n in e.NamedPorts)
            {
                if (destination is PodEndpoint pe && pe.Pod.ResolveNamedPort(n.Name, n.Protocol) is { } number)
                {
                    own.Add(new PortInterval(n.Protocol, number, number));
                }
                else
                {
                    undeclared ??= (destination, n);
                }
            }

            return own.Count switch
            {
                0 => [],
                1 => Cut(own), // one interval is its own compression
                _ => Cut(PortInterval.Compress(own)),
            };
        }

        var destinations = new List<(Endpoint Endpoint, string Range, AddressInterval? Addresses)>();
        if (e.ToSet is { } set)
        {
            var own = ClusterAddresses;
            foreach (var interval in space.Addresses.Where(a => set.Contains(a.First, own)))
            {
                // The smallest address stands for its interval: the verdict is the same for each, and a
                // counterexample names the smallest one.
                destinations.Add((engine.ResolveAddress(interval.First), interval.ToString(), interval));
            }

            if (set.Kind == AddressSetKind.Cidr && !space.Addresses.Any(a => a.First.IsV6 == set.Cidr.IsV6))
            {
                // ProbeSpace lists IPv6 intervals only when some block is IPv6; the set's own bound is one, so this
                // cannot happen; fail loudly rather than decide over nothing.
                throw new InvalidOperationException($"no address interval of {set}");
            }
        }
        else if (e.ToSelector is { } selector)
        {
            destinations.AddRange(SelectorPods(selector).Select(p => ((Endpoint)new PodEndpoint(p), p.Ref.ToString(), (AddressInterval?)null)));
        }
        else
        {
            switch (lookup.Resolve(e.To, defaultNamespace, out _))
            {
                case WorkloadTarget w:
                    destinations.AddRange(w.Workload.Pods.Items.Select(p => ((Endpoint)new PodEndpoint(p), p.Ref.ToString(), (AddressInterval?)null)));
                    break;
                case AddressTarget a:
                    destinations.Add((engine.ResolveAddress(a.Address), a.Address.ToString(), (AddressInterval?)null));
                    break;
            }
        }

        // A workload to itself means replica to replica, as for a single port (Check) and in the matrix.
        var selfIsReplica = e.FromSelector is null && e.ToSelector is null && e.ToSet is null
            && lookup.Resolve(e.From, defaultNamespace, out _) is WorkloadTarget { Workload.Kind: not "Pod" } f
            && lookup.Resolve(e.To, defaultNamespace, out _) is WorkloadTarget t && t.Workload == f.Workload;
        var cells = new List<QuantifiedCell>();
        // Deciding per pair of pod classes pays once the cells are many (the partition is built on first use, tens of
        // milliseconds at 10,000 pods); a few cells go to the engine directly. Either way the verdicts are the engine's.
        var decided = (long)sources.Count * destinations.Count * Math.Max(ports.Count, 1) >= ClassMemoCells
            ? new Dictionary<(int From, int To, Protocol Protocol, int Port), Reachability>()
            : null;
        var portIntervals = 0;
        foreach (var (destination, range, addresses) in destinations)
        {
            if (!sources.Any(source => PairOf(e, selfIsReplica, source, destination, out _)))
            {
                continue; // only a loopback pair: no claim about this destination's ports
            }

            var destinationPorts = PortsOf(destination);
            portIntervals = Math.Max(portIntervals, destinationPorts.Count);
            foreach (var port in destinationPorts)
            {
                foreach (var source in sources)
                {
                    if (!PairOf(e, selfIsReplica, source, destination, out var to))
                    {
                        continue;
                    }

                    cells.Add(new QuantifiedCell(source, to, range, addresses, port, Decide(source, to, port, decided)));
                }
            }
        }

        return new QuantifiedCells(cells, sources.Count, destinations.Count, portIntervals, undeclared);
    }

    /// <summary>The number of cells (sources x destinations x port intervals) from which <see cref="Decide"/> decides per pair of pod classes.</summary>
    private const long ClassMemoCells = 4096;

    /// <summary>The index of the first interval of <paramref name="sorted"/> (sorted by protocol, then port) of the protocol that ends at or after the port, or the index after the protocol's.</summary>
    private static int FirstEndingAtOrAfter(IReadOnlyList<PortInterval> sorted, Protocol protocol, int port)
    {
        int lo = 0, hi = sorted.Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            var p = sorted[mid];
            if (p.Protocol < protocol || (p.Protocol == protocol && p.Last < port))
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The engine's verdict on one cell. Two distinct pods of the snapshot are decided once per pair of their
    /// <see cref="PodPartition"/> classes (no policy tells the members of a class apart, so every pair of those classes
    /// has the same verdict on every port): a workload's replicas, and the pods a selector matches, mostly share a
    /// class, and a port set's hundreds of intervals are then decided once, not once per pair of pods. Anything else
    /// (an address, a pod to come, a replica stand-in, a pod with itself) goes to the engine directly.
    /// </summary>
    private Reachability Decide(Endpoint source, Endpoint destination, PortInterval port, Dictionary<(int From, int To, Protocol Protocol, int Port), Reachability>? decided)
    {
        if (decided is not null && source is PodEndpoint s && destination is PodEndpoint d && !ReferenceEquals(s.Pod, d.Pod)
            && engine.Partition.ClassOf(s.Pod) is var from and >= 0 && engine.Partition.ClassOf(d.Pod) is var to and >= 0)
        {
            var key = (from, to, port.Protocol, port.First);
            if (!decided.TryGetValue(key, out var verdict))
            {
                verdict = engine.Decide(source, destination, port.First, port.Protocol);
                decided.Add(key, verdict);
            }

            return verdict;
        }

        return engine.Decide(source, destination, port.First, port.Protocol);
    }

    private ExpectationResult CheckQuantified(Criterion criterion, Expectation e)
    {
        var space = Cells(e);
        var sources = space.Sources;
        var undeclared = space.Undeclared;
        var portIntervals = space.PortIntervals;
        int total = space.Cells.Count, open = 0, unknown = 0;
        QuantifiedCell? counterexample = null;
        foreach (var cell in space.Cells)
        {
            open += cell.Verdict == Reachability.Allowed ? 1 : 0;
            unknown += cell.Verdict == Reachability.Undetermined ? 1 : 0;
            var against = e.Allowed ? cell.Verdict == Reachability.Denied : cell.Verdict == Reachability.Allowed;
            if (against && counterexample is null)
            {
                counterexample = cell;
            }
        }

        var hops = new List<Hop>();
        var cells = $"{total.ToString(CultureInfo.InvariantCulture)} cell(s): {sources.ToString(CultureInfo.InvariantCulture)} source(s) x {space.Destinations.ToString(CultureInfo.InvariantCulture)} destination interval(s) of {e.To} x {(e.NamedPorts.Count > 0 ? "up to " : string.Empty)}{portIntervals.ToString(CultureInfo.InvariantCulture)} port interval(s) of {e.PortText}";
        string note;
        bool passed;
        if (counterexample is { } c)
        {
            var destination = Describe(c.Destination);
            var v = engine.Evaluate(c.Source, c.Destination, c.Ports.First, c.Ports.Protocol);
            hops.Add(new Hop($"{Describe(c.Source)} -> {destination}:{c.Ports.First.ToString(CultureInfo.InvariantCulture)}/{c.Ports.Protocol}", v));
            note = $"counterexample: {Describe(c.Source)} -> {destination} port {c.Ports.First.ToString(CultureInfo.InvariantCulture)}/{c.Ports.Protocol} is {(v.Allowed ? "allowed" : "denied")}"
                + $" (so is every address in {c.DestinationRange} on {c.Ports}); decided over {cells}";
            passed = false;
        }
        else if (e.Allowed && undeclared is { } u)
        {
            note = $"counterexample: {Describe(u.Pod)} declares no container port named {u.Name.Name} for {u.Name.Protocol}, so nothing reaches it on {u.Name}; decided over {cells}";
            passed = false;
        }
        else if (unknown > 0)
        {
            note = $"undetermined: {unknown.ToString(CultureInfo.InvariantCulture)} of {cells} depend on cluster-wide rules the input cannot decide (see explain)";
            passed = false;
        }
        else
        {
            note = $"proved over {cells}";
            passed = total > 0;
        }

        var allowed = total > 0 && open == total;
        return new ExpectationResult(e, criterion, allowed, hops, note)
        {
            Passed = passed,
            Paths = (open, total),
            Status = counterexample is null && !(e.Allowed && undeclared is not null) && unknown > 0 ? ExpectationStatus.Undetermined : passed ? ExpectationStatus.Passed : ExpectationStatus.Failed,
        };
    }

    /// <summary>
    /// The destination a (source, destination) pair of a selector expectation is decided for. A pod paired with itself
    /// is loopback, which no policy governs: a workload's pod then stands for two of its replicas (as in the matrix),
    /// and a bare pod's pair is left out. Pairs of expectations without a selector are decided as written, except a
    /// workload to itself (<paramref name="selfIsReplica"/>), whose pod with itself stands for two replicas.
    /// </summary>
    private static bool PairOf(Expectation e, bool selfIsReplica, Endpoint source, Endpoint destination, out Endpoint to)
    {
        to = destination;
        if (selfIsReplica && source is PodEndpoint sp && destination is PodEndpoint dp && ReferenceEquals(sp.Pod, dp.Pod))
        {
            to = new PodEndpoint(ConnectivityMatrix.ReplicaOf(dp.Pod));
            return true;
        }

        if ((e.FromSelector is null && e.ToSelector is null) || source is not PodEndpoint s || destination is not PodEndpoint d || !ReferenceEquals(s.Pod, d.Pod))
        {
            return true;
        }

        if (s.Pod.Owner is null && !s.Pod.FromTemplate)
        {
            return false;
        }

        to = new PodEndpoint(ConnectivityMatrix.ReplicaOf(d.Pod));
        return true;
    }

    /// <summary>
    /// The pods of the input a selector matches, in snapshot order: <see cref="PodSetSelector.Existing"/>'s answer, from
    /// the pods of the namespaces in scope only (a selector of one namespace does not read the labels of every pod).
    /// </summary>
    private List<Pod> ExistingPods(PodSetSelector selector)
    {
        var cluster = engine.Snapshot;
        var indexes = new List<int>();
        foreach (var name in cluster.Namespaces.Where(selector.Namespace.Contains).Select(n => n.Name).Distinct(StringComparer.Ordinal))
        {
            if (PodsByNamespace.TryGetValue(name, out var own))
            {
                indexes.AddRange(own);
            }
        }

        indexes.Sort();
        return [.. indexes.Select(i => cluster.Pods[i]).Where(p => selector.PodSelector.Matches(p.Labels))];
    }

    /// <summary>The pods a selector end stands for: those of the input, then the pods to come.</summary>
    private List<Pod> SelectorPods(PodSetSelector selector)
    {
        var pods = ExistingPods(selector);
        if (selector.Hypothetical && HypotheticalLabels.TrySatisfy(selector.PodSelector, out var labels, out _))
        {
            pods.AddRange(selector.HypotheticalPods(engine.Snapshot, labels));
        }

        return pods;
    }

    private void ValidateSelector(PodSetSelector selector, SourceLocation at, string field, List<Diagnostic> errors)
    {
        var where = selector.PodSelector.Location == SourceLocation.None ? at : selector.PodSelector.Location;
        if (!HypotheticalLabels.TrySatisfy(selector.PodSelector, out _, out var reason))
        {
            errors.Add(DiagnosticCatalog.UnsatisfiableSelector.Create(where, $"{field}: podSelector {selector.PodSelector} can match no pod: {reason}",
                "remove the contradicting requirements; a selector no label set satisfies makes the claim empty"));
            return;
        }

        var cluster = engine.Snapshot;
        if (selector.Hypothetical && !cluster.Namespaces.Any(selector.Namespace.Contains))
        {
            errors.Add(DiagnosticCatalog.HypotheticalWithoutNamespace.Create(at, $"{field}: no namespace of the input is in scope ({selector.Namespace}), so a pod to come has no namespace labels to be decided with",
                "add the Namespace object (with its labels) to the input, or name a namespace the input has"));
            return;
        }

        if (!selector.Hypothetical && ExistingPods(selector).Count == 0)
        {
            errors.Add(DiagnosticCatalog.SelectorMatchesNoPod.Create(at, $"{field}: {selector} matches no pod in the input",
                "check the namespace and the labels, or add hypothetical: true to make the claim about a pod to come"));
        }
    }
}
