using System.Globalization;
using System.Text;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine.Classes;

/// <summary>One distinct rule: the classes its peers admit and the port entries it admits.</summary>
internal sealed class ClassRule
{
    public ClassRule(ulong[]? peers, PolicyPort[]? ports)
    {
        Peers = peers;
        Ports = ports;
        HasNamed = ports is not null && ports.Any(p => p.Port is NamedPort);
    }

    /// <summary>Bitset over classes; null when the rule admits every peer.</summary>
    public ulong[]? Peers { get; }

    /// <summary>Port entries; null when the rule admits every port of every protocol.</summary>
    public PolicyPort[]? Ports { get; }

    /// <summary>True when some entry is a named port (its match depends on the destination).</summary>
    public bool HasNamed { get; }

    /// <summary>Port semantics of <see cref="PolicyEngine.PortMatches"/> over the entries.</summary>
    public bool PortMatches(Pod destination, int port, Protocol protocol)
    {
        if (Ports is null)
        {
            return true;
        }

        foreach (var e in Ports)
        {
            if (PolicyEngine.PortMatches(e, destination, port, protocol))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when a numeric or any-number entry admits the port (named entries ignored).</summary>
    public bool NumericMatches(int port, Protocol protocol)
    {
        if (Ports is null)
        {
            return true;
        }

        foreach (var e in Ports)
        {
            if (e.Protocol == protocol && e.Port switch
            {
                AnyPortNumber => true,
                PortNumberRange r => r.Contains(port),
                _ => false,
            })
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>De-duplicates rules by content and evaluates each distinct peer once into a bitset over classes.</summary>
internal sealed class RuleBuilder
{
    private readonly ClusterSnapshot cluster;
    private readonly PodClass[] classes;
    private readonly Dictionary<string, PodClass[]> classesByNamespace;
    private readonly Dictionary<string, int> ruleIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> peerSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> namespacesBySelector = new(StringComparer.Ordinal);
    private readonly StringBuilder sb = new();
    private readonly StringBuilder peerKey = new();
    private readonly int words;
    private readonly Dictionary<string, Dictionary<(string, string), List<PodClass>>> labelIndex = new(StringComparer.Ordinal);
    private (IpAddr[] Addresses, int[] Classes)? ipIndex;
    private readonly Dictionary<string, ulong[]> podSelectorBits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> namespaceBits = new(StringComparer.Ordinal);

    public RuleBuilder(ClusterSnapshot cluster, PodClass[] classes, Dictionary<string, PodClass[]> classesByNamespace)
    {
        this.cluster = cluster;
        this.classes = classes;
        this.classesByNamespace = classesByNamespace;
        words = Bits.WordCount(classes.Length);
    }

    public List<ClassRule> Rules { get; } = [];

    public int RuleId(NetworkPolicy policy, PolicyRule rule)
    {
        sb.Clear();
        var ns = policy.Ref.Namespace;
        var peerKeys = new List<string>();
        if (rule.Peers is Peers peers)
        {
            foreach (var peer in peers.Items)
            {
                var k = PeerKey(ns, peer);
                peerKeys.Add(k);
                sb.Append(k).Append('\u0001');
            }
        }
        else
        {
            sb.Append('*');
        }

        sb.Append('\u0002');
        if (rule.Ports is Ports ports)
        {
            foreach (var p in ports.Items)
            {
                AppendPort(sb, p);
            }
        }
        else
        {
            sb.Append('*');
        }

        var key = sb.ToString();
        if (ruleIds.TryGetValue(key, out var id))
        {
            return id;
        }

        ulong[]? set = null;
        if (rule.Peers is Peers list)
        {
            // One peer (the common case): share its cached set instead of copying it.
            set = list.Items.Count == 1 ? PeerSet(peerKeys[0], ns, list.Items[0]) : new ulong[words];
            for (var i = 0; list.Items.Count > 1 && i < list.Items.Count; i++)
            {
                Bits.Or(set, PeerSet(peerKeys[i], ns, list.Items[i]));
            }
        }

        id = Rules.Count;
        Rules.Add(new ClassRule(set, rule.Ports is Ports ps ? [.. ps.Items] : null));
        ruleIds[key] = id;
        return id;
    }

    private ulong[] PeerSet(string key, string policyNamespace, Peer peer)
    {
        if (peerSets.TryGetValue(key, out var set))
        {
            return set;
        }

        set = new ulong[words];
        switch (peer)
        {
            case PodPeer { Namespaces: SelectedNamespaces sn } pp:
                // Cross-namespace: (classes of the selected namespaces) ∩ (classes the pod selector matches anywhere),
                // each cached, since many peers share one of the two.
                set.AsSpan().Clear();
                Bits.Or(set, NamespaceBits(sn.Selector));
                Bits.And(set, PodSelectorBits(pp.PodSelector));
                break;

            case PodPeer pp:
                if (classesByNamespace.TryGetValue(policyNamespace, out var candidates))
                {
                    foreach (var c in Candidates(policyNamespace, candidates, pp.PodSelector))
                    {
                        if (pp.PodSelector.Matches(c.Representative.Labels))
                        {
                            Bits.Set(set, c.Id);
                        }
                    }
                }

                break;

            case IpBlockPeer block:
                var ips = IpIndex();
                var first = Array.BinarySearch(ips.Addresses, block.Cidr.First);
                first = first >= 0 ? first : ~first;
                while (first > 0 && ips.Addresses[first - 1].CompareTo(block.Cidr.First) >= 0)
                {
                    first--;
                }

                var last = block.Cidr.Last;
                for (var i = first; i < ips.Addresses.Length && ips.Addresses[i].CompareTo(last) <= 0; i++)
                {
                    if (block.Matches(ips.Addresses[i]))
                    {
                        Bits.Set(set, ips.Classes[i]);
                    }
                }

                break;
        }

        peerSets[key] = set;
        return set;
    }

    /// <summary>Classes, of any namespace, whose labels the pod selector matches.</summary>
    private ulong[] PodSelectorBits(LabelSelector selector) => Memoised(podSelectorBits, selector, (sel, bits) =>
    {
        if (sel.IsEverything)
        {
            Bits.SetAll(bits, classes.Length);
            return;
        }

        foreach (var c in Candidates("\0all", classes, sel))
        {
            if (sel.Matches(c.Representative.Labels))
            {
                Bits.Set(bits, c.Id);
            }
        }
    });

    /// <summary>Classes of the namespaces the namespace selector matches.</summary>
    private ulong[] NamespaceBits(LabelSelector selector) => Memoised(namespaceBits, selector, (sel, bits) =>
    {
        foreach (var ns in Namespaces(sel))
        {
            if (classesByNamespace.TryGetValue(ns, out var list))
            {
                foreach (var c in list)
                {
                    Bits.Set(bits, c.Id);
                }
            }
        }
    });

    /// <summary>A bitset over classes computed once per distinct selector by <paramref name="fill"/>.</summary>
    private ulong[] Memoised(Dictionary<string, ulong[]> memo, LabelSelector selector, Action<LabelSelector, ulong[]> fill)
    {
        var key = SelectorKey(selector);
        if (!memo.TryGetValue(key, out var bits))
        {
            bits = new ulong[words];
            fill(selector, bits);
            memo[key] = bits;
        }

        return bits;
    }

    /// <summary>Classes of a namespace that may match the selector: those under its narrowest In requirement, else all.</summary>
    private IEnumerable<PodClass> Candidates(string ns, PodClass[] all, LabelSelector selector)
    {
        SelectorRequirement? pivot = null;
        foreach (var r in selector.Requirements)
        {
            if (r.Operator == SelectorOperator.In && (pivot is null || r.Values.Count < pivot.Values.Count))
            {
                pivot = r;
            }
        }

        if (pivot is null || all.Length < 16)
        {
            return all;
        }

        if (!labelIndex.TryGetValue(ns, out var index))
        {
            index = new Dictionary<(string, string), List<PodClass>>();
            foreach (var c in all)
            {
                foreach (var k in c.Representative.Labels.SortedKeys)
                {
                    var key = (k, c.Representative.Labels[k]!);
                    if (!index.TryGetValue(key, out var list))
                    {
                        list = [];
                        index[key] = list;
                    }

                    list.Add(c);
                }
            }

            labelIndex[ns] = index;
        }

        var result = new List<PodClass>();
        foreach (var v in pivot.Values.Items.Distinct(StringComparer.Ordinal))
        {
            if (index.TryGetValue((pivot.Key, v), out var list))
            {
                result.AddRange(list);
            }
        }

        return result;
    }

    /// <summary>Every IP of every class representative, ascending, with its class (built on first ipBlock).</summary>
    private (IpAddr[] Addresses, int[] Classes) IpIndex()
    {
        if (ipIndex is null)
        {
            var pairs = classes.SelectMany(c => c.Representative.Ips.Items.Select(ip => (ip, c.Id))).OrderBy(p => p.ip).ThenBy(p => p.Id).ToArray();
            ipIndex = ([.. pairs.Select(p => p.ip)], [.. pairs.Select(p => p.Id)]);
        }

        return ipIndex.Value;
    }

    private string[] Namespaces(LabelSelector selector)
    {
        var key = SelectorKey(selector);
        if (!namespacesBySelector.TryGetValue(key, out var names))
        {
            names = [.. cluster.Namespaces.Where(n => selector.Matches(n.Labels)).Select(n => n.Name)];
            namespacesBySelector[key] = names;
        }

        return names;
    }

    private string PeerKey(string policyNamespace, Peer peer)
    {
        peerKey.Clear();
        switch (peer)
        {
            case PodPeer pp:
                peerKey.Append("pod\0");
                if (pp.Namespaces is SelectedNamespaces sn)
                {
                    peerKey.Append("sel\0");
                    AppendSelector(peerKey, sn.Selector);
                }
                else
                {
                    peerKey.Append("own\0");
                    AppendString(peerKey, policyNamespace);
                }

                peerKey.Append('\0');
                AppendSelector(peerKey, pp.PodSelector);
                break;
            case IpBlockPeer block:
                peerKey.Append("ip\0").Append(block.Cidr.ToString());
                foreach (var e in block.Except)
                {
                    peerKey.Append('\0').Append(e.ToString());
                }

                break;
        }

        return peerKey.ToString();
    }

    private static string SelectorKey(LabelSelector selector)
    {
        var b = new StringBuilder();
        AppendSelector(b, selector);
        return b.ToString();
    }

    private static void AppendSelector(StringBuilder b, LabelSelector selector)
    {
        foreach (var r in selector.Requirements)
        {
            AppendString(b, r.Key);
            b.Append((int)r.Operator);
            b.Append(r.Values.Count).Append('[');
            foreach (var v in r.Values)
            {
                AppendString(b, v);
            }

            b.Append(']');
        }
    }

    private static void AppendString(StringBuilder b, string s) =>
        b.Append(s.Length.ToString(CultureInfo.InvariantCulture)).Append(':').Append(s);

    private static void AppendPort(StringBuilder b, PolicyPort p)
    {
        b.Append((int)p.Protocol).Append(':');
        switch (p.Port)
        {
            case AnyPortNumber:
                b.Append('*');
                break;
            case PortNumberRange r:
                b.Append(r.Port).Append('-').Append(r.EndPort);
                break;
            case NamedPort n:
                b.Append('n');
                AppendString(b, n.Name);
                break;
        }

        b.Append(';');
    }
}
