using Palisade.Net;

namespace Palisade.Engine.Classes;

/// <summary>
/// Interned sets of <see cref="PortAtom"/>s (bitsets over atom ids). Id 0 is the empty set and id 1 the set of every
/// atom; unions and intersections are memoised by id pair, so each distinct combination is computed once.
/// Not thread-safe: one instance per builder, and each worker that builds table rows interns into a copy of its own
/// (<see cref="Fork"/>) whose ids are then mapped back by <see cref="Adopt"/>.
/// </summary>
internal sealed class PortSets
{
    /// <summary>The id of the empty set.</summary>
    public const int Empty = 0;

    /// <summary>The id of the set of every atom (every port of every protocol).</summary>
    public const int All = 1;

    private readonly List<ulong[]> sets = [];
    private readonly Dictionary<ulong[], int> ids = new(SequenceComparer<ulong>.Instance);
    private readonly Dictionary<long, int> unions = [];
    private readonly Dictionary<long, int> intersections = [];
    private readonly IReadOnlyList<PortAtom> atoms;
    private readonly int words;

    internal PortSets(IReadOnlyList<PortAtom> atoms)
    {
        this.atoms = atoms;
        words = Math.Max(1, Bits.WordCount(atoms.Count));
        Intern(new ulong[words]);
        var all = new ulong[words];
        Bits.SetAll(all, atoms.Count);
        Intern(all);
    }

    /// <summary>A copy with the same sets and ids, sharing the (never changed) set arrays.</summary>
    private PortSets(PortSets prototype)
    {
        atoms = prototype.atoms;
        words = prototype.words;
        sets = [.. prototype.sets];
        ids = new Dictionary<ulong[], int>(prototype.ids, SequenceComparer<ulong>.Instance);
        unions = new Dictionary<long, int>(prototype.unions);
        intersections = new Dictionary<long, int>(prototype.intersections);
    }

    /// <summary>Number of distinct sets seen.</summary>
    public int Count => sets.Count;

    /// <summary>Words per set.</summary>
    internal int Words => words;

    /// <summary>The atoms of a set, ascending by id.</summary>
    public IEnumerable<PortAtom> Atoms(int id)
    {
        var set = sets[id];
        for (var w = 0; w < set.Length; w++)
        {
            var bits = set[w];
            while (bits != 0)
            {
                yield return atoms[(w << 6) + System.Numerics.BitOperations.TrailingZeroCount(bits)];
                bits &= bits - 1;
            }
        }
    }

    /// <summary>The port intervals of a set, ascending by protocol then port, adjacent intervals merged.</summary>
    public IReadOnlyList<PortInterval> Intervals(int id)
    {
        var list = Atoms(id).SelectMany(a => a.Intervals).OrderBy(i => i.Protocol).ThenBy(i => i.From).ToList();
        var merged = new List<PortInterval>(list.Count);
        foreach (var i in list)
        {
            if (merged.Count > 0 && merged[^1].Protocol == i.Protocol && merged[^1].To + 1 == i.From)
            {
                merged[^1] = merged[^1] with { To = i.To };
            }
            else
            {
                merged.Add(i);
            }
        }

        return merged;
    }

    /// <summary>True when the set holds the atom.</summary>
    public bool Contains(int id, int atom) => Bits.Get(sets[id], atom);

    /// <summary>True when the set holds the port.</summary>
    public bool Contains(int id, int port, Protocol protocol) =>
        id == All ? port is >= 1 and <= 65535 : PortAtoms.Find(atoms, port, protocol) is { } a && Contains(id, a.Id);

    internal ReadOnlySpan<ulong> Get(int id) => sets[id];

    /// <summary>Interns a set; the span is copied when new.</summary>
    internal int Intern(ReadOnlySpan<ulong> set)
    {
        var key = set.ToArray();
        if (ids.TryGetValue(key, out var id))
        {
            return id;
        }

        id = sets.Count;
        sets.Add(key);
        ids[key] = id;
        return id;
    }

    /// <summary>
    /// A private copy for one worker: the ids this instance has now mean the same sets there; later ids of the two
    /// are unrelated until mapped with <see cref="Adopt"/>.
    /// </summary>
    internal PortSets Fork() => new(this);

    /// <summary>
    /// The id here of set <paramref name="id"/> of <paramref name="fork"/> (interned here when new), memoised in
    /// <paramref name="map"/> (one slot per id of the fork, 0 for not yet mapped; no set but Empty maps to 0).
    /// Ids below <paramref name="shared"/> are common to both and map to themselves.
    /// </summary>
    internal int Adopt(PortSets fork, int id, int shared, int[] map)
    {
        if (id < shared)
        {
            return id;
        }

        var mapped = map[id];
        if (mapped == Empty)
        {
            mapped = Intern(fork.sets[id]);
            map[id] = mapped;
        }

        return mapped;
    }

    /// <summary>The union of two sets, interned.</summary>
    internal int Union(int a, int b) => Combine<OrWords>(a, b, identity: Empty, absorbing: All, unions);

    /// <summary>The intersection of two sets, interned.</summary>
    internal int Intersect(int a, int b) => Combine<AndWords>(a, b, identity: All, absorbing: Empty, intersections);

    /// <summary>
    /// a op b, answered without work when an operand is the operation's identity or absorbing set, else memoised by
    /// the (unordered) id pair.
    /// </summary>
    private int Combine<TOperation>(int a, int b, int identity, int absorbing, Dictionary<long, int> memo)
        where TOperation : struct, IWordOperation
    {
        if (a == b || b == identity || a == absorbing)
        {
            return a;
        }

        if (a == identity || b == absorbing)
        {
            return b;
        }

        var key = a < b ? ((long)a << 32) | (uint)b : ((long)b << 32) | (uint)a;
        if (memo.TryGetValue(key, out var id))
        {
            return id;
        }

        Span<ulong> buffer = words <= 64 ? stackalloc ulong[words] : new ulong[words];
        sets[a].CopyTo(buffer);
        Bits.Combine<TOperation>(buffer, sets[b]);
        id = Intern(buffer);
        memo[key] = id;
        return id;
    }
}
