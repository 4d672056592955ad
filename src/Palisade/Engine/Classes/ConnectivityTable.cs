using System.Numerics;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine.Classes;

/// <summary>
/// Connectivity between classes on every port at once: for each source class, the destination classes it may reach
/// and, per destination, the interned <see cref="PortSets"/> id of the atoms allowed. Built from per-rule
/// contributions, without a matrix per atom:
/// a cell is the union of the port sets of the source's egress rules that admit the destination, intersected with
/// the union of the port sets of the destination's ingress rules that admit the source (a side that is not isolated
/// contributes every port). Only cells that some ingress rule admits, or whose destination is not isolated for
/// ingress, are visited; destinations that are not isolated and reached on every port are kept as a bitset shared
/// between rows. Cell (c, c) is the verdict between two distinct members of class c.
/// </summary>
internal sealed class ConnectivityTable
{
    private readonly Row[] rows;
    private readonly IReadOnlyList<PodClass> classes;

    internal ConnectivityTable(ClassEngine engine)
    {
        classes = engine.Classes;
        PortSets = new PortSets(engine.Atoms);
        var builder = new Builder(engine, PortSets);
        PortSetsBeforeRows = PortSets.Count;
        rows = builder.Build(engine.Parallelism, engine.RowsPerChunk, engine.InterleavedWorkers);
        if (engine.HasTiers)
        {
            ApplyTiers(engine);
        }
    }

    /// <summary>The interned port sets the cells refer to.</summary>
    public PortSets PortSets { get; }

    /// <summary>
    /// Number of port sets known before the rows were built (those of the rules' ports), which every worker shares; the
    /// rest were interned by the workers and mapped back in row order (tests, benchmarks).
    /// </summary>
    internal int PortSetsBeforeRows { get; }

    /// <summary>Number of classes (rows and columns).</summary>
    public int ClassCount => rows.Length;

    /// <summary>Number of cells held explicitly (the rest are in shared every-port bitsets or empty).</summary>
    public long ExplicitCells => rows.Sum(r => (long)r.Destinations.Length);

    /// <summary>The port set id of one cell (<see cref="PortSets.Empty"/> when nothing is allowed).</summary>
    public int Cell(int from, int to)
    {
        var row = rows[from];
        if (row.EveryPort is { } bits && Bits.Get(bits, to))
        {
            return PortSets.All;
        }

        var i = Array.BinarySearch(row.Destinations, to);
        return i >= 0 ? row.Sets[i] : PortSets.Empty;
    }

    /// <summary>
    /// The port set id on which a cell is undetermined (<see cref="PortSets.Empty"/> almost always): cluster-wide
    /// policies of one priority that disagree, a domainNames peer, or a networks peer and a pod whose IP is unknown.
    /// </summary>
    public int UndeterminedCell(int from, int to)
    {
        var row = rows[from];
        var i = Array.BinarySearch(row.UndeterminedTo, to);
        return i >= 0 ? row.UndeterminedSets[i] : PortSets.Empty;
    }

    /// <summary>The cells of one row with undetermined ports, ascending by destination class.</summary>
    public IEnumerable<(int To, int PortSet)> UndeterminedRowCells(int from)
    {
        var row = rows[from];
        for (var j = 0; j < row.UndeterminedTo.Length; j++)
        {
            yield return (row.UndeterminedTo[j], row.UndeterminedSets[j]);
        }
    }

    /// <summary>Decides a connection between two distinct pods, one of each class, as <see cref="PolicyEngine.Decide"/> does.</summary>
    public Reachability Decide(PodClass from, PodClass to, int port, Protocol protocol) =>
        PortSets.Contains(Cell(from.Id, to.Id), port, protocol) ? Reachability.Allowed
        : PortSets.Contains(UndeterminedCell(from.Id, to.Id), port, protocol) ? Reachability.Undetermined
        : Reachability.Denied;

    /// <summary>
    /// Decides a connection between two distinct pods, one of each class, as <see cref="PolicyEngine.IsAllowed"/> does
    /// (an undetermined connection is not allowed).
    /// </summary>
    public bool IsAllowed(PodClass from, PodClass to, int port, Protocol protocol) =>
        PortSets.Contains(Cell(from.Id, to.Id), port, protocol);

    /// <summary>The non-empty cells of one row, ascending by destination class.</summary>
    public IEnumerable<(int To, int PortSet)> RowCells(int from)
    {
        var row = rows[from];
        var j = 0;
        if (row.EveryPort is { } bits)
        {
            for (var w = 0; w < bits.Length; w++)
            {
                var word = bits[w];
                while (word != 0)
                {
                    var d = (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                    while (j < row.Destinations.Length && row.Destinations[j] < d)
                    {
                        yield return (row.Destinations[j], row.Sets[j]);
                        j++;
                    }

                    yield return (d, PortSets.All);
                }
            }
        }

        for (; j < row.Destinations.Length; j++)
        {
            yield return (row.Destinations[j], row.Sets[j]);
        }
    }

    /// <summary>
    /// Number of allowed ordered pod pairs on one port of the atom, a pod with itself included (always allowed).
    /// </summary>
    public long CountPodPairs(PortAtom atom)
    {
        long total = 0;
        for (var s = 0; s < rows.Length; s++)
        {
            long ns = classes[s].Pods.Count;
            total += ns;
            foreach (var (d, set) in RowCells(s))
            {
                if (set == PortSets.All || PortSets.Contains(set, atom.Id))
                {
                    total += d == s ? ns * (ns - 1) : ns * classes[d].Pods.Count;
                }
            }
        }

        return total;
    }

    /// <summary>
    /// Replaces the cells that cluster-wide policies may decide: every cell of a source class that is an egress
    /// subject, every cell towards a destination class that is an ingress subject. Each is decided per port atom on
    /// two member pods (classes and atoms separate everything a tier rule reads, so they speak for every member pair);
    /// other cells keep the NetworkPolicy answer, which the tiers cannot change there (no admin rule applies, and
    /// baseline rules apply only to subjects). Cost: one decision per atom for each such cell.
    /// </summary>
    private void ApplyTiers(ClassEngine engine)
    {
        var reference = engine.Reference;
        var atoms = engine.Atoms;
        var count = rows.Length;
        var ingressSubjects = Enumerable.Range(0, count).Where(d => engine.IsTierSubject(d, Direction.Ingress)).ToArray();
        Span<ulong> allowed = new ulong[PortSets.Words];
        Span<ulong> undetermined = new ulong[PortSets.Words];
        for (var s = 0; s < count; s++)
        {
            IReadOnlyList<int> targets = engine.IsTierSubject(s, Direction.Egress) ? [.. Enumerable.Range(0, count)] : ingressSubjects;
            if (targets.Count == 0)
            {
                continue;
            }

            var cells = new SortedDictionary<int, int>();
            foreach (var (d, set) in RowCells(s))
            {
                cells[d] = set;
            }

            var unknown = new SortedDictionary<int, int>();
            var source = classes[s].Representative;
            foreach (var d in targets)
            {
                // Cell (c, c) stands for two distinct members: a second member, or a copy that is not the same object.
                var destination = d != s ? classes[d].Representative : classes[s].Pods.Count > 1 ? classes[s].Pods[1] : source with { };
                allowed.Clear();
                undetermined.Clear();
                foreach (var atom in atoms)
                {
                    switch (reference.Decide(new PodEndpoint(source), new PodEndpoint(destination), atom.RepresentativePort, atom.Protocol))
                    {
                        case Reachability.Allowed:
                            Bits.Set(allowed, atom.Id);
                            break;
                        case Reachability.Undetermined:
                            Bits.Set(undetermined, atom.Id);
                            break;
                    }
                }

                cells.Remove(d);
                var a = PortSets.Intern(allowed);
                if (a != PortSets.Empty)
                {
                    cells[d] = a;
                }

                var u = PortSets.Intern(undetermined);
                if (u != PortSets.Empty)
                {
                    unknown[d] = u;
                }
            }

            rows[s] = new Row(null, [.. cells.Keys], [.. cells.Values]) { UndeterminedTo = [.. unknown.Keys], UndeterminedSets = [.. unknown.Values] };
        }
    }

    /// <summary>One source row: destinations reached on every port (shared bitset) plus explicit cells.</summary>
    private sealed record Row(ulong[]? EveryPort, int[] Destinations, int[] Sets)
    {
        /// <summary>Destinations with undetermined ports, ascending (cluster-wide tiers only).</summary>
        public int[] UndeterminedTo { get; init; } = [];

        /// <summary>The undetermined port set of each.</summary>
        public int[] UndeterminedSets { get; init; } = [];
    }

    /// <summary>Computes the rows; holds the per-rule port sets and the transposed ingress admission.</summary>
    private sealed class Builder
    {
        private readonly ClassEngine engine;
        private readonly PortSets sets;
        private readonly int count;
        private readonly int words;
        private readonly int[] ruleNumeric;
        private readonly int[]?[] ruleNamed;
        private readonly int[] classSignature;
        private readonly List<int[]> signatures = [];
        private readonly IReadOnlyList<ClassRule> rules;
        private readonly ulong[] nothing;

        public Builder(ClassEngine engine, PortSets sets)
        {
            this.engine = engine;
            this.sets = sets;
            count = engine.Classes.Count;
            words = Bits.WordCount(count);
            rules = engine.Rules;
            nothing = new ulong[words];
            var index = new AtomIndex(engine.Atoms);
            var namedIds = new Dictionary<NamedPortRef, int>();
            for (var i = 0; i < engine.NamedRefs.Count; i++)
            {
                namedIds[engine.NamedRefs[i]] = i;
            }

            // Numeric part of every rule as an atom set; named entries as indexes into the engine's named refs.
            ruleNumeric = new int[rules.Count];
            ruleNamed = new int[]?[rules.Count];
            var entryMemo = new Dictionary<(Protocol, int, int), int>();
            Span<ulong> buffer = new ulong[sets.Words];
            for (var r = 0; r < rules.Count; r++)
            {
                var ports = rules[r].Ports;
                if (ports is null)
                {
                    ruleNumeric[r] = PortSets.All;
                    continue;
                }

                var id = PortSets.Empty;
                List<int>? named = null;
                foreach (var e in ports)
                {
                    switch (e.Port)
                    {
                        case NamedPort n:
                            (named ??= []).Add(namedIds[new NamedPortRef(n.Name, e.Protocol)]);
                            break;
                        case var spec:
                            var (from, to) = spec is PortNumberRange range ? (range.Port, range.EndPort) : (1, 65535);
                            if (!entryMemo.TryGetValue((e.Protocol, from, to), out var entry))
                            {
                                buffer.Clear();
                                index.Mark(buffer, e.Protocol, from, to);
                                entry = sets.Intern(buffer);
                                entryMemo[(e.Protocol, from, to)] = entry;
                            }

                            id = sets.Union(id, entry);
                            break;
                    }
                }

                ruleNumeric[r] = id;
                ruleNamed[r] = named?.ToArray();
            }

            // Each class's named-port resolutions, as atom ids (-1 when unresolved), interned to a signature.
            var signatureIds = new Dictionary<int[], int>(SequenceComparer<int>.Instance);
            classSignature = new int[count];
            foreach (var c in engine.Classes)
            {
                var resolved = new int[engine.NamedRefs.Count];
                for (var i = 0; i < resolved.Length; i++)
                {
                    var n = engine.NamedRefs[i];
                    resolved[i] = c.Representative.ResolveNamedPort(n.Name, n.Protocol) is int port ? index.Find(n.Protocol, port) : -1;
                }

                if (!signatureIds.TryGetValue(resolved, out var sig))
                {
                    sig = signatures.Count;
                    signatureIds[resolved] = sig;
                    signatures.Add(resolved);
                }

                classSignature[c.Id] = sig;
            }
        }

        /// <summary>
        /// Builds every row on up to <paramref name="parallelism"/> workers, each taking the next
        /// <paramref name="rowsPerChunk"/> rows when free. Each worker interns into its own copy of the port sets; the
        /// ids of the cells are then mapped back into the table's port sets in row order, so the table (every id
        /// included) is the same for any number of workers and any timing. <paramref name="interleaved"/> (tests) runs
        /// the workers on the calling thread, taking chunks in turn, for a split that does not depend on timing.
        /// </summary>
        public Row[] Build(int parallelism, int rowsPerChunk, bool interleaved)
        {
            var groups = engine.Groups;

            // Destinations not isolated for ingress admit every source on every port.
            var open = new ulong[words];
            Bits.SetAll(open, count);
            var ingressMembers = new List<int>?[groups.Count];
            for (var d = 0; d < count; d++)
            {
                var g = engine.IngressGroup(d);
                if (g >= 0)
                {
                    open[d >> 6] &= ~(1UL << d);
                    (ingressMembers[g] ??= []).Add(d);
                }
            }

            // admitted[s]: isolated destinations with an ingress rule that admits source s on some port.
            var admitted = new BitMatrix(count);
            var union = new ulong[words];
            var memberBits = new ulong[words];
            for (var g = 0; g < groups.Count; g++)
            {
                var members = ingressMembers[g];
                if (members is null)
                {
                    continue;
                }

                union.AsSpan().Clear();
                foreach (var r in groups[g])
                {
                    if (rules[r].Peers is { } peers)
                    {
                        Bits.Or(union, peers);
                    }
                    else
                    {
                        Bits.SetAll(union, count);
                        break;
                    }
                }

                memberBits.AsSpan().Clear();
                foreach (var d in members)
                {
                    Bits.Set(memberBits, d);
                }

                var lo = members[0] >> 6;
                var hi = members[^1] >> 6;
                var span = memberBits.AsSpan(lo, hi - lo + 1);
                foreach (var s in SetBits(union))
                {
                    Bits.Or(admitted.Row(s).Slice(lo, span.Length), span);
                }
            }

            var result = new Row[count];
            var chunks = (count + rowsPerChunk - 1) / rowsPerChunk;
            var workers = new RowWorker[Math.Clamp(Math.Min(parallelism, chunks), 1, 64)];
            var chunkWorker = new int[chunks];
            var next = -1;
            if (workers.Length == 1)
            {
                Work(0);
            }
            else if (interleaved)
            {
                // On the calling thread, each worker taking one chunk in turn.
                for (var w = 0; w < workers.Length; w++)
                {
                    workers[w] = new RowWorker(this, sets.Fork(), open, admitted);
                }

                for (var chunk = 0; chunk < chunks; chunk++)
                {
                    chunkWorker[chunk] = chunk % workers.Length;
                    BuildChunk(workers[chunk % workers.Length], chunk);
                }
            }
            else
            {
                Parallel.For(0, workers.Length, new ParallelOptions { MaxDegreeOfParallelism = workers.Length }, Work);
            }

            // Ids the workers share with the table's sets map to themselves; the others in order of first use by a row.
            var shared = sets.Count;
            var maps = Array.ConvertAll(workers, w => new int[w.Sets.Count]);
            for (var s = 0; s < count; s++)
            {
                var w = chunkWorker[s / rowsPerChunk];
                var cells = result[s].Sets;
                for (var j = 0; j < cells.Length; j++)
                {
                    cells[j] = sets.Adopt(workers[w].Sets, cells[j], shared, maps[w]);
                }
            }

            return result;

            void Work(int w)
            {
                var worker = new RowWorker(this, sets.Fork(), open, admitted);
                workers[w] = worker;
                int chunk;
                while ((chunk = Interlocked.Increment(ref next)) < chunks)
                {
                    chunkWorker[chunk] = w;
                    BuildChunk(worker, chunk);
                }
            }

            void BuildChunk(RowWorker worker, int chunk)
            {
                var last = Math.Min(count, (chunk + 1) * rowsPerChunk);
                for (var s = chunk * rowsPerChunk; s < last; s++)
                {
                    result[s] = worker.Build(s);
                }
            }
        }

        /// <summary>
        /// Builds rows with port sets of its own: its interned ids, its memo of named-port rule sets and its egress
        /// sides are private, so workers never share anything they write.
        /// </summary>
        private sealed class RowWorker(Builder builder, PortSets sets, ulong[] open, BitMatrix admitted)
        {
            private readonly ClassEngine engine = builder.engine;
            private readonly IReadOnlyList<ClassRule> rules = builder.rules;
            private readonly int words = builder.words;
            private readonly Dictionary<long, int> ruleSetMemo = [];
            private readonly EgressSide?[] egress = new EgressSide?[builder.engine.Groups.Count];
            private readonly List<int> destinations = [];
            private readonly List<int> cellSets = [];

            /// <summary>The worker's port sets, which the ids of the rows it built refer to.</summary>
            public PortSets Sets => sets;

            /// <summary>The row of source class s.</summary>
            public Row Build(int s)
            {
                destinations.Clear();
                cellSets.Clear();
                var admits = admitted.ReadRow(s);
                var g = engine.EgressGroup(s);
                ulong[]? every;
                if (g < 0)
                {
                    every = open;
                    foreach (var d in SetBits(admits))
                    {
                        Add(d, IngressSet(s, d));
                    }
                }
                else
                {
                    var side = egress[g] ??= Egress(engine.Groups[g]);
                    if (side.Dense is { } dense)
                    {
                        every = null;
                        for (var w = 0; w < words; w++)
                        {
                            var word = open[w] | admits[w];
                            while (word != 0)
                            {
                                var d = (w << 6) + BitOperations.TrailingZeroCount(word);
                                word &= word - 1;
                                var e = dense[d];
                                if (e != PortSets.Empty)
                                {
                                    Add(d, Bits.Get(admits, d) ? sets.Intersect(e, IngressSet(s, d)) : e);
                                }
                            }
                        }
                    }
                    else
                    {
                        every = side.EveryPortOpen;
                        var j = 0;
                        for (var w = 0; w < words; w++)
                        {
                            var word = side.EveryPort[w] & admits[w];
                            while (word != 0)
                            {
                                var d = (w << 6) + BitOperations.TrailingZeroCount(word);
                                word &= word - 1;
                                while (j < side.Destinations.Length && side.Destinations[j] < d)
                                {
                                    AddSparse(s, side, j++, admits);
                                }

                                Add(d, IngressSet(s, d));
                            }
                        }

                        while (j < side.Destinations.Length)
                        {
                            AddSparse(s, side, j++, admits);
                        }
                    }
                }

                return new Row(every is not null && !Bits.IsEmpty(every) ? every : null, [.. destinations], [.. cellSets]);
            }

            private void Add(int d, int set)
            {
                if (set != PortSets.Empty)
                {
                    destinations.Add(d);
                    cellSets.Add(set);
                }
            }

            private void AddSparse(int s, EgressSide side, int j, ReadOnlySpan<ulong> admits)
            {
                var d = side.Destinations[j];
                if (Bits.Get(open, d))
                {
                    Add(d, side.Sets[j]);
                }
                else if (Bits.Get(admits, d))
                {
                    Add(d, sets.Intersect(side.Sets[j], IngressSet(s, d)));
                }
            }

            /// <summary>The ports on which destination d's ingress rules admit source s (d is isolated for ingress).</summary>
            private int IngressSet(int s, int d)
            {
                var acc = PortSets.Empty;
                foreach (var r in engine.Groups[engine.IngressGroup(d)])
                {
                    if (rules[r].Peers is not { } peers || Bits.Get(peers, s))
                    {
                        acc = sets.Union(acc, RuleSet(r, d));
                        if (acc == PortSets.All)
                        {
                            break;
                        }
                    }
                }

                return acc;
            }

            /// <summary>The ports rule r admits towards destination class d (named entries resolved on d).</summary>
            private int RuleSet(int r, int d)
            {
                if (builder.ruleNamed[r] is not { } named)
                {
                    return builder.ruleNumeric[r];
                }

                var sig = builder.classSignature[d];
                var key = ((long)r << 32) | (uint)sig;
                if (ruleSetMemo.TryGetValue(key, out var id))
                {
                    return id;
                }

                Span<ulong> buffer = new ulong[sets.Words];
                sets.Get(builder.ruleNumeric[r]).CopyTo(buffer);
                foreach (var n in named)
                {
                    var atom = builder.signatures[sig][n];
                    if (atom >= 0)
                    {
                        Bits.Set(buffer, atom);
                    }
                }

                id = sets.Intern(buffer);
                ruleSetMemo[key] = id;
                return id;
            }

            /// <summary>The egress side of one group: per destination, the ports its rules admit.</summary>
            private EgressSide Egress(int[] group)
            {
                var every = new ulong[words];
                var uniform = false;
                foreach (var r in group)
                {
                    var rule = rules[r];
                    if (rule.Ports is null)
                    {
                        if (rule.Peers is { } peers)
                        {
                            Bits.Or(every, peers);
                        }
                        else
                        {
                            Bits.SetAll(every, builder.count);
                        }
                    }
                    else if (rule.Peers is null)
                    {
                        uniform = true;
                    }
                }

                if (uniform)
                {
                    // A rule with ports towards every peer: every destination needs its own set; keep a dense row.
                    var dense = new int[builder.count];
                    for (var d = 0; d < dense.Length; d++)
                    {
                        if (Bits.Get(every, d))
                        {
                            dense[d] = PortSets.All;
                            continue;
                        }

                        var acc = PortSets.Empty;
                        foreach (var r in group)
                        {
                            if (rules[r].Peers is not { } peers || Bits.Get(peers, d))
                            {
                                acc = sets.Union(acc, RuleSet(r, d));
                            }
                        }

                        dense[d] = acc;
                    }

                    return new EgressSide(every, every, [], [], dense);
                }

                var sparse = new SortedDictionary<int, int>();
                foreach (var r in group)
                {
                    var rule = rules[r];
                    if (rule.Ports is null)
                    {
                        continue;
                    }

                    foreach (var d in SetBits(rule.Peers!))
                    {
                        if (Bits.Get(every, d))
                        {
                            continue;
                        }

                        var set = RuleSet(r, d);
                        sparse[d] = sparse.TryGetValue(d, out var prior) ? sets.Union(prior, set) : set;
                    }
                }

                if (Bits.IsEmpty(every))
                {
                    // Most groups: no rule without ports; share one empty set rather than keep two per group.
                    return new EgressSide(builder.nothing, builder.nothing, [.. sparse.Keys], [.. sparse.Values], null);
                }

                var everyOpen = new ulong[words];
                every.CopyTo(everyOpen, 0);
                Bits.And(everyOpen, open);
                return new EgressSide(every, everyOpen, [.. sparse.Keys], [.. sparse.Values], null);
            }
        }

        private static IEnumerable<int> SetBits(ulong[] set)
        {
            for (var w = 0; w < set.Length; w++)
            {
                var word = set[w];
                while (word != 0)
                {
                    yield return (w << 6) + BitOperations.TrailingZeroCount(word);
                    word &= word - 1;
                }
            }
        }

        private static IEnumerable<int> SetBits(ReadOnlySpan<ulong> set) => SetBits(set.ToArray());
    }

    /// <summary>
    /// An egress group's admission: destinations on every port, the rest as sorted explicit cells, or (when a rule
    /// with ports admits every peer) one dense set per destination.
    /// </summary>
    private sealed record EgressSide(ulong[] EveryPort, ulong[] EveryPortOpen, int[] Destinations, int[] Sets, int[]? Dense);

    /// <summary>Maps ports and port ranges of one protocol to atom ids through the atoms' sorted intervals.</summary>
    private sealed class AtomIndex
    {
        private readonly Dictionary<Protocol, (int[] Starts, int[] Ends, int[] Atoms)> byProtocol = [];

        public AtomIndex(IReadOnlyList<PortAtom> atoms)
        {
            foreach (var group in atoms.SelectMany(a => a.Intervals.Select(i => (i, a.Id))).GroupBy(x => x.i.Protocol))
            {
                var ordered = group.OrderBy(x => x.i.From).ToArray();
                byProtocol[group.Key] = ([.. ordered.Select(x => x.i.From)], [.. ordered.Select(x => x.i.To)], [.. ordered.Select(x => x.Id)]);
            }
        }

        /// <summary>The atom holding the port, or -1.</summary>
        public int Find(Protocol protocol, int port)
        {
            if (!byProtocol.TryGetValue(protocol, out var t))
            {
                return -1;
            }

            var i = Array.BinarySearch(t.Starts, port);
            i = i >= 0 ? i : ~i - 1;
            return i >= 0 && port <= t.Ends[i] ? t.Atoms[i] : -1;
        }

        /// <summary>Sets the bits of every atom inside [from, to] (atoms never straddle a numeric bound).</summary>
        public void Mark(Span<ulong> target, Protocol protocol, int from, int to)
        {
            from = Math.Max(from, 1);
            to = Math.Min(to, 65535);
            if (from > to || !byProtocol.TryGetValue(protocol, out var t))
            {
                return;
            }

            var i = Array.BinarySearch(t.Starts, from);
            i = i >= 0 ? i : ~i - 1;
            for (i = Math.Max(i, 0); i < t.Starts.Length && t.Starts[i] <= to; i++)
            {
                if (t.Ends[i] >= from)
                {
                    Bits.Set(target, t.Atoms[i]);
                }
            }
        }
    }
}
