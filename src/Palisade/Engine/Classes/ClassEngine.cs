using System.Collections.Frozen;
using System.Text;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine.Classes;

/// <summary>
/// A fast engine with the exact semantics of <see cref="PolicyEngine"/>, built for cluster scale. It indexes a
/// snapshot once: pods are grouped into <see cref="PodClass"/>es (labels projected onto the keys some selector reads,
/// namespace labels projected likewise, the namespace itself when it holds policies, the ipBlock intervals the pod's
/// IPs fall in, and the resolutions of named ports some rule names; hostNetwork pods are ordinary pods, as in
/// <see cref="PolicyEngine"/>); identical rules are
/// evaluated once into a bitset of peer classes; pods selected by the same rules share one group. Verdicts are
/// decided per class and expanded to pods only where output needs them. Immutable and thread-safe after
/// construction.
/// </summary>
internal sealed class ClassEngine
{
    private readonly PodClass[] classes;
    private readonly Dictionary<Pod, int> classByPod;
    private readonly ClassRule[] rules;
    private readonly int[][] groups;
    private readonly int[] egressGroup;
    private readonly int[] ingressGroup;
    private readonly NamedPortRef[] namedRefs;
    private readonly Lazy<PolicyEngine> explainer;
    private readonly Lazy<ConnectivityTable> table;
    private readonly AdminTiers? tiers;
    private readonly bool[]? egressSubject;
    private readonly bool[]? ingressSubject;

    /// <summary>Indexes the snapshot.</summary>
    public ClassEngine(ClusterSnapshot cluster)
        : this(cluster, podLevel: false)
    {
    }

    /// <summary>
    /// A pod without an IP in the input and a NetworkPolicy with ipBlock peers, when the snapshot has both: verdicts may
    /// then be undetermined, which the class engine cannot express (it refuses such input). Null otherwise.
    /// </summary>
    public static (Pod Pod, NetworkPolicy Policy)? UnknownAddressMatch(ClusterSnapshot cluster)
    {
        var pod = cluster.Pods.FirstOrDefault(p => p.Ips.IsEmpty);
        var policy = pod is null ? null : cluster.Policies.FirstOrDefault(p => p.Ingress.Concat(p.Egress).Any(r => r.Peers is Peers ps && ps.Items.Any(x => x is IpBlockPeer)));
        return pod is not null && policy is not null ? (pod, policy) : null;
    }

    /// <summary>
    /// Indexes the snapshot; with <paramref name="podLevel"/> every pod is a class of its own (the dense pod-level
    /// bit matrix, kept for comparison in benchmarks and tests).
    /// </summary>
    public ClassEngine(ClusterSnapshot cluster, bool podLevel)
    {
        // It cannot say "undetermined" for a NetworkPolicy ipBlock and a pod whose IP the input does not give (cells
        // outside the tiers' subjects are decided by NetworkPolicy rules alone).
        if (UnknownAddressMatch(cluster) is { } unknown)
        {
            throw new NotSupportedException($"the class engine cannot express undetermined verdicts: pod {unknown.Pod.Ref} has no IP in the input and {unknown.Policy.Ref} has ipBlock peers");
        }

        Snapshot = cluster;
        explainer = new Lazy<PolicyEngine>(() => new PolicyEngine(cluster), LazyThreadSafetyMode.ExecutionAndPublication);
        var policiesByNamespace = new Dictionary<string, List<NetworkPolicy>>(StringComparer.Ordinal);
        foreach (var p in cluster.Policies)
        {
            if (!policiesByNamespace.TryGetValue(p.Ref.Namespace, out var list))
            {
                list = [];
                policiesByNamespace[p.Ref.Namespace] = list;
            }

            list.Add(p);
        }

        namedRefs = CollectNamedRefs(cluster.Policies, cluster.AdminPolicies);
        tiers = cluster.HasAdminPolicies ? new AdminTiers(cluster, cluster.Namespaces.ToFrozenDictionary(n => n.Name, StringComparer.Ordinal), EngineOptions.Default) : null;
        classes = podLevel ? OnePerPod(cluster) : Classify(cluster, policiesByNamespace, namedRefs, tiers);
        classByPod = new Dictionary<Pod, int>(cluster.Pods.Count, ReferenceEqualityComparer.Instance);
        foreach (var c in classes)
        {
            foreach (var pod in c.Pods)
            {
                classByPod[pod] = c.Id;
            }
        }

        var classesByNamespace = classes.GroupBy(c => c.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        var builder = new RuleBuilder(cluster, classes, classesByNamespace);
        var groupIds = new Dictionary<int[], int>(IntArrayComparer.Instance);
        var groupList = new List<int[]>();
        egressGroup = new int[classes.Length];
        ingressGroup = new int[classes.Length];
        var ruleSet = new HashSet<int>();
        var ruleIdsByPolicy = new Dictionary<NetworkPolicy, int[][]>(ReferenceEqualityComparer.Instance);
        var selectorIndex = policiesByNamespace.ToDictionary(e => e.Key, e => new SelectorIndex<NetworkPolicy>(e.Value, p => p.PodSelector), StringComparer.Ordinal);
        var selecting = new List<NetworkPolicy>();
        foreach (var c in classes)
        {
            egressGroup[c.Id] = -1;
            ingressGroup[c.Id] = -1;
            if (!selectorIndex.TryGetValue(c.Namespace, out var index))
            {
                continue;
            }

            selecting.Clear();
            index.Matching(c.Representative.Labels, selecting);
            foreach (var direction in (ReadOnlySpan<Direction>)[Direction.Ingress, Direction.Egress])
            {
                ruleSet.Clear();
                var isolated = false;
                foreach (var policy in selecting)
                {
                    if (!policy.Isolates(direction))
                    {
                        continue;
                    }

                    isolated = true;
                    if (!ruleIdsByPolicy.TryGetValue(policy, out var ids))
                    {
                        ids = [[.. policy.Ingress.Select(r => builder.RuleId(policy, r))], [.. policy.Egress.Select(r => builder.RuleId(policy, r))]];
                        ruleIdsByPolicy[policy] = ids;
                    }

                    ruleSet.UnionWith(ids[direction == Direction.Ingress ? 0 : 1]);
                }

                if (!isolated)
                {
                    continue;
                }

                var key = ruleSet.ToArray();
                Array.Sort(key);
                if (!groupIds.TryGetValue(key, out var gid))
                {
                    gid = groupList.Count;
                    groupIds[key] = gid;
                    groupList.Add(key);
                }

                (direction == Direction.Ingress ? ingressGroup : egressGroup)[c.Id] = gid;
            }
        }

        groups = [.. groupList];
        rules = [.. builder.Rules];
        Classes = classes;
        if (tiers is not null)
        {
            // A class is a tier subject in a direction when a cluster-wide policy with rules in that direction selects
            // its members (the class key holds everything a subject selector reads, so the representative speaks for all).
            egressSubject = new bool[classes.Length];
            ingressSubject = new bool[classes.Length];
            foreach (var c in classes)
            {
                foreach (var policy in cluster.AdminPolicies)
                {
                    if (tiers.Selects(policy, c.Representative))
                    {
                        egressSubject[c.Id] |= policy.Egress.Count > 0;
                        ingressSubject[c.Id] |= policy.Ingress.Count > 0;
                    }
                }
            }
        }

        Atoms = PortAtoms.Build(this);
        table = new Lazy<ConnectivityTable>(() => new ConnectivityTable(this), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>The snapshot this engine answers for.</summary>
    public ClusterSnapshot Snapshot { get; }

    /// <summary>The pod classes, by id.</summary>
    public IReadOnlyList<PodClass> Classes { get; }

    /// <summary>The port atoms covering ports 1–65535 of every protocol.</summary>
    public IReadOnlyList<PortAtom> Atoms { get; }

    /// <summary>Connectivity between classes on every port at once, computed on first use.</summary>
    public ConnectivityTable Table => table.Value;

    /// <summary>Number of distinct rules after de-duplication.</summary>
    public int RuleCount => rules.Length;

    /// <summary>Number of distinct selecting-rule groups.</summary>
    public int GroupCount => groups.Length;

    internal IReadOnlyList<ClassRule> Rules => rules;

    internal IReadOnlyList<int[]> Groups => groups;

    internal int EgressGroup(int cls) => egressGroup[cls];

    internal int IngressGroup(int cls) => ingressGroup[cls];

    internal IReadOnlyList<NamedPortRef> NamedRefs => namedRefs;

    /// <summary>True when the snapshot has cluster-wide policies, whose tiers the table's cells then include.</summary>
    public bool HasTiers => tiers is not null;

    /// <summary>True when a cluster-wide policy with rules in the direction has the class's members as subject.</summary>
    internal bool IsTierSubject(int cls, Direction direction) =>
        (direction == Direction.Egress ? egressSubject : ingressSubject) is { } subject && subject[cls];

    /// <summary>The reference engine, built on first use (explanations, and the cells that tiers decide).</summary>
    internal PolicyEngine Reference => explainer.Value;

    /// <summary>The class of a pod of the snapshot (or of a pod equal to one).</summary>
    public PodClass ClassOf(Pod pod)
    {
        if (classByPod.TryGetValue(pod, out var id))
        {
            return classes[id];
        }

        if (Snapshot.FindPod(pod.Ref) is { } known && known == pod && classByPod.TryGetValue(known, out id))
        {
            return classes[id];
        }

        throw new ArgumentException($"pod {pod.Ref} is not part of the snapshot", nameof(pod));
    }

    /// <summary>Decides a pod-to-pod connection, exactly as <see cref="PolicyEngine.IsAllowed"/> does.</summary>
    public bool IsAllowed(Pod source, Pod destination, int port, Protocol protocol) =>
        ReferenceEquals(source, destination) || IsAllowed(ClassOf(source), ClassOf(destination), port, protocol);

    /// <summary>
    /// Decides a connection between two distinct pods, one of each class (a class with itself means two of its
    /// members).
    /// </summary>
    public bool IsAllowed(PodClass from, PodClass to, int port, Protocol protocol)
    {
        if (tiers is not null)
        {
            return Table.IsAllowed(from, to, port, protocol);
        }

        var destination = to.Representative;
        return Side(egressGroup[from.Id], to.Id, destination, port, protocol)
            && Side(ingressGroup[to.Id], from.Id, destination, port, protocol);
    }

    /// <summary>Decides a pod-to-pod connection as allowed, denied or undetermined, exactly as <see cref="PolicyEngine.Decide"/> does.</summary>
    public Reachability Decide(Pod source, Pod destination, int port, Protocol protocol) =>
        ReferenceEquals(source, destination) ? Reachability.Allowed : Table.Decide(ClassOf(source), ClassOf(destination), port, protocol);

    /// <summary>Explains a connection with <see cref="PolicyEngine"/>'s data (the reference engine is built on first use).</summary>
    public ConnectionVerdict Explain(Endpoint source, Endpoint destination, int port, Protocol protocol) =>
        explainer.Value.Evaluate(source, destination, port, protocol);

    /// <summary>The atom that holds a port, or null outside 1–65535.</summary>
    public PortAtom? AtomOf(int port, Protocol protocol) => PortAtoms.Find(Atoms, port, protocol);

    private bool Side(int group, int peer, Pod destination, int port, Protocol protocol)
    {
        if (group < 0)
        {
            return true;
        }

        foreach (var r in groups[group])
        {
            var rule = rules[r];
            if ((rule.Peers is null || Bits.Get(rule.Peers, peer)) && rule.PortMatches(destination, port, protocol))
            {
                return true;
            }
        }

        return false;
    }

    private static PodClass[] OnePerPod(ClusterSnapshot cluster) =>
        [.. cluster.Pods.Select((p, i) => new PodClass(i, [p]))];

    private static NamedPortRef[] CollectNamedRefs(IEnumerable<NetworkPolicy> policies, IEnumerable<AdminPolicy> admin)
    {
        var set = new HashSet<NamedPortRef>();
        foreach (var p in admin)
        {
            foreach (var rule in p.Ingress.Concat(p.Egress))
            {
                if (rule.Ports is AdminPorts ports)
                {
                    foreach (var n in ports.Items.OfType<AdminNamedPort>())
                    {
                        // A cluster-wide named port resolves for the connection's protocol, whichever it is.
                        foreach (var protocol in Protocols.All)
                        {
                            set.Add(new NamedPortRef(n.Name, protocol));
                        }
                    }
                }
            }
        }

        foreach (var p in policies)
        {
            foreach (var rule in p.Ingress.Concat(p.Egress))
            {
                if (rule.Ports is Ports ports)
                {
                    foreach (var e in ports.Items)
                    {
                        if (e.Port is NamedPort n)
                        {
                            set.Add(new NamedPortRef(n.Name, e.Protocol));
                        }
                    }
                }
            }
        }

        return [.. set.OrderBy(r => r.Name, StringComparer.Ordinal).ThenBy(r => r.Protocol)];
    }

    /// <summary>Groups pods by everything a selector, ipBlock or named port can see.</summary>
    private static PodClass[] Classify(ClusterSnapshot cluster, Dictionary<string, List<NetworkPolicy>> policiesByNamespace, NamedPortRef[] named, AdminTiers? tiers)
    {
        var podKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        var namespaceKeys = new HashSet<string>(StringComparer.Ordinal);
        var ipBounds = new SortedSet<IpAddr>();
        var nodePeers = new List<AdminNodesPeer>();
        foreach (var p in cluster.AdminPolicies)
        {
            // Everything a cluster-wide subject or peer reads: pod and namespace labels, networks, node membership.
            AddKeys(p.Subject.NamespaceSelector, p.Subject.PodSelector);
            foreach (var peer in p.Ingress.Concat(p.Egress).SelectMany(r => r.Peers))
            {
                switch (peer)
                {
                    case AdminPodsPeer pp:
                        AddKeys(pp.NamespaceSelector, pp.PodSelector);
                        break;
                    case AdminNetworksPeer nw:
                        foreach (var cidr in nw.Networks)
                        {
                            AddBounds(ipBounds, cidr);
                        }

                        break;
                    case AdminNodesPeer np when !nodePeers.Contains(np):
                        nodePeers.Add(np);
                        break;
                }
            }
        }

        foreach (var p in cluster.Policies)
        {
            foreach (var k in p.PodSelector.Keys)
            {
                podKeys.TryAdd(k, podKeys.Count);
            }

            foreach (var rule in p.Ingress.Concat(p.Egress))
            {
                if (rule.Peers is not Peers peers)
                {
                    continue;
                }

                foreach (var peer in peers.Items)
                {
                    switch (peer)
                    {
                        case PodPeer pp:
                            foreach (var k in pp.PodSelector.Keys)
                            {
                                podKeys.TryAdd(k, podKeys.Count);
                            }

                            if (pp.Namespaces is SelectedNamespaces sn)
                            {
                                namespaceKeys.UnionWith(sn.Selector.Keys);
                            }

                            break;
                        case IpBlockPeer block:
                            AddBounds(ipBounds, block.Cidr);
                            foreach (var e in block.Except)
                            {
                                AddBounds(ipBounds, e);
                            }

                            break;
                    }
                }
            }
        }

        var bounds = ipBounds.ToArray();
        var namespaceClass = new Dictionary<string, int>(StringComparer.Ordinal);
        var namespaceKeyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var orderedNamespaceKeys = namespaceKeys.Order(StringComparer.Ordinal).ToArray();
        var sb = new StringBuilder();
        foreach (var ns in cluster.Namespaces)
        {
            sb.Clear();
            if (policiesByNamespace.ContainsKey(ns.Name))
            {
                // Policies live here: PolicyNamespace peers and selection depend on the namespace itself.
                sb.Append("P\0").Append(ns.Name);
            }
            else
            {
                sb.Append("L");
                foreach (var k in orderedNamespaceKeys)
                {
                    if (ns.Labels.TryGetValue(k, out var v))
                    {
                        sb.Append('\0').Append(k).Append('\0').Append(v.Length).Append(':').Append(v);
                    }
                }
            }

            var key = sb.ToString();
            if (!namespaceKeyIds.TryGetValue(key, out var id))
            {
                id = namespaceKeyIds.Count;
                namespaceKeyIds[key] = id;
            }

            namespaceClass[ns.Name] = id;
        }

        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyBuffer = new List<int>(32);
        var pairs = new List<(int Key, int Value)>(16);
        var intervals = new List<int>(4);
        var byKey = new Dictionary<int[], List<Pod>>(IntArrayComparer.Instance);
        var order = new List<List<Pod>>();
        foreach (var pod in cluster.Pods)
        {
            keyBuffer.Clear();
            keyBuffer.Add(namespaceClass[pod.Namespace]);
            pairs.Clear();
            foreach (var k in pod.Labels.SortedKeys)
            {
                if (podKeys.TryGetValue(k, out var ki))
                {
                    var v = pod.Labels[k]!;
                    if (!values.TryGetValue(v, out var vi))
                    {
                        vi = values.Count;
                        values[v] = vi;
                    }

                    pairs.Add((ki, vi));
                }
            }

            pairs.Sort();
            keyBuffer.Add(pairs.Count);
            foreach (var (k, v) in pairs)
            {
                keyBuffer.Add(k);
                keyBuffer.Add(v);
            }

            if (bounds.Length > 0)
            {
                intervals.Clear();
                foreach (var ip in pod.Ips)
                {
                    var i = Array.BinarySearch(bounds, ip);
                    intervals.Add(i >= 0 ? i + 1 : ~i);
                }

                intervals.Sort();
                keyBuffer.Add(intervals.Count);
                keyBuffer.AddRange(intervals);
            }

            foreach (var n in named)
            {
                keyBuffer.Add(pod.ResolveNamedPort(n.Name, n.Protocol) ?? -1);
            }

            if (tiers is not null)
            {
                // Host-network pods are never tier subjects nor pods peers; nodes peers match them by node address.
                keyBuffer.Add(pod.HostNetwork ? 1 : 0);
                var endpoint = new PodEndpoint(pod);
                foreach (var np in nodePeers)
                {
                    keyBuffer.Add(tiers.PeerMatches(np, endpoint) ? 1 : 0);
                }
            }

            var key = keyBuffer.ToArray();
            if (!byKey.TryGetValue(key, out var members))
            {
                members = [];
                byKey[key] = members;
                order.Add(members);
            }

            members.Add(pod);
        }

        return [.. order.Select((m, i) => new PodClass(i, m))];

        void AddKeys(LabelSelector namespaceSelector, LabelSelector podSelector)
        {
            namespaceKeys.UnionWith(namespaceSelector.Keys);
            foreach (var k in podSelector.Keys)
            {
                podKeys.TryAdd(k, podKeys.Count);
            }
        }
    }

    private static void AddBounds(SortedSet<IpAddr> bounds, IpCidr cidr)
    {
        bounds.Add(cidr.First);
        var last = cidr.Last;
        var max = cidr.IsV6 ? UInt128.MaxValue : uint.MaxValue;
        if (last.Value != max)
        {
            bounds.Add(new IpAddr(last.Value + 1, cidr.IsV6));
        }
        else if (!cidr.IsV6)
        {
            // The successor of the last IPv4 address in IpAddr's order is the first IPv6 address.
            bounds.Add(new IpAddr(UInt128.Zero, true));
        }
    }
}

/// <summary>A (name, protocol) pair some rule names as a port.</summary>
internal readonly record struct NamedPortRef(string Name, Protocol Protocol);

/// <summary>Sequence equality for int arrays used as dictionary keys.</summary>
internal sealed class IntArrayComparer : IEqualityComparer<int[]>
{
    public static IntArrayComparer Instance { get; } = new();

    public bool Equals(int[]? x, int[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

    public int GetHashCode(int[] obj)
    {
        var h = new HashCode();
        h.AddBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(obj.AsSpan()));
        return h.ToHashCode();
    }
}
