using Palisade.Model;
using Palisade.Net;

namespace Palisade.Diffing;

/// <summary>A run of ports of one protocol, inclusive at both ends, written "22/TCP" or "1-21/TCP".</summary>
public readonly record struct PortInterval(Protocol Protocol, int First, int Last) : IComparable<PortInterval>
{
    /// <inheritdoc />
    public int CompareTo(PortInterval other)
    {
        var c = Protocol.CompareTo(other.Protocol);
        return c != 0 ? c : First.CompareTo(other.First);
    }

    /// <inheritdoc />
    public override string ToString() => First == Last
        ? $"{First.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{Protocol}"
        : $"{First.ToString(System.Globalization.CultureInfo.InvariantCulture)}-{Last.ToString(System.Globalization.CultureInfo.InvariantCulture)}/{Protocol}";

    /// <summary>Merges adjacent intervals of the same protocol; the input may be in any order.</summary>
    public static IReadOnlyList<PortInterval> Compress(IEnumerable<PortInterval> intervals)
    {
        var merged = new List<PortInterval>();
        foreach (var i in intervals.Order())
        {
            if (merged.Count > 0 && merged[^1].Protocol == i.Protocol && merged[^1].Last + 1 >= i.First)
            {
                merged[^1] = merged[^1] with { Last = Math.Max(merged[^1].Last, i.Last) };
            }
            else
            {
                merged.Add(i);
            }
        }

        return merged;
    }
}

/// <summary>
/// A run of addresses outside the cluster, inclusive, and the address that stands for it in evaluations.
/// Written as a CIDR when the run is one, else "first-last".
/// </summary>
public readonly record struct AddressInterval(IpAddr First, IpAddr Last, IpAddr Representative)
{
    /// <inheritdoc />
    public override string ToString()
    {
        var bits = First.Bits;
        var size = Last.Value - First.Value + 1;
        // A CIDR: the size is a power of two (or the whole space) and First is aligned to it.
        if (size == UInt128.Zero && First.Value == UInt128.Zero)
        {
            return $"{First}/0";
        }

        if (size != UInt128.Zero && (size & (size - 1)) == UInt128.Zero && (First.Value & (size - 1)) == UInt128.Zero)
        {
            var hostBits = 0;
            while ((UInt128.One << hostBits) != size)
            {
                hostBits++;
            }

            return new IpCidr(First, bits - hostBits).ToString();
        }

        return $"{First}-{Last}";
    }
}

/// <summary>
/// The finite set of probes that decides every connection of two snapshots. NetworkPolicy verdicts are constant
/// on each elementary port interval (cut at every port, range bound and named-port resolution any rule or container
/// names) and on each elementary address interval (cut at every ipBlock and except bound), so one probe per
/// interval compares the two snapshots exactly on those dimensions.
/// </summary>
public sealed class ProbeSpace
{
    /// <summary>The address that stands for "the Internet" in the interval that holds it (TEST-NET-3).</summary>
    public static IpAddr InternetV4 { get; } = IpAddr.Parse("203.0.113.10");

    /// <summary>The IPv6 stand-in (documentation prefix).</summary>
    public static IpAddr InternetV6 { get; } = IpAddr.Parse("2001:db8::10");

    // Where the address intervals start, sorted and distinct, per family (0 always among them); kept so that WithBlocks
    // can cut more without walking the snapshots again. IPv6 intervals exist only when some block is IPv6.
    private readonly UInt128[] startsV4;
    private readonly UInt128[]? startsV6;

    private ProbeSpace(IReadOnlyList<PortInterval> ports, UInt128[] startsV4, UInt128[]? startsV6)
    {
        Ports = ports;
        this.startsV4 = startsV4;
        this.startsV6 = startsV6;
        var addresses = new List<AddressInterval>(startsV4.Length + (startsV6?.Length ?? 0));
        Intervals(addresses, startsV4, isV6: false, InternetV4);
        if (startsV6 is not null)
        {
            Intervals(addresses, startsV6, isV6: true, InternetV6);
        }

        Addresses = addresses;
    }

    /// <summary>Elementary port intervals of every protocol, covering 1-65535 for each, sorted.</summary>
    public IReadOnlyList<PortInterval> Ports { get; }

    /// <summary>Elementary external address intervals (IPv4 always; IPv6 when any IPv6 block is named), sorted.</summary>
    public IReadOnlyList<AddressInterval> Addresses { get; }

    /// <summary>Builds the probe space of the given snapshots, with extra ports cut out as their own intervals.</summary>
    public static ProbeSpace For(IEnumerable<ClusterSnapshot> clusters, IEnumerable<PortProtocol> extraPorts) => For(clusters, extraPorts, []);

    /// <summary>
    /// Builds the probe space of the given snapshots, with extra ports and extra address blocks cut out as their own
    /// intervals (a quantified expectation's set bounds and the cluster's own addresses).
    /// </summary>
    public static ProbeSpace For(IEnumerable<ClusterSnapshot> clusters, IEnumerable<PortProtocol> extraPorts, IEnumerable<IpCidr> extraBlocks)
    {
        var cuts = Protocols.All.ToDictionary(p => p, _ => new SortedSet<int> { 1 });
        var blocks = new List<IpCidr>(extraBlocks);

        void Single(Protocol protocol, int port) => Range(protocol, port, port);
        void Range(Protocol protocol, int first, int last)
        {
            // An interval starts at each bound and right after it, so the range, its inside and both outsides differ.
            cuts[protocol].Add(Math.Clamp(first, 1, 65535));
            if (last < 65535)
            {
                cuts[protocol].Add(last + 1);
            }
        }

        foreach (var cluster in clusters)
        {
            foreach (var pod in cluster.Pods)
            {
                foreach (var cp in pod.Ports)
                {
                    Single(cp.Protocol, cp.Number);
                }
            }

            foreach (var policy in cluster.Policies)
            {
                foreach (var rule in policy.Ingress.Concat(policy.Egress))
                {
                    if (rule.Ports is Model.Ports named)
                    {
                        foreach (var p in named.Items)
                        {
                            if (p.Port is PortNumberRange r)
                            {
                                Range(p.Protocol, r.Port, r.EndPort);
                            }

                            // Named ports resolve to declared container ports, which are cut above.
                        }
                    }

                    if (rule.Peers is Peers peers)
                    {
                        foreach (var b in peers.Items.OfType<IpBlockPeer>())
                        {
                            blocks.Add(b.Cidr);
                            blocks.AddRange(b.Except);
                        }
                    }
                }
            }

            foreach (var rule in cluster.AdminPolicies.SelectMany(a => a.Ingress.Concat(a.Egress)))
            {
                if (rule.Ports is AdminPorts adminPorts)
                {
                    foreach (var r in adminPorts.Items.OfType<AdminPortRange>())
                    {
                        Range(r.Protocol, r.Start, r.End);
                    }
                }

                foreach (var n in rule.Peers.OfType<AdminNetworksPeer>())
                {
                    blocks.AddRange(n.Networks);
                }
            }

            // A nodes peer matches the addresses of the selected Node objects: each is an interval of its own.
            if (cluster.AdminPolicies.Any(a => a.Egress.Any(r => r.Peers.Any(p => p is AdminNodesPeer))))
            {
                blocks.AddRange(cluster.Nodes.SelectMany(n => n.Addresses.Items).Select(a => new IpCidr(a, a.Bits)));
            }
        }

        foreach (var e in extraPorts)
        {
            Single(e.Protocol, e.Port);
        }

        var ports = new List<PortInterval>();
        foreach (var protocol in Protocols.All)
        {
            var starts = cuts[protocol].ToList();
            for (var i = 0; i < starts.Count; i++)
            {
                ports.Add(new PortInterval(protocol, starts[i], i + 1 < starts.Count ? starts[i + 1] - 1 : 65535));
            }
        }

        return new ProbeSpace(ports, Starts([UInt128.Zero], blocks, isV6: false), blocks.Any(b => b.IsV6) ? Starts([UInt128.Zero], blocks, isV6: true) : null);
    }

    /// <summary>
    /// This space with more address blocks cut out as their own intervals: the same space as <see cref="For(IEnumerable{ClusterSnapshot}, IEnumerable{PortProtocol}, IEnumerable{IpCidr})"/>
    /// with those blocks added to the extra ones, without walking the snapshots again (a checker cuts each quantified
    /// expectation's set bounds into the snapshot's space once built).
    /// </summary>
    public ProbeSpace WithBlocks(IEnumerable<IpCidr> extraBlocks)
    {
        var extra = extraBlocks as IReadOnlyCollection<IpCidr> ?? [.. extraBlocks];
        var v6 = startsV6 is not null ? Starts(startsV6, extra, isV6: true) : extra.Any(b => b.IsV6) ? Starts([UInt128.Zero], extra, isV6: true) : null;
        return new ProbeSpace(Ports, Starts(startsV4, extra, isV6: false), v6);
    }

    /// <summary>
    /// The sorted, distinct interval starts <paramref name="starts"/> (sorted, distinct) with every bound of the blocks of
    /// one family added: each block's first address, and the address after its last.
    /// </summary>
    private static UInt128[] Starts(UInt128[] starts, IEnumerable<IpCidr> blocks, bool isV6)
    {
        var max = isV6 ? UInt128.MaxValue : uint.MaxValue;
        var cuts = new List<UInt128>(starts);
        foreach (var b in blocks.Where(b => b.IsV6 == isV6))
        {
            cuts.Add(b.First.Value);
            if (b.Last.Value < max)
            {
                cuts.Add(b.Last.Value + 1);
            }
        }

        if (cuts.Count == starts.Length)
        {
            return starts;
        }

        cuts.Sort();
        var distinct = 0;
        for (var i = 0; i < cuts.Count; i++)
        {
            if (distinct == 0 || cuts[i] != cuts[distinct - 1])
            {
                cuts[distinct++] = cuts[i];
            }
        }

        return [.. cuts.Take(distinct)];
    }

    private static void Intervals(List<AddressInterval> into, UInt128[] starts, bool isV6, IpAddr internet)
    {
        var max = isV6 ? UInt128.MaxValue : uint.MaxValue;
        for (var i = 0; i < starts.Length; i++)
        {
            var first = new IpAddr(starts[i], isV6);
            var last = new IpAddr(i + 1 < starts.Length ? starts[i + 1] - 1 : max, isV6);
            var representative = internet.Value >= first.Value && internet.Value <= last.Value ? internet : first;
            into.Add(new AddressInterval(first, last, representative));
        }
    }
}
