using System.Collections.Frozen;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Engine;

/// <summary>How one tier ended for a connection side.</summary>
internal enum TierOutcomeKind
{
    /// <summary>No rule of the tier matched.</summary>
    NoMatch,

    /// <summary>An Allow/Accept or Deny rule decided.</summary>
    Decided,

    /// <summary>A Pass rule skipped the rest of the tier.</summary>
    Passed,

    /// <summary>The tier's answer cannot be determined (equal-priority conflict, domain names).</summary>
    Undetermined,
}

/// <summary>The result of one tier for one side.</summary>
internal readonly record struct TierOutcome(TierOutcomeKind Kind, AdminRuleMatch? Match, IReadOnlyList<AdminRuleMatch> Rules, UndeterminedReason Reason)
{
    public static TierOutcome NoMatch { get; } = new(TierOutcomeKind.NoMatch, null, [], default);
}

/// <summary>
/// The admin and baseline tiers of one snapshot (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy):
/// which policies have a pod as subject, and the first-match evaluation of a tier by ascending priority. Immutable and
/// thread-safe; indexes are built once.
/// </summary>
internal sealed class AdminTiers
{
    private readonly FrozenDictionary<string, Namespace> namespaces;
    private readonly FrozenDictionary<Pod, AdminPolicy[]> subjects;
    private readonly FrozenDictionary<string, Node> nodesByName;
    private readonly IReadOnlyList<AdminPolicy> all;

    private readonly EngineOptions options;

    public AdminTiers(ClusterSnapshot cluster, FrozenDictionary<string, Namespace> namespaces, EngineOptions options)
    {
        this.namespaces = namespaces;
        this.options = options;
        all = cluster.AdminPolicies;
        nodesByName = cluster.Nodes.GroupBy(n => n.Name, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var map = new Dictionary<Pod, AdminPolicy[]>(ReferenceEqualityComparer.Instance);
        if (all.Count > 0)
        {
            foreach (var pod in cluster.Pods)
            {
                map[pod] = Select(pod);
            }
        }

        subjects = map.ToFrozenDictionary(ReferenceEqualityComparer.Instance);
    }

    /// <summary>True when the snapshot has any cluster-wide policy.</summary>
    public bool Any => all.Count > 0;

    /// <summary>
    /// Evaluates one tier for the subject pod: policies by ascending priority, rules in order, the first matching rule
    /// of each policy. Policies of one priority that match with different actions make the tier undetermined.
    /// </summary>
    public TierOutcome Decide(PolicyTier tier, Pod subject, Direction direction, Endpoint peer, Pod? destinationPod, int port, Protocol protocol)
    {
        if (subject.HostNetwork)
        {
            return TierOutcome.NoMatch; // host-network pods are never subjects (the API's subject docs)
        }

        var policies = subjects.TryGetValue(subject, out var list) ? list : Select(subject);
        var i = 0;
        while (i < policies.Length)
        {
            if (policies[i].Tier != tier)
            {
                i++;
                continue;
            }

            var priority = policies[i].Priority;
            List<AdminRuleMatch>? matches = null;
            List<AdminRuleMatch>? maybe = null;
            var maybeReason = UndeterminedReason.UnknownPodAddress;
            for (; i < policies.Length && policies[i].Tier == tier && policies[i].Priority == priority; i++)
            {
                var policy = policies[i];
                foreach (var rule in policy.Rules(direction))
                {
                    var m = MatchRule(rule, peer, destinationPod, port, protocol);
                    if (m == Match.Yes)
                    {
                        (matches ??= []).Add(new AdminRuleMatch(policy, rule));
                        break;
                    }

                    if (m is Match.Maybe or Match.MaybeByAddress)
                    {
                        (maybe ??= []).Add(new AdminRuleMatch(policy, rule));
                        if (m == Match.Maybe)
                        {
                            maybeReason = UndeterminedReason.DomainNames;
                        }

                        break;
                    }
                }
            }

            if (maybe is not null)
            {
                return new TierOutcome(TierOutcomeKind.Undetermined, null, maybe, maybeReason);
            }

            if (matches is null)
            {
                continue;
            }

            if (matches.Select(m => m.Rule.Action).Distinct().Count() > 1)
            {
                return new TierOutcome(TierOutcomeKind.Undetermined, null, matches, UndeterminedReason.SamePriorityConflict);
            }

            var kind = matches[0].Rule.Action == AdminAction.Pass ? TierOutcomeKind.Passed : TierOutcomeKind.Decided;
            return new TierOutcome(kind, matches[0], matches, default);
        }

        return TierOutcome.NoMatch;
    }

    /// <summary>True when the policy's subject selects the pod (never a host-network pod).</summary>
    public bool Selects(AdminPolicy policy, Pod pod) =>
        !pod.HostNetwork
        && namespaces.TryGetValue(pod.Namespace, out var ns)
        && policy.Subject.NamespaceSelector.Matches(ns.Labels)
        && policy.Subject.PodSelector.Matches(pod.Labels);

    private AdminPolicy[] Select(Pod pod) => [.. all.Where(p => Selects(p, pod))];

    private enum Match
    {
        No,
        Yes,
        Maybe,

        /// <summary>A networks peer may match a peer pod whose IP is not in the input.</summary>
        MaybeByAddress,
    }

    private Match MatchRule(AdminRule rule, Endpoint peer, Pod? destinationPod, int port, Protocol protocol)
    {
        if (rule.Ports is AdminPorts ports && !ports.Items.Any(p => PortMatches(p, destinationPod, port, protocol)))
        {
            return Match.No;
        }

        var result = Match.No;
        foreach (var p in rule.Peers)
        {
            if (p is AdminDomainNamesPeer)
            {
                result = Match.Maybe;
            }
            else if (PeerMatches(p, peer))
            {
                return Match.Yes;
            }
        }

        // A pod whose IP is not in the input is inside networks that cover a whole address family, and maybe inside
        // smaller ones.
        if (result == Match.No && !options.PodsWithoutIpOutsideCidrs && peer is PodEndpoint { Pod.Ips.IsEmpty: true }
            && rule.Peers.OfType<AdminNetworksPeer>().SelectMany(n => n.Networks.Items).ToList() is { Count: > 0 } networks)
        {
            return AddressCoverage.CoversAddressFamily(networks) ? Match.Yes : Match.MaybeByAddress;
        }

        return result;
    }

    /// <summary>Port semantics of cluster-wide rules; a named port resolves on the destination pod for the connection's protocol.</summary>
    public static bool PortMatches(AdminPort entry, Pod? destinationPod, int port, Protocol protocol) => entry switch
    {
        AdminPortRange r => r.Protocol == protocol && port >= r.Start && port <= r.End,
        AdminNamedPort n => destinationPod?.ResolveNamedPort(n.Name, protocol) == port,
        _ => false,
    };

    /// <summary>Peer semantics of cluster-wide rules (domain names excepted: they are never decided).</summary>
    public bool PeerMatches(AdminPeer entry, Endpoint peer)
    {
        switch (entry)
        {
            case AdminPodsPeer pp:
                return peer is PodEndpoint { Pod: { HostNetwork: false } pod }
                    && namespaces.TryGetValue(pod.Namespace, out var ns)
                    && pp.NamespaceSelector.Matches(ns.Labels)
                    && pp.PodSelector.Matches(pod.Labels);

            case AdminNodesPeer np:
                return peer switch
                {
                    // A nodes peer selects the nodes' addresses (status.addresses); a host-network pod uses its node's. When
                    // such a pod's IPs are not in the input, its spec.nodeName says which node's addresses it has.
                    PodEndpoint { Pod: { HostNetwork: true } hostPod } => hostPod.Ips.IsEmpty
                        ? hostPod.NodeName.Length > 0 && nodesByName.TryGetValue(hostPod.NodeName, out var node) && np.Selector.Matches(node.Labels)
                        : hostPod.Ips.Items.Any(ip => IsNodeAddress(np.Selector, ip)),
                    ExternalEndpoint e => IsNodeAddress(np.Selector, e.Address),
                    _ => false,
                };

            case AdminNetworksPeer nw:
                return peer switch
                {
                    ExternalEndpoint e => nw.Networks.Items.Any(c => c.Contains(e.Address)),
                    PodEndpoint { Pod: var anyPod } => anyPod.Ips.Items.Any(ip => nw.Networks.Items.Any(c => c.Contains(ip))),
                    _ => false,
                };

            default:
                return false;
        }
    }

    private bool IsNodeAddress(LabelSelector selector, IpAddr address)
    {
        foreach (var node in nodesByName.Values)
        {
            if (node.Addresses.Items.Contains(address) && selector.Matches(node.Labels))
            {
                return true;
            }
        }

        return false;
    }
}
