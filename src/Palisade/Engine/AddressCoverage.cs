using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>
/// Whether a set of CIDR blocks (each minus its exceptions) covers a whole address family. A pod whose IP the input
/// does not give is inside such a union for certain (it has an address of that family), and outside or inside any
/// smaller one for all Palisade knows.
/// </summary>
public static class AddressCoverage
{
    /// <summary>True when the union of the ipBlock peers covers all of IPv4 or all of IPv6.</summary>
    public static bool CoversAddressFamily(IEnumerable<IpBlockPeer> blocks)
    {
        var list = blocks.ToList();
        return Covers(list.Where(b => !b.Cidr.IsV6).SelectMany(Pieces), 32) || Covers(list.Where(b => b.Cidr.IsV6).SelectMany(Pieces), 128);
    }

    /// <summary>True when the block holds at least one address (its exceptions do not cover its CIDR).</summary>
    public static bool HasAddresses(IpBlockPeer block) => Pieces(block).Any();

    /// <summary>True when the union of the CIDRs covers all of IPv4 or all of IPv6.</summary>
    public static bool CoversAddressFamily(IEnumerable<IpCidr> cidrs) =>
        CoversAddressFamily(cidrs.Select(c => new IpBlockPeer(c, EquatableArray<IpCidr>.Empty)));

    /// <summary>The block's interval minus its exceptions, as inclusive intervals.</summary>
    private static IEnumerable<(UInt128 From, UInt128 To)> Pieces(IpBlockPeer block)
    {
        var from = block.Cidr.First.Value;
        var to = block.Cidr.Last.Value;
        var holes = block.Except.Where(e => e.IsV6 == block.Cidr.IsV6)
            .Select(e => (From: e.First.Value, To: e.Last.Value))
            .OrderBy(h => h.From)
            .ToList();
        var next = from;
        var done = false;
        foreach (var (hf, ht) in holes)
        {
            if (ht < next || hf > to)
            {
                continue;
            }

            if (hf > next)
            {
                yield return (next, hf - 1);
            }

            if (ht >= to)
            {
                done = true;
                break;
            }

            next = ht + 1;
        }

        if (!done)
        {
            yield return (next, to);
        }
    }

    private static bool Covers(IEnumerable<(UInt128 From, UInt128 To)> pieces, int bits)
    {
        var max = bits == 128 ? UInt128.MaxValue : ((UInt128)1 << bits) - 1;
        UInt128 next = 0;
        foreach (var (from, to) in pieces.OrderBy(p => p.From))
        {
            if (from > next)
            {
                return false;
            }

            if (to >= max)
            {
                return true;
            }

            if (to >= next)
            {
                next = to + 1;
            }
        }

        return false;
    }
}
