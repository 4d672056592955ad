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
    private readonly Cluster cluster;
    private readonly PodClass[] classes;
    private readonly Dictionary<string, PodClass[]> classesByNamespace;
    private readonly Dictionary<string, int> ruleIds = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ulong[]> peerSets = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string[]> namespacesBySelector = new(StringComparer.Ordinal);
    private readonly StringBuilder sb = new();
    private readonly StringBuilder peerKey = new();
    private readonly int words;

    public RuleBuilder(Cluster cluster, PodClass[] classes, Dictionary<string, PodClass[]> classesByNamespace)
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
            set = new ulong[words];
            for (var i = 0; i < list.Items.Count; i++)
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
            case PodPeer pp:
                IEnumerable<string> namespaces = pp.Namespaces switch
                {
                    PolicyNamespace => [policyNamespace],
                    SelectedNamespaces sn => Namespaces(sn.Selector),
                    _ => [],
                };
                foreach (var ns in namespaces)
                {
                    if (!classesByNamespace.TryGetValue(ns, out var candidates))
                    {
                        continue;
                    }

                    foreach (var c in candidates)
                    {
                        if (pp.PodSelector.Matches(c.Representative.Labels))
                        {
                            Bits.Set(set, c.Id);
                        }
                    }
                }

                break;

            case IpBlockPeer block:
                foreach (var c in classes)
                {
                    foreach (var ip in c.Representative.Ips)
                    {
                        if (block.Matches(ip))
                        {
                            Bits.Set(set, c.Id);
                            break;
                        }
                    }
                }

                break;
        }

        peerSets[key] = set;
        return set;
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
