using System.Globalization;
using Palisade.Diffing;
using Palisade.Engine;
using Palisade.Engine.Classes;
using Palisade.Model;
using Palisade.Net;
using PortInterval = Palisade.Diffing.PortInterval;

namespace Palisade.Expectations;

/// <summary>Bounds of <see cref="ConnectivityBaseline.Take"/> (docs/file-formats.md, "Snapshots").</summary>
public sealed record BaselineOptions
{
    /// <summary>The most expectations a snapshot may hold; above it the snapshot is refused (too large to review).</summary>
    public int MaxExpectations { get; init; } = 200_000;

    /// <summary>
    /// The most cells (source pods x outside address intervals x port intervals) decided for egress to the outside of
    /// the whole snapshot; above it that part is left out and said so.
    /// </summary>
    public long MaxExternalCells { get; init; } = 20_000_000;

    /// <summary>The most CIDR claims for one source's egress to the outside; above it the ports open to only some addresses are left out and said so.</summary>
    public int MaxAddressClaims { get; init; } = 256;
}

/// <summary>A snapshot of today's connectivity as expectations, and what it could not pin.</summary>
/// <param name="Expectations">The expectations: one criterion per source endpoint.</param>
/// <param name="LeftOut">What is not pinned and why (undetermined cells, limits), one line each, in order.</param>
/// <param name="TooLarge">True when the snapshot would hold more than <see cref="BaselineOptions.MaxExpectations"/> expectations (then it holds none).</param>
public sealed record Baseline(ExpectationSet Expectations, IReadOnlyList<string> LeftOut, bool TooLarge)
{
    /// <summary>How many expectations it holds.</summary>
    public int Count => Expectations.Criteria.Sum(c => c.Expectations.Count);
}

/// <summary>
/// Takes a snapshot of a cluster's connectivity as an expectations file that <c>check</c> proves green today and that
/// fails on any change. Grouped, not one line per cell: per source endpoint (workload or bare pod) and destination
/// endpoint the open port set and its complement, a whole namespace (or every namespace) when nothing of it is open,
/// and egress to the outside as <c>any-external</c> port sets (CIDRs only where an open port depends on the address).
/// Verdicts come from the class engine's table (per pod class pair, every port at once) or, when it cannot decide
/// (a pod of unknown address matched by an ipBlock), from the engine on <see cref="ProbeSpace"/>'s port intervals; the
/// outside part is cut by <see cref="ExpectationChecker.Cells"/>, the checker's own cut. Undetermined cells are never
/// frozen: they are left out and named in <see cref="Baseline.LeftOut"/>.
/// </summary>
public static class ConnectivityBaseline
{
    /// <summary>Takes the snapshot.</summary>
    public static Baseline Take(ClusterSnapshot cluster, BaselineOptions? options = null)
    {
        options ??= new BaselineOptions();
        var checker = new ExpectationChecker(cluster, null);
        var engine = checker.Engine;
        var lookup = new EndpointLookup(cluster);
        var endpoints = lookup.Endpoints;
        var verdicts = new PairVerdicts(engine);
        var leftOut = new List<string>();
        var criteria = new List<Criterion>();
        var count = 0;
        var namespaces = endpoints.Select(e => e.Ref.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

        // Egress to the outside is decided on the checker's cut; bound it before deciding anything.
        var external = new AddressSet(AddressSetKind.AnyExternal, default);
        var space = ProbeSpace.For([cluster], [], external.Bounds(cluster));
        var own = AddressSet.ClusterAddresses(cluster);
        long outsideIntervals = space.Addresses.Count(a => external.Contains(a.First, own));
        var externalCells = outsideIntervals * space.Ports.Count * cluster.Pods.Count;
        var withExternal = externalCells <= options.MaxExternalCells;
        if (!withExternal)
        {
            leftOut.Add(string.Create(CultureInfo.InvariantCulture,
                $"egress to the outside of every source: {externalCells} cells (pods x outside address intervals x port intervals) exceed the bound of {options.MaxExternalCells}"));
        }

        // The destinations of each namespace, as indexes into the endpoints (and each source's row), in endpoint order:
        // found once, not by scanning every row for every namespace of every source (namespaces × endpoints² in all).
        var inNamespace = namespaces.ToDictionary(ns => ns, _ => new List<int>(), StringComparer.Ordinal);
        for (var i = 0; i < endpoints.Count; i++)
        {
            inNamespace[endpoints[i].Ref.Namespace].Add(i);
        }

        foreach (var source in endpoints)
        {
            var list = new List<Expectation>();
            var rows = endpoints.Select(d => (Destination: d, Verdict: verdicts.Of(source, d))).ToList();

            // The one verdict every destination pod of a namespace has (a bare pod to itself claims nothing), or null.
            var byNamespace = namespaces.ToDictionary(ns => ns, ns => Common(inNamespace[ns].Select(i => rows[i].Verdict)), StringComparer.Ordinal);

            // Namespaces that share one verdict are one claim pair: every namespace, one by name, or a list of names.
            var groups = namespaces.Where(ns => byNamespace[ns] is { } v && v != NoClaim).GroupBy(ns => byNamespace[ns]!).ToList();
            var mixedNamespaces = namespaces.Where(ns => byNamespace[ns] is null).ToList();
            foreach (var group in groups)
            {
                var names = group.ToList();
                var (label, selector) = mixedNamespaces.Count == 0 && groups.Count == 1 ? ("every namespace", Everywhere)
                    : names.Count == 1 ? ($"namespace {names[0]}", new PodSetSelector(new SelectorNamespaces.Named(names[0]), LabelSelector.Everything, false))
                    : ($"namespaces {string.Join(", ", names)}", new PodSetSelector(new SelectorNamespaces.Selected(
                        new LabelSelector(new[] { new SelectorRequirement(Namespace.NameLabel, SelectorOperator.In, names.ToEquatableArray()) }.ToEquatableArray())), LabelSelector.Everything, false));
                AddPair(list, leftOut, source.Id, label, group.Key, selector);
            }

            foreach (var ns in mixedNamespaces)
            {
                foreach (var (destination, verdict) in inNamespace[ns].Select(i => rows[i]))
                {
                    if (verdict is null || (ReferenceEquals(destination, source) && source.Kind == "Pod"))
                    {
                        // A bare pod to itself is loopback, which no policy governs; a pod named alone to itself
                        // is decided as loopback too, so its replica verdict is pinned only by a namespace claim.
                        continue;
                    }

                    if (verdict.Uniform is { } uniform)
                    {
                        AddPair(list, leftOut, source.Id, destination.Id, uniform);
                        continue;
                    }

                    PinMixed(list, leftOut, lookup, source, destination, verdict.Pods);
                }
            }

            if (withExternal)
            {
                Outside(checker, source, list, leftOut, options);
            }

            count += list.Count;
            if (count > options.MaxExpectations)
            {
                leftOut.Add(string.Create(CultureInfo.InvariantCulture, $"the snapshot would hold more than {options.MaxExpectations} expectations"));
                return new Baseline(new ExpectationSet(EquatableArray<Criterion>.Empty), leftOut, true);
            }

            if (list.Count > 0)
            {
                criteria.Add(new Criterion(source.Id, $"what {source.Id} reaches", list.ToEquatableArray()));
            }
        }

        return new Baseline(new ExpectationSet(criteria.ToEquatableArray()), leftOut, false);
    }

    /// <summary>Every pod of every namespace.</summary>
    private static readonly PodSetSelector Everywhere = new(new SelectorNamespaces.Selected(LabelSelector.Everything), LabelSelector.Everything, false);

    /// <summary>Stands for "nothing to claim" (only a bare pod to itself) in <see cref="Common"/>.</summary>
    private static readonly PortVerdict NoClaim = new(EquatableArray<PortInterval>.Empty, new[] { new PortInterval(Protocol.TCP, 0, 0) }.ToEquatableArray());

    /// <summary>The verdict all rows share (null rows claim nothing), <see cref="NoClaim"/> when every row is null, or null when they differ.</summary>
    private static PortVerdict? Common(IEnumerable<EndpointVerdict?> rows)
    {
        PortVerdict? common = null;
        foreach (var row in rows)
        {
            if (row is null)
            {
                continue;
            }

            if (row.Uniform is not { } v || (common is not null && v != common))
            {
                return null;
            }

            common = v;
        }

        return common ?? NoClaim;
    }

    /// <summary>
    /// A destination whose pod pairs differ: the ports open for every pair and those closed for every pair are claims on
    /// the two endpoints; each port in between is pinned per pair of pods (<c>pod/NAMESPACE/NAME</c>) when both pods can
    /// be named alone, else left out and said so.
    /// </summary>
    private static void PinMixed(List<Expectation> list, List<string> leftOut, EndpointLookup lookup, WorkloadEndpoint source, WorkloadEndpoint destination, IReadOnlyList<(Pod From, Pod To, PortVerdict Verdict)> pairs)
    {
        IReadOnlyList<PortInterval> open = PortSet.Any;
        IReadOnlyList<PortInterval> closed = PortSet.Any;
        IReadOnlyList<PortInterval> unknownForAll = PortSet.Any;
        var unknown = new List<PortInterval>();
        foreach (var (_, _, v) in pairs)
        {
            open = Subtract(open, Subtract(open, v.Open.Items));
            closed = Subtract(closed, PortInterval.Compress(v.Open.Concat(v.Undetermined)));
            unknownForAll = Subtract(unknownForAll, Subtract(unknownForAll, v.Undetermined.Items));
            unknown.AddRange(v.Undetermined);
        }

        var unknownMerged = PortInterval.Compress(unknown);
        AddPair(list, leftOut, source.Id, destination.Id, new PortVerdict(open.ToEquatableArray(), unknownMerged.ToEquatableArray()), closedOverride: closed);

        // A port undetermined for some pairs only is still decided for the others: they are pinned pair by pair below
        // (a determined verdict must not go unpinned because another pair of the same workloads is undetermined).
        var differing = Subtract(Subtract(PortSet.Any, open), PortInterval.Compress(closed.Concat(unknownForAll)));
        if (differing.Count == 0)
        {
            return;
        }

        if (pairs.Any(p => ReferenceEquals(p.From, p.To)))
        {
            leftOut.Add($"{source.Id} -> {destination.Id} on {string.Join(",", differing)}: a pod and its own replica cannot be named apart; not pinned for them");
        }

        bool Nameable(Pod pod) => lookup.Resolve($"pod/{pod.Ref}", "default", out _) is WorkloadTarget { Workload.Pods: { Count: 1 } pods } && ReferenceEquals(pods[0], pod);
        foreach (var (from, to, _) in pairs)
        {
            if (ReferenceEquals(from, to))
            {
                continue; // two replicas of one pod cannot be named apart
            }

            if (!Nameable(from) || !Nameable(to))
            {
                leftOut.Add($"{source.Id} -> {destination.Id} on {string.Join(",", differing)}: pods differ and {(Nameable(from) ? to.Ref : from.Ref)} cannot be named alone; not pinned");
                return;
            }
        }

        foreach (var (from, to, v) in pairs.Where(p => !ReferenceEquals(p.From, p.To)))
        {
            var pairOpen = Subtract(differing, Subtract(differing, v.Open.Items));
            var pairClosed = Subtract(differing, PortInterval.Compress(v.Open.Concat(v.Undetermined)));
            string f = $"pod/{from.Ref}", t = $"pod/{to.Ref}";
            if (pairOpen.Count > 0)
            {
                list.Add(Claim($"{f} -> {t}: open", f, t, pairOpen, true));
            }

            if (pairClosed.Count > 0)
            {
                list.Add(Claim($"{f} -> {t}: closed", f, t, pairClosed, false));
            }
        }
    }

    /// <summary>The open ports as one claim and the rest as another; undetermined ports in neither.</summary>
    private static void AddPair(List<Expectation> list, List<string> leftOut, string from, string to, PortVerdict v, PodSetSelector? selector = null, IReadOnlyList<PortInterval>? closedOverride = null)
    {
        var toText = selector?.ToString() ?? to;
        if (v.Open.Count > 0)
        {
            list.Add(Claim($"{from} -> {to}: open", from, toText, v.Open, true) with { ToSelector = selector });
        }

        var closed = closedOverride ?? Complement(PortInterval.Compress(v.Open.Concat(v.Undetermined)));
        if (closed.Count > 0)
        {
            list.Add(Claim($"{from} -> {to}: closed", from, toText, closed, false) with { ToSelector = selector });
        }

        if (v.Undetermined.Count > 0)
        {
            leftOut.Add($"{from} -> {to} on {string.Join(",", v.Undetermined)}: undetermined (the input cannot decide them)");
        }
    }

    /// <summary>
    /// Egress of one source to every address outside the cluster: ports closed everywhere and open everywhere as
    /// <c>any-external</c> claims; ports open to some addresses only as claims on the CIDRs of each run of address
    /// intervals with the same open ports (runs stop at the cluster's own addresses, which the set leaves out).
    /// </summary>
    private static void Outside(ExpectationChecker checker, WorkloadEndpoint source, List<Expectation> list, List<string> leftOut, BaselineOptions options)
    {
        var probe = Claim(string.Empty, source.Id, "any-external", PortSet.Any, false) with { ToSet = new AddressSet(AddressSetKind.AnyExternal, default) };
        var cells = checker.Cells(probe).Cells;
        var byPort = cells.GroupBy(c => c.Ports).OrderBy(g => g.Key).ToList();
        var open = new List<PortInterval>();
        var closed = new List<PortInterval>();
        var mixed = new List<PortInterval>();
        var unknown = new List<PortInterval>();
        foreach (var g in byPort)
        {
            if (g.Any(c => c.Verdict == Reachability.Undetermined))
            {
                unknown.Add(g.Key);
            }
            else if (g.All(c => c.Verdict == Reachability.Allowed))
            {
                open.Add(g.Key);
            }
            else if (g.All(c => c.Verdict == Reachability.Denied))
            {
                closed.Add(g.Key);
            }
            else
            {
                mixed.Add(g.Key);
            }
        }

        if (open.Count > 0)
        {
            list.Add(Claim($"{source.Id} -> any-external: open", source.Id, "any-external", PortInterval.Compress(open), true) with { ToSet = probe.ToSet });
        }

        if (closed.Count > 0)
        {
            list.Add(Claim($"{source.Id} -> any-external: closed", source.Id, "any-external", PortInterval.Compress(closed), false) with { ToSet = probe.ToSet });
        }

        if (unknown.Count > 0)
        {
            leftOut.Add($"{source.Id} -> any-external on {string.Join(",", PortInterval.Compress(unknown))}: undetermined (the input cannot decide them)");
        }

        if (mixed.Count == 0)
        {
            return;
        }

        // Per address interval, the mixed ports open to it (the same for every source pod, else it is not pinned).
        var mixedSet = mixed.ToHashSet();
        var runs = new List<(IpAddr First, IpAddr Last, EquatableArray<PortInterval> Open)>();
        foreach (var interval in cells.Where(c => mixedSet.Contains(c.Ports)).GroupBy(c => c.Addresses!.Value).OrderBy(g => g.Key.First))
        {
            var perSource = interval.GroupBy(c => c.Source).Select(s => PortInterval.Compress(s.Where(c => c.Verdict == Reachability.Allowed).Select(c => c.Ports))).ToList();
            if (perSource.Any(p => !p.SequenceEqual(perSource[0])))
            {
                leftOut.Add($"{source.Id} -> {interval.Key} on {string.Join(",", PortInterval.Compress(mixed))}: pods of {source.Id} differ; not pinned");
                continue;
            }

            EquatableArray<PortInterval> ports = perSource[0].ToEquatableArray();
            if (runs.Count > 0 && runs[^1].Open == ports && runs[^1].Last.IsV6 == interval.Key.First.IsV6 && runs[^1].Last.Value + 1 == interval.Key.First.Value)
            {
                runs[^1] = runs[^1] with { Last = interval.Key.Last };
            }
            else
            {
                runs.Add((interval.Key.First, interval.Key.Last, ports));
            }
        }

        var claims = new List<Expectation>();
        var mixedPorts = PortInterval.Compress(mixed);
        foreach (var (first, last, ports) in runs)
        {
            var shut = Subtract(mixedPorts, ports.Items);
            foreach (var cidr in Cidrs(first, last))
            {
                var set = new AddressSet(AddressSetKind.Cidr, cidr);
                if (ports.Count > 0)
                {
                    claims.Add(Claim($"{source.Id} -> {cidr}: open", source.Id, cidr.ToString(), ports.Items, true) with { ToSet = set });
                }

                if (shut.Count > 0)
                {
                    claims.Add(Claim($"{source.Id} -> {cidr}: closed", source.Id, cidr.ToString(), shut, false) with { ToSet = set });
                }
            }
        }

        if (claims.Count > options.MaxAddressClaims)
        {
            leftOut.Add(string.Create(CultureInfo.InvariantCulture,
                $"{source.Id} -> any-external on {string.Join(",", mixedPorts)}: open to some addresses only; {claims.Count} CIDR claims exceed the bound of {options.MaxAddressClaims}, not pinned"));
            return;
        }

        list.AddRange(claims);
    }

    private static Expectation Claim(string name, string from, string to, IReadOnlyList<PortInterval> ports, bool allowed) =>
        new(name, from, to, new PortProtocol(ports[0].First, ports[0].Protocol), allowed, null) { PortSet = ports.ToEquatableArray() };

    /// <summary>Every port of every protocol not in the (merged, sorted) intervals.</summary>
    internal static IReadOnlyList<PortInterval> Complement(IReadOnlyList<PortInterval> ports) => Subtract(PortSet.Any, ports);

    /// <summary>The ports of <paramref name="from"/> not in <paramref name="minus"/> (both merged and sorted).</summary>
    private static List<PortInterval> Subtract(IReadOnlyList<PortInterval> from, IReadOnlyList<PortInterval> minus)
    {
        var result = new List<PortInterval>();
        foreach (var f in from)
        {
            var next = f.First;
            foreach (var m in minus.Where(m => m.Protocol == f.Protocol && m.Last >= f.First && m.First <= f.Last))
            {
                if (m.First > next)
                {
                    result.Add(f with { First = next, Last = m.First - 1 });
                }

                next = Math.Max(next, m.Last + 1);
            }

            if (next <= f.Last)
            {
                result.Add(f with { First = next });
            }
        }

        return result;
    }

    /// <summary>The fewest CIDRs covering exactly [first, last].</summary>
    private static IEnumerable<IpCidr> Cidrs(IpAddr first, IpAddr last)
    {
        var bits = first.Bits;
        var start = first.Value;
        var end = last.Value;
        while (true)
        {
            // The largest aligned block at start that does not pass end.
            var host = 0;
            while (host < bits)
            {
                if (host + 1 == 128)
                {
                    host += start == UInt128.Zero && end == UInt128.MaxValue ? 1 : 0;
                    break;
                }

                var mask = (UInt128.One << (host + 1)) - 1;
                if ((start & mask) != UInt128.Zero || start + mask > end)
                {
                    break;
                }

                host++;
            }

            yield return new IpCidr(new IpAddr(start, first.IsV6), bits - host);
            var blockLast = host == 128 ? UInt128.MaxValue : start + ((UInt128.One << host) - 1);
            if (blockLast >= end)
            {
                yield break;
            }

            start = blockLast + 1;
        }
    }

    /// <summary>The verdict of one ordered pair of pods on every port: the open ports and the undetermined ones.</summary>
    internal sealed record PortVerdict(EquatableArray<PortInterval> Open, EquatableArray<PortInterval> Undetermined)
    {
        public bool IsClosed => Open.Count == 0 && Undetermined.Count == 0;
    }

    /// <summary>The verdicts of a (source endpoint, destination endpoint) pair: one for all its pod pairs, or per pod pair.</summary>
    internal sealed record EndpointVerdict(PortVerdict? Uniform, IReadOnlyList<(Pod From, Pod To, PortVerdict Verdict)> Pods)
    {
        public bool IsClosed => Uniform?.IsClosed ?? Pods.All(p => p.Verdict.IsClosed);
    }

    /// <summary>
    /// Decides pod pairs on every port. With the class engine: the table's allowed and undetermined port sets of the
    /// two pods' classes (a pod with itself is the class with itself: two replicas). Without (a pod whose address is
    /// unknown is matched by an ipBlock, which the class engine cannot call undetermined): the engine on each of the
    /// probe space's port intervals, a pod with itself as two replicas, as the matrix decides it.
    /// </summary>
    private sealed class PairVerdicts
    {
        private readonly PolicyEngine engine;
        private readonly ClassEngine? classes;
        private readonly IReadOnlyList<PortInterval> ports;
        private readonly Dictionary<(int, int), PortVerdict> byClass = [];
        private readonly Dictionary<WorkloadEndpoint, int[]> classesOf = new(ReferenceEqualityComparer.Instance);

        public PairVerdicts(PolicyEngine engine)
        {
            this.engine = engine;
            classes = engine.ClassIndexIsExact ? engine.ClassIndex : null;
            ports = classes is null ? ProbeSpace.For([engine.Snapshot], []).Ports : [];
        }

        /// <summary>The verdict of every pod pair, or null for a bare pod to itself (loopback: no claim).</summary>
        public EndpointVerdict? Of(WorkloadEndpoint source, WorkloadEndpoint destination)
        {
            // A pod with itself is loopback, which no policy governs: no claim for a bare pod. A pod that belongs to a
            // workload (or is a template stand-in) stands for two replicas, as selectors decide it.
            var self = ReferenceEquals(source, destination);
            if (self && source.Pods.Count == 1 && source.Pods[0] is { Owner: null, FromTemplate: false })
            {
                return null;
            }

            // Most pairs of workloads have one verdict for all their pods: the list of pod pairs is made only when they
            // differ. With the class table a pod pair's verdict is its classes' (a workload's pods are mostly one class),
            // so the classes are compared, not every pod pair.
            PortVerdict? first = null;
            var differ = false;
            if (classes is not null)
            {
                foreach (var s in ClassesOf(source))
                {
                    foreach (var d in ClassesOf(destination))
                    {
                        var v = ByClass(s, d);
                        first ??= v;
                        differ |= v != first;
                    }
                }
            }
            else
            {
                foreach (var s in source.Pods)
                {
                    foreach (var d in destination.Pods)
                    {
                        var v = Decide(s, d);
                        first ??= v;
                        differ |= v != first;
                    }
                }
            }

            return differ ? new EndpointVerdict(null, [.. source.Pods.SelectMany(a => destination.Pods.Select(b => (a, b, Decide(a, b))))]) : new EndpointVerdict(first, []);
        }

        private static EquatableArray<PortInterval> Intervals(PortSets sets, int id) =>
            PortInterval.Compress(sets.Intervals(id).Select(i => new PortInterval(i.Protocol, i.From, i.To))).ToEquatableArray();

        /// <summary>The distinct classes of a workload's pods (the class table must be in use).</summary>
        private int[] ClassesOf(WorkloadEndpoint endpoint)
        {
            if (!classesOf.TryGetValue(endpoint, out var ids))
            {
                ids = [.. endpoint.Pods.Select(p => classes!.ClassOf(p).Id).Distinct()];
                classesOf[endpoint] = ids;
            }

            return ids;
        }

        private PortVerdict ByClass(int from, int to)
        {
            if (!byClass.TryGetValue((from, to), out var v))
            {
                var table = classes!.Table;
                v = new PortVerdict(Intervals(table.PortSets, table.Cell(from, to)), Intervals(table.PortSets, table.UndeterminedCell(from, to)));
                byClass[(from, to)] = v;
            }

            return v;
        }

        private PortVerdict Decide(Pod source, Pod destination)
        {
            if (classes is not null)
            {
                return ByClass(classes.ClassOf(source).Id, classes.ClassOf(destination).Id);
            }

            var to = ReferenceEquals(source, destination) ? ConnectivityMatrix.ReplicaOf(destination) : destination;
            var open = new List<PortInterval>();
            var unknown = new List<PortInterval>();
            foreach (var p in ports)
            {
                var verdict = engine.Decide(new PodEndpoint(source), new PodEndpoint(to), p.First, p.Protocol);
                (verdict == Reachability.Allowed ? open : verdict == Reachability.Undetermined ? unknown : null)?.Add(p);
            }

            return new PortVerdict(PortInterval.Compress(open).ToEquatableArray(), PortInterval.Compress(unknown).ToEquatableArray());
        }
    }
}
