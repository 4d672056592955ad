using System.Runtime.CompilerServices;
using Palisade.Engine.Classes;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.TestSupport;

/// <summary>
/// The class engine's connectivity one port atom at a time: a second way to the answers of its
/// <see cref="ConnectivityTable"/>, kept for the differential tests and the per-atom benchmarks (no command uses it).
/// </summary>
internal static class ClassEngineSlices
{
    private static readonly ConditionalWeakTable<ClassEngine, ClassConnectivity> Cache = [];

    /// <summary>The per-atom connectivity of the engine (one instance per engine, so named-port sets are built once).</summary>
    public static ClassConnectivity Connectivity(this ClassEngine engine) => Cache.GetValue(engine, e => new ClassConnectivity(e));

    /// <summary>The class-level matrix of one atom, read cell by cell from the engine's table.</summary>
    public static PortSlice Slice(this ConnectivityTable table, ClassEngine engine, PortAtom atom)
    {
        var matrix = new BitMatrix(table.ClassCount);
        for (var s = 0; s < table.ClassCount; s++)
        {
            var row = matrix.Row(s);
            for (var d = 0; d < table.ClassCount; d++)
            {
                if (table.PortSets.Contains(table.Cell(s, d), atom.Id))
                {
                    Bits.Set(row, d);
                }
            }
        }

        return new PortSlice(atom, matrix, engine.Classes);
    }
}

/// <summary>
/// Connectivity between classes on one <see cref="PortAtom"/>: <see cref="Allowed"/>[from, to] is true when a pod of
/// class <c>from</c> may connect to a different pod of class <c>to</c> on any port of the atom.
/// </summary>
internal sealed class PortSlice(PortAtom atom, BitMatrix allowed, IReadOnlyList<PodClass> classes)
{
    /// <summary>The ports this slice answers for.</summary>
    public PortAtom Atom { get; } = atom;

    /// <summary>Rows are source classes, columns destination classes.</summary>
    public BitMatrix Allowed { get; } = allowed;

    /// <summary>The classes, by id.</summary>
    public IReadOnlyList<PodClass> Classes { get; } = classes;

    /// <summary>Decides one pod pair on this slice's ports (a pod to itself is always allowed).</summary>
    public bool IsAllowed(ClassEngine engine, Pod from, Pod to) =>
        ReferenceEquals(from, to) || Allowed.Get(engine.ClassOf(from).Id, engine.ClassOf(to).Id);

    /// <summary>
    /// Number of allowed ordered pod pairs on one port of the slice, a pod with itself included (always allowed).
    /// </summary>
    public long CountPodPairs()
    {
        long total = 0;
        for (var s = 0; s < Classes.Count; s++)
        {
            long ns = Classes[s].Pods.Count;
            total += ns;
            var row = Allowed.ReadRow(s);
            for (var w = 0; w < row.Length; w++)
            {
                var bits = row[w];
                while (bits != 0)
                {
                    var d = (w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    total += d == s ? ns * (ns - 1) : ns * Classes[d].Pods.Count;
                }
            }
        }

        return total;
    }

    /// <summary>Streams every ordered pod pair of the snapshot with its verdict, row by row; nothing is materialised.</summary>
    public IEnumerable<(Pod From, Pod To, bool Allowed)> PodCells(IReadOnlyList<Pod> pods, ClassEngine engine)
    {
        var classOf = pods.Select(p => engine.ClassOf(p).Id).ToArray();
        for (var i = 0; i < pods.Count; i++)
        {
            var row = Allowed.ReadRow(classOf[i]).ToArray();
            for (var j = 0; j < pods.Count; j++)
            {
                yield return (pods[i], pods[j], i == j || Bits.Get(row, classOf[j]));
            }
        }
    }
}

/// <summary>Computes <see cref="PortSlice"/>s: class-level connectivity for every port atom.</summary>
internal sealed class ClassConnectivity
{
    private readonly ClassEngine engine;
    private readonly int count;
    private readonly int words;
    private readonly ulong[] everything;
    private readonly bool[] groupHasNamed;
    private readonly Lazy<Dictionary<(NamedPortRef, int), ulong[]>> namedSets;

    /// <summary>Prepares the computation (cheap; slices are computed on demand).</summary>
    public ClassConnectivity(ClassEngine engine)
    {
        this.engine = engine;
        count = engine.Classes.Count;
        words = Bits.WordCount(count);
        everything = new ulong[words];
        Bits.SetAll(everything, count);
        groupHasNamed = [.. engine.Groups.Select(g => g.Any(r => engine.Rules[r].HasNamed))];
        namedSets = new Lazy<Dictionary<(NamedPortRef, int), ulong[]>>(NamedSets, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private Dictionary<(NamedPortRef, int), ulong[]> NamedSets()
    {
        var namedSets = new Dictionary<(NamedPortRef, int), ulong[]>();
        foreach (var n in engine.NamedRefs)
        {
            foreach (var c in engine.Classes)
            {
                if (c.Representative.ResolveNamedPort(n.Name, n.Protocol) is int port)
                {
                    if (!namedSets.TryGetValue((n, port), out var set))
                    {
                        set = new ulong[words];
                        namedSets[(n, port)] = set;
                    }

                    Bits.Set(set, c.Id);
                }
            }
        }

        return namedSets;
    }

    /// <summary>The engine.</summary>
    public ClassEngine Engine => engine;

    /// <summary>Computes every slice, <paramref name="parallelism"/> at a time, yielding them in atom order.</summary>
    public IEnumerable<PortSlice> All(int parallelism = 1)
    {
        var atoms = engine.Atoms;
        parallelism = Math.Max(1, parallelism);
        for (var start = 0; start < atoms.Count; start += parallelism)
        {
            var n = Math.Min(parallelism, atoms.Count - start);
            var batch = new PortSlice[n];
            if (n == 1)
            {
                batch[0] = Compute(atoms[start]);
            }
            else
            {
                Parallel.For(0, n, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, i => batch[i] = Compute(atoms[start + i]));
            }

            foreach (var s in batch)
            {
                yield return s;
            }
        }
    }

    /// <summary>Computes the slice of the atom holding a port, or null outside 1–65535.</summary>
    public PortSlice? ForPort(int port, Protocol protocol) =>
        engine.AtomOf(port, protocol) is { } atom ? Compute(atom) : null;

    /// <summary>Computes one slice: egress rows per source group, ingress rows per destination, transposed and joined.</summary>
    public PortSlice Compute(PortAtom atom)
    {
        if (engine.HasTiers)
        {
            // The per-atom join knows NetworkPolicy rules only; with cluster-wide tiers the table holds the answer.
            return engine.Table.Slice(engine, atom);
        }

        var port = atom.RepresentativePort;
        var protocol = atom.Protocol;
        var rules = engine.Rules;
        var numeric = new bool[rules.Count];
        for (var r = 0; r < rules.Count; r++)
        {
            numeric[r] = rules[r].NumericMatches(port, protocol);
        }

        // Ingress: row d lists the source classes destination class d admits.
        var ingress = new BitMatrix(count);
        var ingressRows = new ulong[]?[engine.Groups.Count];
        for (var d = 0; d < count; d++)
        {
            var g = engine.IngressGroup(d);
            var row = ingress.Row(d);
            if (g < 0)
            {
                everything.CopyTo(row);
                continue;
            }

            if (!groupHasNamed[g])
            {
                var cached = ingressRows[g];
                if (cached is null)
                {
                    cached = new ulong[words];
                    foreach (var r in engine.Groups[g])
                    {
                        if (numeric[r])
                        {
                            Bits.Or(cached, rules[r].Peers ?? everything);
                        }
                    }

                    ingressRows[g] = cached;
                }

                cached.CopyTo(row);
                continue;
            }

            var destination = engine.Classes[d].Representative;
            foreach (var r in engine.Groups[g])
            {
                var rule = rules[r];
                if (numeric[r] || (rule.HasNamed && rule.PortMatches(destination, port, protocol)))
                {
                    Bits.Or(row, rule.Peers ?? everything);
                }
            }
        }

        var allowed = new BitMatrix(count);
        ingress.TransposeInto(allowed);

        // Egress: row s lists the destination classes source class s may reach; join with the transposed ingress.
        var egressRows = new ulong[]?[engine.Groups.Count];
        for (var s = 0; s < count; s++)
        {
            var g = engine.EgressGroup(s);
            if (g < 0)
            {
                continue;
            }

            var row = egressRows[g];
            if (row is null)
            {
                row = new ulong[words];
                foreach (var r in engine.Groups[g])
                {
                    var rule = rules[r];
                    if (numeric[r])
                    {
                        Bits.Or(row, rule.Peers ?? everything);
                    }
                    else if (rule.HasNamed)
                    {
                        Bits.OrAnd(row, rule.Peers ?? everything, NamedSet(rule, port, protocol));
                    }
                }

                egressRows[g] = row;
            }

            Bits.And(allowed.Row(s), row);
        }

        return new PortSlice(atom, allowed, engine.Classes);
    }

    /// <summary>The destination classes on which one of the rule's named entries resolves to the port.</summary>
    private ulong[] NamedSet(ClassRule rule, int port, Protocol protocol)
    {
        ulong[]? result = null;
        foreach (var e in rule.Ports!)
        {
            if (e.Port is NamedPort n && e.Protocol == protocol && namedSets.Value.TryGetValue((new NamedPortRef(n.Name, protocol), port), out var set))
            {
                if (result is null)
                {
                    result = set;
                }
                else
                {
                    var merged = new ulong[words];
                    Bits.Or(merged, result);
                    Bits.Or(merged, set);
                    result = merged;
                }
            }
        }

        return result ?? new ulong[words];
    }
}
