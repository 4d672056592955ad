using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine.Classes;

/// <summary>Builds and looks up the <see cref="PortAtom"/>s of an engine.</summary>
internal static class PortAtoms
{
    private const int MaxPort = 65535;

    /// <summary>
    /// Cuts ports 1–65535 of each protocol at every numeric bound and named-port resolution, then merges the
    /// elementary intervals that the same numeric entries cover and that hold no named resolution.
    /// </summary>
    public static PortAtom[] Build(ClassEngine engine)
    {
        var entryIds = new Dictionary<(Protocol, int, int), int>();
        var named = new HashSet<(Protocol, int)>();
        foreach (var rule in engine.Rules)
        {
            if (rule.Ports is null)
            {
                continue;
            }

            foreach (var e in rule.Ports)
            {
                switch (e.Port)
                {
                    case AnyPortNumber:
                        entryIds.TryAdd((e.Protocol, 1, MaxPort), entryIds.Count);
                        break;
                    case PortNumberRange r:
                        entryIds.TryAdd((e.Protocol, r.Port, r.EndPort), entryIds.Count);
                        break;
                }
            }
        }

        foreach (var rule in engine.Snapshot.AdminPolicies.SelectMany(p => p.Ingress.Concat(p.Egress)))
        {
            // Cluster-wide port ranges cut atoms too: the tiers' cells are decided per atom.
            if (rule.Ports is AdminPorts ports)
            {
                foreach (var r in ports.Items.OfType<AdminPortRange>())
                {
                    entryIds.TryAdd((r.Protocol, r.Start, r.End), entryIds.Count);
                }
            }
        }

        foreach (var n in engine.NamedRefs)
        {
            foreach (var c in engine.Classes)
            {
                if (c.Representative.ResolveNamedPort(n.Name, n.Protocol) is int port && port is >= 1 and <= MaxPort)
                {
                    named.Add((n.Protocol, port));
                }
            }
        }

        var atoms = new List<PortAtom>();
        var words = Bits.WordCount(entryIds.Count) + 1;
        foreach (var protocol in Protocols.All)
        {
            var bounds = new SortedSet<int> { 1, MaxPort + 1 };
            var entries = entryIds.Where(e => e.Key.Item1 == protocol).ToArray();
            foreach (var ((_, from, to), _) in entries)
            {
                AddBound(bounds, from);
                AddBound(bounds, to + 1);
            }

            foreach (var (p, port) in named)
            {
                if (p == protocol)
                {
                    bounds.Add(port);
                    bounds.Add(port + 1);
                }
            }

            var starts = bounds.ToArray();
            var count = starts.Length - 1;
            var signatures = new ulong[count][];
            for (var i = 0; i < count; i++)
            {
                signatures[i] = new ulong[words];
                if (named.Contains((protocol, starts[i])))
                {
                    // A named resolution lives here: keep the atom alone (its destinations differ by class).
                    signatures[i][^1] = (ulong)starts[i];
                }
            }

            foreach (var ((_, from, to), id) in entries)
            {
                var lo = Array.BinarySearch(starts, Math.Max(from, 1));
                if (lo < 0 || from > to)
                {
                    continue;
                }

                for (var i = lo; i < count && starts[i] <= to; i++)
                {
                    Bits.Set(signatures[i], id);
                }
            }

            var byKey = new Dictionary<ulong[], List<PortInterval>>(SequenceComparer<ulong>.Instance);
            var order = new List<List<PortInterval>>();
            for (var i = 0; i < count; i++)
            {
                if (!byKey.TryGetValue(signatures[i], out var list))
                {
                    list = [];
                    byKey[signatures[i]] = list;
                    order.Add(list);
                }

                var interval = new PortInterval(protocol, starts[i], starts[i + 1] - 1);
                if (list.Count > 0 && list[^1].To + 1 == interval.From)
                {
                    list[^1] = list[^1] with { To = interval.To };
                }
                else
                {
                    list.Add(interval);
                }
            }

            foreach (var list in order)
            {
                atoms.Add(new PortAtom(atoms.Count, protocol, list));
            }
        }

        return [.. atoms];
    }

    /// <summary>Finds the atom of a port by scanning its protocol's atoms (atoms are few; use an index for hot paths).</summary>
    public static PortAtom? Find(IReadOnlyList<PortAtom> atoms, int port, Protocol protocol)
    {
        foreach (var a in atoms)
        {
            if (a.Protocol != protocol)
            {
                continue;
            }

            foreach (var i in a.Intervals)
            {
                if (i.Contains(port, protocol))
                {
                    return a;
                }
            }
        }

        return null;
    }

    private static void AddBound(SortedSet<int> bounds, int bound)
    {
        if (bound is > 1 and <= MaxPort)
        {
            bounds.Add(bound);
        }
    }
}
