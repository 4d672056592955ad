using System.Collections.Frozen;
using Palisade.Engine.Classes;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>
/// Exact <c>networking.k8s.io/v1</c> NetworkPolicy semantics over one <see cref="ClusterSnapshot"/> snapshot.
/// Indexes are built once in the constructor; the engine is immutable and thread-safe.
/// hostNetwork pods are treated as ordinary pods (selected, and matched as peers by their labels and IPs):
/// Kubernetes leaves their behaviour to the network plugin, and this is the reading of the reference analyzers;
/// the linter warns wherever a verdict depends on it (docs/semantics.md).
/// </summary>
public sealed class PolicyEngine
{
    private readonly FrozenDictionary<string, Namespace> namespaces;
    private readonly FrozenDictionary<Pod, NetworkPolicy[]> ingressSelectors;
    private readonly FrozenDictionary<Pod, NetworkPolicy[]> egressSelectors;
    private readonly FrozenDictionary<IpAddr, Pod> podsByIp;
    private readonly FrozenDictionary<string, NetworkPolicy[]> policiesByNamespace;
    private readonly AdminTiers tiers;
    private readonly Lazy<PodPartition> partition;
    private readonly Lazy<ClassEngine> classIndex;

    /// <summary>
    /// A pod with no IP in the input that an ipBlock peer of a policy may match, or null: where the class index, which
    /// cannot say "undetermined", must not be used (the per-connection answers of this engine mark such verdicts
    /// undetermined instead).
    /// </summary>
    public static (Pod Pod, NetworkPolicy Policy)? UnknownAddressMatch(ClusterSnapshot cluster) => ClassEngine.UnknownAddressMatch(cluster);

    /// <summary>Indexes the snapshot, assuming nothing the input does not give.</summary>
    public PolicyEngine(ClusterSnapshot cluster)
        : this(cluster, EngineOptions.Default)
    {
    }

    /// <summary>Indexes the snapshot, with the given assumptions about what the input leaves out.</summary>
    public PolicyEngine(ClusterSnapshot cluster, EngineOptions options)
    {
        Snapshot = cluster;
        Options = options;
        partition = new Lazy<PodPartition>(() => PodPartition.Build(cluster, tiers), LazyThreadSafetyMode.ExecutionAndPublication);
        classIndex = new Lazy<ClassEngine>(() => new ClassEngine(cluster, Partition, options), LazyThreadSafetyMode.ExecutionAndPublication);
        namespaces = cluster.Namespaces.ToFrozenDictionary(n => n.Name, StringComparer.Ordinal);
        var byNamespace = cluster.Policies.GroupBy(p => p.Ref.Namespace, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        policiesByNamespace = byNamespace;

        // Keyed by reference: hashing a Pod record hashes its labels, IPs and ports, which dominated explain's latency.
        // A pod equal to a snapshot pod but not the same object takes SelectingPolicies' direct path (same answer).
        var ingress = new Dictionary<Pod, NetworkPolicy[]>(ReferenceEqualityComparer.Instance);
        var egress = new Dictionary<Pod, NetworkPolicy[]>(ReferenceEqualityComparer.Instance);
        var ips = new Dictionary<IpAddr, Pod>();
        foreach (var pod in cluster.Pods)
        {
            foreach (var ip in pod.Ips)
            {
                ips.TryAdd(ip, pod);
            }

            if (!byNamespace.TryGetValue(pod.Namespace, out var candidates))
            {
                continue;
            }

            var selecting = candidates.Where(p => p.PodSelector.Matches(pod.Labels)).ToArray();
            ingress[pod] = [.. selecting.Where(p => p.Isolates(Direction.Ingress))];
            egress[pod] = [.. selecting.Where(p => p.Isolates(Direction.Egress))];
        }

        ingressSelectors = ingress.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
        egressSelectors = egress.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
        podsByIp = ips.ToFrozenDictionary();
        tiers = new AdminTiers(cluster, namespaces, options);
    }

    /// <summary>The assumptions this engine makes about what the input leaves out.</summary>
    public EngineOptions Options { get; }

    /// <summary>
    /// The class engine over the same snapshot, built on first use: pods no selector, named port or ipBlock can tell
    /// apart share a class, and whole-matrix answers (the compact matrix) are computed per class. Internal: callers ask
    /// this engine; differential tests keep the two equal (tests/Palisade.Perf.Tests, ClassEngineDifferentialTests).
    /// </summary>
    internal ClassEngine ClassIndex => classIndex.Value;

    /// <summary>
    /// True when <see cref="ClassIndex"/> answers exactly: no pod without an IP meets an ipBlock peer, or the options
    /// put such pods outside every block.
    /// </summary>
    internal bool ClassIndexIsExact => Options.PodsWithoutIpOutsideCidrs || UnknownAddressMatch(Snapshot) is null;

    /// <summary>
    /// The snapshot's pods grouped so that no policy can tell two pods of a group apart, built on first use: the matrix
    /// evaluates one pod per group of each workload, and the class index's classes are these groups.
    /// </summary>
    internal PodPartition Partition => partition.Value;

    /// <summary>The snapshot this engine answers for.</summary>
    public ClusterSnapshot Snapshot { get; }

    /// <summary>The policies that select the pod and isolate it in the given direction (empty when not isolated).</summary>
    public IReadOnlyList<NetworkPolicy> SelectingPolicies(Pod pod, Direction direction)
    {
        var map = direction == Direction.Ingress ? ingressSelectors : egressSelectors;
        if (map.TryGetValue(pod, out var list))
        {
            return list;
        }

        // A pod outside the snapshot (a stand-in for a replica, a what-if pod): select it directly.
        if (!policiesByNamespace.TryGetValue(pod.Namespace, out var candidates))
        {
            return [];
        }

        return [.. candidates.Where(p => p.Isolates(direction) && p.PodSelector.Matches(pod.Labels))];
    }

    /// <summary>The endpoint an address stands for: the pod that owns it, or an external address.</summary>
    public Endpoint ResolveAddress(IpAddr address) =>
        podsByIp.TryGetValue(address, out var pod) ? new PodEndpoint(pod) : new ExternalEndpoint(address);

    /// <summary>Decides a connection and explains both sides. The port is the destination pod's port (after any DNAT).</summary>
    public ConnectionVerdict Evaluate(Endpoint source, Endpoint destination, int port, Protocol protocol)
    {
        var samePod = source is PodEndpoint s && destination is PodEndpoint d && ReferenceEquals(s.Pod, d.Pod);
        var egress = samePod ? new NotEnforced(Direction.Egress, NotEnforcedReason.SamePod)
            : Side(source, destination, destination, port, protocol, Direction.Egress, explain: true);
        var ingress = samePod ? new NotEnforced(Direction.Ingress, NotEnforcedReason.SamePod)
            : Side(destination, source, destination, port, protocol, Direction.Ingress, explain: true);
        return new ConnectionVerdict(source, destination, port, protocol, egress, ingress);
    }

    /// <summary>
    /// Decides a connection without building explanations (the fast path for matrices). An undetermined connection
    /// (cluster-wide tiers that the input cannot decide) is not allowed here: callers that can say "undetermined" use
    /// <see cref="Decide"/>.
    /// </summary>
    public bool IsAllowed(Endpoint source, Endpoint destination, int port, Protocol protocol) =>
        Decide(source, destination, port, protocol) == Reachability.Allowed;

    /// <summary>Decides a connection as allowed, denied or undetermined, without building explanations.</summary>
    public Reachability Decide(Endpoint source, Endpoint destination, int port, Protocol protocol)
    {
        if (source is PodEndpoint s && destination is PodEndpoint d && ReferenceEquals(s.Pod, d.Pod))
        {
            return Reachability.Allowed;
        }

        var egress = Side(source, destination, destination, port, protocol, Direction.Egress, explain: false);
        if (egress is { Allowed: false, Undetermined: false })
        {
            return Reachability.Denied;
        }

        var ingress = Side(destination, source, destination, port, protocol, Direction.Ingress, explain: false);
        if (ingress is { Allowed: false, Undetermined: false })
        {
            return Reachability.Denied;
        }

        return egress.Undetermined || ingress.Undetermined ? Reachability.Undetermined : Reachability.Allowed;
    }

    /// <summary>True when the snapshot has cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy).</summary>
    public bool HasTiers => tiers.Any;

    /// <summary>True when the cluster-wide policy's subject selects the pod (host-network pods never are).</summary>
    public bool SelectsAsSubject(AdminPolicy policy, Pod pod) => tiers.Selects(policy, pod);

    /// <summary>
    /// True when a cluster-wide rule's peer matches the endpoint by the tiers' peer semantics (host-network pods are never
    /// <c>pods</c> peers; <c>networks</c> match pod addresses too). A <c>domainNames</c> peer never matches here: its
    /// verdict is undetermined.
    /// </summary>
    public bool AdminPeerMatches(AdminPeer entry, Endpoint peer) => tiers.PeerMatches(entry, peer);

    private static readonly AllowedByRules AllowedWithoutReasons = new(Direction.Ingress, [], []);
    private static readonly DeniedByIsolation DeniedWithoutReasons = new(Direction.Ingress, []);
    private static readonly NotIsolated NotIsolatedIngress = new(Direction.Ingress);
    private static readonly NotIsolated NotIsolatedEgress = new(Direction.Egress);

    private static NotIsolated NotIsolatedWithoutReasons(Direction direction) => direction == Direction.Ingress ? NotIsolatedIngress : NotIsolatedEgress;

    /// <summary>The side's verdict when a cluster-wide tier decided it or cannot tell; null when it passed or no rule matched.</summary>
    private static SideVerdict? Final(Direction direction, PolicyTier tier, TierOutcome outcome, TierTrace trace) => outcome.Kind switch
    {
        TierOutcomeKind.Decided => new DecidedByTier(direction, tier, outcome.Match!, outcome.Rules) { Tiers = trace },
        TierOutcomeKind.Undetermined => new UndeterminedByTier(direction, tier, outcome.Reason, outcome.Rules) { Tiers = trace },
        _ => null,
    };

    /// <summary>Evaluates one side: the policies of <paramref name="subject"/> in <paramref name="direction"/>.</summary>
    private SideVerdict Side(Endpoint subject, Endpoint peer, Endpoint destination, int port, Protocol protocol, Direction direction, bool explain)
    {
        if (subject is not PodEndpoint { Pod: var pod })
        {
            return new NotEnforced(direction, NotEnforcedReason.External);
        }

        var destinationPod = (destination as PodEndpoint)?.Pod;
        var trace = tiers.Any ? TierTrace.Evaluated : TierTrace.None;
        if (tiers.Any)
        {
            // Admin tier first: Allow/Accept and Deny are final, Pass goes on to NetworkPolicy (the API's tier docs).
            var admin = tiers.Decide(PolicyTier.Admin, pod, direction, peer, destinationPod, port, protocol);
            if (Final(direction, PolicyTier.Admin, admin, trace) is { } final)
            {
                return final;
            }

            trace = admin.Kind == TierOutcomeKind.Passed ? trace with { AdminPass = admin.Match } : trace;
        }

        var policies = SelectingPolicies(pod, direction);
        if (policies.Count == 0)
        {
            if (tiers.Any)
            {
                // NetworkPolicy decides for the pods it selects; only the others reach the baseline tier.
                var baseline = tiers.Decide(PolicyTier.Baseline, pod, direction, peer, destinationPod, port, protocol);
                if (Final(direction, PolicyTier.Baseline, baseline, trace) is { } final)
                {
                    return final;
                }

                trace = baseline.Kind == TierOutcomeKind.Passed ? trace with { BaselinePass = baseline.Match } : trace;
            }

            return explain || trace != TierTrace.None ? new NotIsolated(direction) { Tiers = trace } : NotIsolatedWithoutReasons(direction);
        }

        List<RuleMatch>? matches = null;
        List<RuleMatch>? unknown = null;
        var peerAddressUnknown = peer is PodEndpoint { Pod.Ips.IsEmpty: true } && !Options.PodsWithoutIpOutsideCidrs;
        foreach (var policy in policies)
        {
            foreach (var rule in policy.Rules(direction))
            {
                var m = MatchRule(policy, rule, peer, destinationPod, port, protocol);
                if (m is null)
                {
                    if (peerAddressUnknown && AddressCandidate(policy, rule, destinationPod, port, protocol) is { } candidate)
                    {
                        (unknown ??= []).Add(candidate);
                    }

                    continue;
                }

                if (!explain)
                {
                    return AllowedWithoutReasons;
                }

                (matches ??= []).Add(m);
            }
        }

        if (matches is null && unknown is not null)
        {
            // The peer pod's IP is not in the input. Blocks that together cover a whole address family hold it for
            // certain; smaller ones may or may not (docs/semantics.md, "Pods whose IP the input does not give").
            if (AddressCoverage.CoversAddressFamily(unknown.SelectMany(c => ((Peers)c.Rule.Peers).Items.OfType<IpBlockPeer>())))
            {
                return explain ? new AllowedByRules(direction, policies, unknown) { Tiers = trace } : AllowedWithoutReasons;
            }

            return new UndeterminedByAddress(direction, policies, unknown) { Tiers = trace };
        }

        if (!explain)
        {
            return DeniedWithoutReasons;
        }

        return matches is null
            ? new DeniedByIsolation(direction, policies) { Misses = Misses(policies, direction, peer, destinationPod, port, protocol), Tiers = trace }
            : new AllowedByRules(direction, policies, matches) { Tiers = trace };
    }

    private List<RuleMiss> Misses(IReadOnlyList<NetworkPolicy> policies, Direction direction, Endpoint peer, Pod? destinationPod, int port, Protocol protocol)
    {
        var misses = new List<RuleMiss>();
        foreach (var policy in policies)
        {
            foreach (var rule in policy.Rules(direction))
            {
                var portOk = rule.Ports is not Ports ps || ps.Items.Any(p => PortMatches(p, destinationPod, port, protocol));
                var peerOk = rule.Peers is not Peers pe || pe.Items.Any(p => PeerMatches(policy, p, peer));
                var elsewhere = rule.Peers is Peers list && peer is PodEndpoint { Pod: var pod }
                    && pod.Namespace != policy.Ref.Namespace
                    ? list.Items.OfType<PodPeer>().Where(p => p.Namespaces is PolicyNamespace && p.PodSelector.Matches(pod.Labels)).ToList()
                    : [];
                var unknown = !peerOk && !Options.PodsWithoutIpOutsideCidrs && rule.Peers is Peers blocks && peer is PodEndpoint { Pod.Ips.IsEmpty: true }
                    ? blocks.Items.OfType<IpBlockPeer>().ToList()
                    : [];
                misses.Add(new RuleMiss(policy, rule, portOk, peerOk, elsewhere) { UnknownAddressPeers = unknown });
            }
        }

        return misses;
    }

    /// <summary>Returns the match when the rule admits the peer on the port, else null.</summary>
    private RuleMatch? MatchRule(NetworkPolicy policy, PolicyRule rule, Endpoint peer, Pod? destinationPod, int port, Protocol protocol)
    {
        PolicyPort? matchedPort = null;
        if (rule.Ports is Ports ports)
        {
            foreach (var p in ports.Items)
            {
                if (PortMatches(p, destinationPod, port, protocol))
                {
                    matchedPort = p;
                    break;
                }
            }

            if (matchedPort is null)
            {
                return null;
            }
        }

        Peer? matchedPeer = null;
        if (rule.Peers is Peers peers)
        {
            foreach (var p in peers.Items)
            {
                if (PeerMatches(policy, p, peer))
                {
                    matchedPeer = p;
                    break;
                }
            }

            if (matchedPeer is null)
            {
                return null;
            }
        }

        return new RuleMatch(policy, rule, matchedPeer, matchedPort);
    }

    /// <summary>
    /// The rule as a possible match for a peer pod whose IP is unknown: its ports match and it has ipBlock peers (the
    /// match names the first). Null when the rule cannot match that pod by address.
    /// </summary>
    private static RuleMatch? AddressCandidate(NetworkPolicy policy, PolicyRule rule, Pod? destinationPod, int port, Protocol protocol)
    {
        if (rule.Peers is not Peers peers || peers.Items.OfType<IpBlockPeer>().FirstOrDefault(AddressCoverage.HasAddresses) is not { } block)
        {
            return null;
        }

        PolicyPort? matchedPort = null;
        if (rule.Ports is Ports ports)
        {
            matchedPort = ports.Items.FirstOrDefault(p => PortMatches(p, destinationPod, port, protocol));
            if (matchedPort is null)
            {
                return null;
            }
        }

        return new RuleMatch(policy, rule, block, matchedPort);
    }

    /// <summary>Port semantics: protocol must equal; a named port resolves on the destination pod for that protocol.</summary>
    public static bool PortMatches(PolicyPort entry, Pod? destinationPod, int port, Protocol protocol)
    {
        if (entry.Protocol != protocol)
        {
            return false;
        }

        return entry.Port switch
        {
            AnyPortNumber => true,
            PortNumberRange r => r.Contains(port),
            NamedPort n => destinationPod?.ResolveNamedPort(n.Name, protocol) == port,
            _ => false,
        };
    }

    /// <summary>Peer semantics for a policy in its namespace.</summary>
    public bool PeerMatches(NetworkPolicy policy, Peer entry, Endpoint peer)
    {
        switch (entry)
        {
            case PodPeer pp:
                if (peer is not PodEndpoint { Pod: var pod })
                {
                    return false;
                }

                var namespaceOk = pp.Namespaces switch
                {
                    PolicyNamespace => pod.Namespace == policy.Ref.Namespace,
                    SelectedNamespaces sn => namespaces.TryGetValue(pod.Namespace, out var ns) && sn.Selector.Matches(ns.Labels),
                    _ => false,
                };
                return namespaceOk && pp.PodSelector.Matches(pod.Labels);

            case IpBlockPeer block:
                return peer switch
                {
                    ExternalEndpoint e => block.Matches(e.Address),
                    PodEndpoint { Pod: var p } => p.Ips.Items.Any(block.Matches),
                    _ => false,
                };

            default:
                return false;
        }
    }
}
