using System.Globalization;
using Palisade.Net;

namespace Palisade.Lab.Nft;

/// <summary>
/// One element of a policy set: an IPv4 address range, a protocol and a port range, all inclusive. nftables
/// rejects overlapping elements in a concatenated interval set, so <see cref="Disjoint"/> normalises a list.
/// </summary>
internal readonly record struct Box(uint First, uint Last, Protocol Protocol, int PortFirst, int PortLast)
{
    /// <summary>Turns possibly overlapping boxes into a disjoint, sorted list covering the same points.</summary>
    public static List<Box> Disjoint(IEnumerable<Box> boxes)
    {
        var result = new List<Box>();
        foreach (var group in boxes.GroupBy(b => b.Protocol).OrderBy(g => g.Key))
        {
            var list = group.ToList();

            // Elementary port intervals from all boundaries.
            var cuts = new SortedSet<int>();
            foreach (var b in list)
            {
                cuts.Add(b.PortFirst);
                cuts.Add(b.PortLast + 1);
            }

            var bounds = cuts.ToList();
            var strips = new List<(int Lo, int Hi, List<(uint, uint)> Addresses)>();
            for (var i = 0; i + 1 < bounds.Count; i++)
            {
                var lo = bounds[i];
                var hi = bounds[i + 1] - 1;
                var addresses = MergeRanges(list.Where(b => b.PortFirst <= lo && b.PortLast >= hi).Select(b => (b.First, b.Last)));
                if (addresses.Count == 0)
                {
                    continue;
                }

                // Merge with the previous strip when adjacent and covering the same addresses.
                if (strips.Count > 0 && strips[^1].Hi + 1 == lo && strips[^1].Addresses.SequenceEqual(addresses))
                {
                    strips[^1] = (strips[^1].Lo, hi, strips[^1].Addresses);
                }
                else
                {
                    strips.Add((lo, hi, addresses));
                }
            }

            foreach (var (lo, hi, addresses) in strips)
            {
                foreach (var (first, last) in addresses)
                {
                    result.Add(new Box(first, last, group.Key, lo, hi));
                }
            }
        }

        return [.. result.OrderBy(b => b.First).ThenBy(b => b.Protocol).ThenBy(b => b.PortFirst)];
    }

    /// <summary>Sorted, merged, disjoint address ranges.</summary>
    public static List<(uint First, uint Last)> MergeRanges(IEnumerable<(uint First, uint Last)> ranges)
    {
        var merged = new List<(uint First, uint Last)>();
        foreach (var (f, l) in ranges.OrderBy(r => r.First).ThenBy(r => r.Last))
        {
            if (merged.Count > 0 && (ulong)merged[^1].Last + 1 >= f)
            {
                if (l > merged[^1].Last)
                {
                    merged[^1] = (merged[^1].First, l);
                }
            }
            else
            {
                merged.Add((f, l));
            }
        }

        return merged;
    }

    /// <summary>The address range of an IPv4 block minus its exceptions.</summary>
    public static List<(uint First, uint Last)> Subtract((uint First, uint Last) range, IEnumerable<(uint First, uint Last)> holes)
    {
        var pieces = new List<(uint First, uint Last)> { range };
        foreach (var (hf, hl) in holes)
        {
            var next = new List<(uint First, uint Last)>();
            foreach (var (f, l) in pieces)
            {
                if (hl < f || hf > l)
                {
                    next.Add((f, l));
                    continue;
                }

                if (hf > f)
                {
                    next.Add((f, hf - 1));
                }

                if (hl < l)
                {
                    next.Add((hl + 1, l));
                }
            }

            pieces = next;
        }

        return pieces;
    }

    /// <summary>The nftables element text: "10.0.0.0/8 . tcp . 80-81".</summary>
    public string ToNft() => $"{FormatRange(First, Last)} . {Protocol.ToString().ToLowerInvariant()} . {FormatPorts()}";

    private string FormatPorts() => PortFirst == PortLast
        ? PortFirst.ToString(CultureInfo.InvariantCulture)
        : $"{PortFirst.ToString(CultureInfo.InvariantCulture)}-{PortLast.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>An address range as a single address, a CIDR when it is one, else "a-b".</summary>
    public static string FormatRange(uint first, uint last)
    {
        if (first == last)
        {
            return Format(first);
        }

        var size = (ulong)last - first + 1;
        if ((size & (size - 1)) == 0 && (first & (uint)(size - 1)) == 0)
        {
            var prefix = 32 - (int)Math.Log2(size);
            return $"{Format(first)}/{prefix.ToString(CultureInfo.InvariantCulture)}";
        }

        return $"{Format(first)}-{Format(last)}";
    }

    public static string Format(uint a) => new IpAddr(a, false).ToString();
}
