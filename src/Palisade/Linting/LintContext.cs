using System.Collections.Concurrent;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting;

/// <summary>
/// What lint rules read: the snapshot, its engine, and selections computed once and shared. Inventory
/// questions ("which pods does this select?") only mean something when the input holds pods, so rules
/// that need them check <see cref="HasPods"/> first.
/// </summary>
public sealed class LintContext
{
    private readonly Dictionary<string, Pod[]> podsByNamespace;

    // Selections are computed once per distinct policy selector or peer and shared by every rule that asks (policies of
    // one namespace with one podSelector, such as the usual `{}`, share one list, so what its pods declare is summarised
    // once for PAL209, PAL210 and PAL216, not once per policy): generated and
    // real inputs repeat the same selectors over and over, so lint grows with the distinct selections, not with
    // rules × pods. Concurrent, so rules may run in parallel.
    private readonly ConcurrentDictionary<(string Namespace, LabelSelector PodSelector), IReadOnlyList<Pod>> selectedPods = new();
    private readonly ConcurrentDictionary<(string Namespace, PodPeer Peer, bool HostNetwork), IReadOnlyList<Pod>> peerPods = new();
    private readonly Lazy<IReadOnlyList<int>> dnsPorts;
    private readonly Lazy<(IpAddr Address, int Index)[]> podAddresses;

    // Label indexes (built on first use): the pods of each namespace, every pod, and the namespaces; selections are
    // memoised per distinct selector, so a selector repeated in every namespace costs one query each.
    private readonly ConcurrentDictionary<string, Lazy<LabelIndex<Pod>>> podIndexes = new(StringComparer.Ordinal);
    private readonly Lazy<LabelIndex<Pod>> allPods;
    private readonly Lazy<LabelIndex<Namespace>> namespaceIndex;
    private readonly Lazy<Namespace[]> undeclaredNamespaces;
    private readonly Lazy<Dictionary<string, int>> namespaceRank;
    private readonly ConcurrentDictionary<(string Namespace, LabelSelector Selector), IReadOnlyList<Pod>> podsMatching = new();
    private readonly ConcurrentDictionary<LabelSelector, IReadOnlyList<Namespace>> namespacesMatching = new();
    private readonly ConcurrentDictionary<(string Namespace, PolicyRule Rule), IReadOnlyList<Pod>> destinationPods = new(RuleInNamespace.Comparer);
    private readonly Lazy<IReadOnlyList<Pod>> podNetworkPods;
    private readonly Lazy<Dictionary<string, NetworkPolicy[]>> policiesByNamespace;
    private readonly ConcurrentDictionary<IReadOnlyList<Pod>, DeclaredPorts> declaredPorts = new(ReferenceEqualityComparer.Instance);
    private readonly Lazy<Dictionary<(int Port, Protocol Protocol), Service[]>> servicesByPort;

    /// <summary>Prepares the context.</summary>
    public LintContext(ClusterSnapshot cluster, PolicyEngine? engine = null)
    {
        Snapshot = cluster;
        Engine = engine ?? new PolicyEngine(cluster);
        podsByNamespace = cluster.Pods.GroupBy(p => p.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        dnsPorts = new Lazy<IReadOnlyList<int>>(() => Dns.ComputePorts(cluster));
        podAddresses = new Lazy<(IpAddr Address, int Index)[]>(() => SortedAddresses(cluster));
        allPods = new Lazy<LabelIndex<Pod>>(() => new LabelIndex<Pod>(cluster.Pods, p => p.Labels, Counters));
        namespaceIndex = new Lazy<LabelIndex<Namespace>>(() => new LabelIndex<Namespace>(cluster.Namespaces, n => n.Labels, Counters));
        undeclaredNamespaces = new Lazy<Namespace[]>(() => [.. cluster.Namespaces.Where(n => !n.Declared)]);
        namespaceRank = new Lazy<Dictionary<string, int>>(() => cluster.Namespaces.Select((n, i) => (n.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal));
        podNetworkPods = new Lazy<IReadOnlyList<Pod>>(() => [.. cluster.Pods.Where(p => !p.HostNetwork)]);
        servicesByPort = new Lazy<Dictionary<(int Port, Protocol Protocol), Service[]>>(() => cluster.Services
            .Where(s => s.Selection is SelectorSelection)
            .SelectMany(s => s.Ports.Select(sp => (Key: (sp.Port, sp.Protocol), Service: s)).DistinctBy(x => x.Key))
            .GroupBy(x => x.Key).ToDictionary(g => g.Key, g => g.Select(x => x.Service).ToArray()));
        policiesByNamespace = new Lazy<Dictionary<string, NetworkPolicy[]>>(() => cluster.Policies.GroupBy(p => p.Ref.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal));
    }

    /// <summary>How much selection and comparison work this context did (for scaling tests and benchmarks).</summary>
    public LintCounters Counters { get; } = new();

    /// <summary>Every address of a pod that is not hostNetwork, with the pod's index, by address then index.</summary>
    private static (IpAddr Address, int Index)[] SortedAddresses(ClusterSnapshot cluster)
    {
        var addresses = new List<(IpAddr Address, int Index)>();
        for (var i = 0; i < cluster.Pods.Count; i++)
        {
            if (!cluster.Pods[i].HostNetwork)
            {
                addresses.AddRange(cluster.Pods[i].Ips.Select(ip => (ip, i)));
            }
        }

        return [.. addresses.OrderBy(a => a.Address).ThenBy(a => a.Index)];
    }

    /// <summary>The snapshot.</summary>
    public ClusterSnapshot Snapshot { get; }

    /// <summary>The engine over the snapshot.</summary>
    public PolicyEngine Engine { get; }

    /// <summary>True when the input holds pods or workloads, so "matches no pod" is a finding and not a gap in the input.</summary>
    public bool HasPods => Snapshot.Pods.Count > 0;

    /// <summary>True when the input declares at least one Namespace object with its labels.</summary>
    public bool HasDeclaredNamespaces => Snapshot.Namespaces.Any(n => n.Declared);

    /// <summary>The pods of a namespace (hostNetwork ones included).</summary>
    public IReadOnlyList<Pod> PodsIn(string @namespace) => podsByNamespace.GetValueOrDefault(@namespace) ?? [];

    /// <summary>The pods a policy applies to: pods of its namespace that its podSelector matches, not hostNetwork.</summary>
    public IReadOnlyList<Pod> SelectedPods(NetworkPolicy policy) =>
        selectedPods.GetOrAdd((policy.Ref.Namespace, policy.PodSelector), key => [.. PodsMatching(key.Namespace, key.PodSelector).Where(pod => !pod.HostNetwork)]);

    /// <summary>What the pods of a list the context handed out declare (summarised once per list).</summary>
    internal DeclaredPorts DeclaredPortsOf(IReadOnlyList<Pod> pods) => declaredPorts.GetOrAdd(pods, list =>
    {
        Counters.AddPortSummary();
        return new DeclaredPorts(list);
    });

    /// <summary>The Services with a selector and a port of this number and protocol, in input order.</summary>
    public IReadOnlyList<Service> ServicesWithPort(int port, Protocol protocol) => servicesByPort.Value.GetValueOrDefault((port, protocol)) ?? [];

    /// <summary>The policies of a namespace, in input order.</summary>
    public IReadOnlyList<NetworkPolicy> PoliciesIn(string @namespace) => policiesByNamespace.Value.GetValueOrDefault(@namespace) ?? [];

    /// <summary>
    /// The pods of a namespace that the selector matches (hostNetwork ones included), in input order; through the
    /// namespace's label index, once per distinct selector.
    /// </summary>
    public IReadOnlyList<Pod> PodsMatching(string @namespace, LabelSelector selector) =>
        podsMatching.GetOrAdd((@namespace, selector), key => key.Selector.IsEverything
            ? PodsIn(key.Namespace)
            : PodIndex(key.Namespace).Matching(key.Selector));

    /// <summary>
    /// The pods of every namespace that the selector matches (hostNetwork ones included), in input order; through the
    /// cluster-wide label index, once per distinct selector.
    /// </summary>
    public IReadOnlyList<Pod> PodsMatchingAnywhere(LabelSelector selector) =>
        podsMatching.GetOrAdd((string.Empty, selector), key => key.Selector.IsEverything
            ? Snapshot.Pods
            : allPods.Value.Matching(key.Selector));

    private LabelIndex<Pod> PodIndex(string @namespace) =>
        podIndexes.GetOrAdd(@namespace, ns => new Lazy<LabelIndex<Pod>>(() => new LabelIndex<Pod>(PodsIn(ns), p => p.Labels, Counters))).Value;

    /// <summary>
    /// True when the namespace may match the selector. A namespace no Namespace object declared has unknown
    /// labels, so it may match any selector except one that reads only the immutable name label.
    /// </summary>
    public static bool NamespaceMayMatch(LabelSelector selector, Namespace ns) =>
        ns.Declared || selector.Keys.All(k => k == Namespace.NameLabel)
            ? selector.Matches(ns.Labels)
            : true;

    /// <summary>The namespaces a pod peer looks in (for a namespaceSelector: those that certainly or possibly match).</summary>
    public IReadOnlyList<Namespace> PeerNamespaces(NetworkPolicy policy, PodPeer peer) => peer.Namespaces switch
    {
        SelectedNamespaces sn => NamespacesMayMatch(sn.Selector),
        _ => Snapshot.FindNamespace(policy.Ref.Namespace) is { } own ? [own] : [],
    };

    /// <summary>
    /// The namespaces that certainly or possibly match the selector (see <see cref="NamespaceMayMatch"/>), in input
    /// order; through the namespace label index, once per distinct selector.
    /// </summary>
    public IReadOnlyList<Namespace> NamespacesMayMatch(LabelSelector selector) =>
        namespacesMatching.GetOrAdd(selector, s =>
        {
            if (s.IsEverything)
            {
                return Snapshot.Namespaces;
            }

            if (s.Keys.All(k => k == Namespace.NameLabel))
            {
                return namespaceIndex.Value.Matching(s);
            }

            // An undeclared namespace's labels are unknown: it may match a selector on any other key.
            var matched = namespaceIndex.Value.Matching(s, n => n.Declared);
            if (undeclaredNamespaces.Value.Length == 0)
            {
                return matched;
            }

            var rank = namespaceRank.Value;
            return [.. matched.Concat(undeclaredNamespaces.Value).OrderBy(n => rank[n.Name])];
        });

    /// <summary>The pods a pod peer matches; hostNetwork pods only when asked (policies never match them reliably).</summary>
    public IReadOnlyList<Pod> PeerPods(NetworkPolicy policy, PodPeer peer, bool hostNetwork = false) =>
        peerPods.GetOrAdd(
            (peer.Namespaces is SelectedNamespaces ? string.Empty : policy.Ref.Namespace, peer, hostNetwork),
            _ => [.. PeerPodsAnyNetwork(policy, peer).Where(p => p.HostNetwork == hostNetwork)]);

    /// <summary>
    /// The pods of the peer's namespaces that its podSelector matches, namespace by namespace in input order. Whichever
    /// is smaller: one memoised per-namespace lookup for each of the peer's namespaces, or the cluster-wide answer (one
    /// memoised lookup) kept to the peer's namespaces. So a peer over every namespace costs what it finds, and one over a
    /// few namespaces with a common podSelector costs those few lookups, not a pass over every pod the selector matches.
    /// </summary>
    private IEnumerable<Pod> PeerPodsAnyNetwork(NetworkPolicy policy, PodPeer peer)
    {
        var namespaces = PeerNamespaces(policy, peer);
        if (namespaces.Count <= 1 || peer.PodSelector.IsEverything)
        {
            return namespaces.SelectMany(n => PodsMatching(n.Name, peer.PodSelector));
        }

        var anywhere = PodsMatchingAnywhere(peer.PodSelector);
        if (namespaces.Count < anywhere.Count)
        {
            return namespaces.SelectMany(n => PodsMatching(n.Name, peer.PodSelector));
        }

        var rank = namespaceRank.Value;
        var wanted = namespaces.Select(n => n.Name).ToHashSet(StringComparer.Ordinal);
        Counters.AddSelectorTests(anywhere.Count);
        return anywhere.Where(p => wanted.Contains(p.Namespace))
            .Select((p, i) => (Pod: p, Order: i)).OrderBy(x => rank[x.Pod.Namespace]).ThenBy(x => x.Order).Select(x => x.Pod);
    }

    /// <summary>The ports DNS is served on (53, 5353 and the targetPorts of Services on 53), computed once.</summary>
    internal IReadOnlyList<int> DnsPorts => dnsPorts.Value;

    /// <summary>Per pod, whether its egress policies let it reach DNS over UDP and TCP; filled by <see cref="Dns"/>.</summary>
    internal ConcurrentDictionary<Pod, (bool Udp, bool Tcp)> PodDns { get; } = new(ReferenceEqualityComparer.Instance);

    /// <summary>
    /// The pods (not hostNetwork) with an IP inside <paramref name="cidr"/>, in input order: a binary search over the pod
    /// addresses sorted once, so a rule with many ipBlocks costs log(pods) per block plus what it finds.
    /// </summary>
    public IReadOnlyList<Pod> PodsWithIpIn(IpCidr cidr) => PodsWithIpIn(cidr, []);

    /// <summary>
    /// The pods (not hostNetwork) with an IP inside <paramref name="cidr"/> and outside every range of
    /// <paramref name="except"/>, in input order: a binary search to the block's first address, then a walk that
    /// jumps over each except range with a second binary search, so that a block costs log(pods) per except range
    /// plus what it finds (a block of 0.0.0.0/0 except the pod range finds nothing in log time).
    /// </summary>
    public IReadOnlyList<Pod> PodsWithIpIn(IpCidr cidr, IReadOnlyList<IpCidr> except)
    {
        var sorted = podAddresses.Value;
        var found = new List<int>();
        for (var i = FirstAtOrAbove(sorted, cidr.First); i < sorted.Length && cidr.Contains(sorted[i].Address);)
        {
            var address = sorted[i].Address;
            if (ExceptRangeOf(except, address) is { } skipped)
            {
                // Every address up to the end of the except range is left out: continue after it.
                var last = skipped.Last;
                var next = FirstAtOrAbove(sorted, last);
                while (next < sorted.Length && sorted[next].Address.CompareTo(last) <= 0)
                {
                    next++;
                }

                i = Math.Max(next, i + 1);
                continue;
            }

            found.Add(sorted[i].Index);
            i++;
        }

        return [.. found.Distinct().Order().Select(i => Snapshot.Pods[i])];
    }

    /// <summary>The widest except range holding the address, or null.</summary>
    private static IpCidr? ExceptRangeOf(IReadOnlyList<IpCidr> except, IpAddr address)
    {
        IpCidr? widest = null;
        foreach (var range in except)
        {
            if (range.Contains(address) && (widest is not { } w || range.PrefixLength < w.PrefixLength))
            {
                widest = range;
            }
        }

        return widest;
    }

    /// <summary>The index of the first sorted address not below <paramref name="address"/>.</summary>
    private static int FirstAtOrAbove((IpAddr Address, int Index)[] sorted, IpAddr address)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid].Address.CompareTo(address) < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>
    /// The pods a rule's ports apply to: for ingress the policy's selected pods; for egress the pods its peers
    /// match (every pod when the rule names no peers). Pods an ipBlock covers are not counted.
    /// </summary>
    public IReadOnlyList<Pod> DestinationPods(NetworkPolicy policy, PolicyRule rule)
    {
        if (rule.Direction == Direction.Ingress)
        {
            return SelectedPods(policy);
        }

        return rule.Peers switch
        {
            Peers list => destinationPods.GetOrAdd((policy.Ref.Namespace, rule), _ => [.. list.Items.OfType<PodPeer>().SelectMany(p => PeerPods(policy, p)).Distinct().OrderBy(p => p.Ref)]),
            _ => podNetworkPods.Value,
        };
    }

    /// <summary>Every rule of every policy: policies in input order, each one's ingress rules before its egress rules.</summary>
    public IEnumerable<(NetworkPolicy Policy, PolicyRule Rule)> Rules() =>
        Snapshot.Policies.SelectMany(policy => policy.Ingress.Concat(policy.Egress).Select(rule => (policy, rule)));

    /// <summary>The peers of the given kind of every rule that lists peers, in <see cref="Rules"/> order and as written.</summary>
    public IEnumerable<RulePeer<TPeer>> RulePeers<TPeer>()
        where TPeer : Peer =>
        Rules().SelectMany(r => r.Rule.Peers is Peers list
            ? list.Items.OfType<TPeer>().Select(peer => new RulePeer<TPeer>(r.Policy, r.Rule, peer))
            : []);

    /// <summary>The pod peers that carry a namespaceSelector, with that selector, in <see cref="Rules"/> order.</summary>
    public IEnumerable<(RulePeer<PodPeer> Site, LabelSelector Selector)> NamespaceSelectors() =>
        RulePeers<PodPeer>().SelectMany(site => site.Peer.Namespaces is SelectedNamespaces { Selector: var selector }
            ? new[] { (site, selector) }
            : []);

    /// <summary>
    /// The port entries of every rule that lists ports and applies to some pod, in <see cref="Rules"/> order and as
    /// written; each rule's destination pods and what they declare are computed once.
    /// </summary>
    internal IEnumerable<RulePortEntry> RulePortEntries()
    {
        foreach (var (policy, rule) in Rules())
        {
            if (rule.Ports is not Ports ports)
            {
                continue;
            }

            var pods = DestinationPods(policy, rule);
            if (pods.Count == 0)
            {
                continue;
            }

            var declared = DeclaredPortsOf(pods);
            foreach (var entry in ports.Items)
            {
                yield return new RulePortEntry(policy, rule, ports, entry, pods, declared);
            }
        }
    }

    /// <summary>True when the rule admits some peer on the given port and protocol (a named port counts, as it may resolve to it).</summary>
    public static bool RuleMayAllowPort(PolicyRule rule, int port, Protocol protocol) => rule.Ports switch
    {
        Ports list => list.Items.Any(e => e.Protocol == protocol && e.Port switch
        {
            PortNumberRange r => r.Contains(port),
            _ => true,
        }),
        _ => true,
    };

    /// <summary>A rule (by reference: equal rules of different policies are different sites) in a policy's namespace.</summary>
    private sealed class RuleInNamespace : IEqualityComparer<(string Namespace, PolicyRule Rule)>
    {
        public static RuleInNamespace Comparer { get; } = new();

        public bool Equals((string Namespace, PolicyRule Rule) x, (string Namespace, PolicyRule Rule) y) =>
            ReferenceEquals(x.Rule, y.Rule) && string.Equals(x.Namespace, y.Namespace, StringComparison.Ordinal);

        public int GetHashCode((string Namespace, PolicyRule Rule) obj) =>
            HashCode.Combine(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Rule), StringComparer.Ordinal.GetHashCode(obj.Namespace));
    }
}
