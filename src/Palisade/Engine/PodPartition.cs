using System.Text;
using Palisade.Engine.Classes;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>
/// The pods of a snapshot grouped so that no policy can tell two pods of one class apart: for any two members and any
/// endpoint other than those two, every connection verdict (allowed, denied or undetermined, on every port, in both
/// directions) of one equals that of the other, and a member to another member has the verdict of any two members. It
/// is the one answer to "which pods must be evaluated": the exact engine's matrix evaluates one pod per class of each
/// workload (<see cref="ConnectivityMatrix"/>), the class engine builds its classes from it.
/// </summary>
/// <remarks>
/// A pod's class key holds everything <see cref="PolicyEngine"/> reads of a pod: the namespace itself when it holds
/// NetworkPolicies (their pod selection and same-namespace peers), else the namespace's labels projected onto the keys
/// some namespace selector reads (an undeclared namespace has its name label only, as the engine reads it); the pod's
/// labels projected onto the keys some pod selector reads; the intervals between ipBlock and cluster-wide network bounds
/// its IPs fall in, and how many IPs it has (none: its address is unknown, which makes verdicts undetermined); the port
/// each named port some rule names resolves to; and, with cluster-wide policies, the host-network flag and whether each
/// nodes peer matches it. Anything else (other labels, unnamed container ports, exact addresses inside one interval)
/// no verdict reads. Immutable and thread-safe after construction.
/// </remarks>
internal sealed class PodPartition
{
    private readonly Dictionary<Pod, int> classByPod;

    private PodPartition(IReadOnlyList<IReadOnlyList<Pod>> classes, NamedPortRef[] namedPorts)
    {
        Classes = classes;
        NamedPorts = namedPorts;
        classByPod = new Dictionary<Pod, int>(ReferenceEqualityComparer.Instance);
        for (var id = 0; id < classes.Count; id++)
        {
            foreach (var pod in classes[id])
            {
                classByPod[pod] = id;
            }
        }
    }

    /// <summary>The classes, by id: the pods of each in snapshot order, in first-seen order of their first pod; never empty.</summary>
    public IReadOnlyList<IReadOnlyList<Pod>> Classes { get; }

    /// <summary>Every (name, protocol) some rule names as a port, sorted; the class key holds each one's resolution.</summary>
    public IReadOnlyList<NamedPortRef> NamedPorts { get; }

    /// <summary>Partitions the snapshot's pods; <paramref name="tiers"/> are the snapshot's cluster-wide tiers (or null when it has none).</summary>
    public static PodPartition Build(ClusterSnapshot snapshot, AdminTiers? tiers)
    {
        var named = CollectNamedPorts(snapshot);
        return new PodPartition(Classify(snapshot, named, tiers is { Any: true } ? tiers : null), named);
    }

    /// <summary>Every pod a class of its own (the pod-level mode the class engine keeps for comparison).</summary>
    public static PodPartition Singletons(ClusterSnapshot snapshot) =>
        new([.. snapshot.Pods.Select(p => (IReadOnlyList<Pod>)[p])], CollectNamedPorts(snapshot));

    /// <summary>The class of a pod of the snapshot (by reference), or -1 for a pod the snapshot does not hold.</summary>
    public int ClassOf(Pod pod) => classByPod.TryGetValue(pod, out var id) ? id : -1;

    /// <summary>
    /// One pod per class among <paramref name="pods"/>: the first of each class, in the given order. A pod the snapshot
    /// does not hold stands for itself.
    /// </summary>
    public Pod[] Representatives(IEnumerable<Pod> pods)
    {
        var seen = new HashSet<int>();
        var result = new List<Pod>();
        foreach (var pod in pods)
        {
            var id = ClassOf(pod);
            if (id < 0 || seen.Add(id))
            {
                result.Add(pod);
            }
        }

        return [.. result];
    }

    private static NamedPortRef[] CollectNamedPorts(ClusterSnapshot snapshot)
    {
        var set = new HashSet<NamedPortRef>();
        foreach (var p in snapshot.AdminPolicies)
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

        foreach (var p in snapshot.Policies)
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

    /// <summary>Groups pods by everything a selector, ipBlock, network, nodes peer or named port can see.</summary>
    private static IReadOnlyList<Pod>[] Classify(ClusterSnapshot cluster, NamedPortRef[] named, AdminTiers? tiers)
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

        var policyNamespaces = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in cluster.Policies)
        {
            policyNamespaces.Add(p.Ref.Namespace);
            AddPodKeys(p.PodSelector);
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
                            AddPodKeys(pp.PodSelector);
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
        var namespaceClass = NamespaceClasses(cluster, policyNamespaces, namespaceKeys);
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        var keyBuffer = new List<int>(32);
        var pairs = new List<(int Key, int Value)>(16);
        var intervals = new List<int>(4);
        var byKey = new Dictionary<int[], List<Pod>>(SequenceComparer<int>.Instance);
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
                // The count tells a pod without an IP in the input (undetermined behind a block) from every other.
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

        return [.. order];

        void AddPodKeys(LabelSelector podSelector)
        {
            foreach (var k in podSelector.Keys)
            {
                podKeys.TryAdd(k, podKeys.Count);
            }
        }

        void AddKeys(LabelSelector namespaceSelector, LabelSelector podSelector)
        {
            namespaceKeys.UnionWith(namespaceSelector.Keys);
            AddPodKeys(podSelector);
        }
    }

    /// <summary>
    /// A class id per namespace: its own for a namespace that holds NetworkPolicies, else one per projection of its
    /// labels onto the keys namespace selectors read.
    /// </summary>
    private static Dictionary<string, int> NamespaceClasses(ClusterSnapshot cluster, HashSet<string> policyNamespaces, HashSet<string> namespaceKeys)
    {
        var namespaceClass = new Dictionary<string, int>(StringComparer.Ordinal);
        var namespaceKeyIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var orderedNamespaceKeys = namespaceKeys.Order(StringComparer.Ordinal).ToArray();
        var sb = new StringBuilder();
        foreach (var ns in cluster.Namespaces)
        {
            sb.Clear();
            if (policyNamespaces.Contains(ns.Name))
            {
                // Policies live here: PolicyNamespace peers and selection depend on the namespace itself.
                sb.Append("P\0").Append(ns.Name);
            }
            else
            {
                sb.Append('L');
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

        foreach (var pod in cluster.Pods)
        {
            // A namespace the snapshot does not list (it lists every one an object refers to) is a class of its own.
            if (!namespaceClass.ContainsKey(pod.Namespace))
            {
                namespaceClass[pod.Namespace] = namespaceKeyIds.Count;
                namespaceKeyIds["U\0" + pod.Namespace] = namespaceKeyIds.Count;
            }
        }

        return namespaceClass;
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
