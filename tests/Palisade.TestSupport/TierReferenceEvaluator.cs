using Palisade.Model;
using Palisade.Net;

namespace Palisade.TestSupport;

/// <summary>
/// A deliberately simple evaluator of the three tiers (admin, NetworkPolicy, baseline), written from the API text in
/// ../shared/policy-api and independent of the product engine: no indexes, every policy scanned for every question.
/// Returns true (allowed), false (denied) or null (undetermined: equal-priority policies disagree, or a domainNames
/// peer could match).
/// </summary>
public static class TierReferenceEvaluator
{
    private enum Outcome
    {
        None,
        Allow,
        Deny,
        Pass,
        Unknown,
    }

    /// <summary>The verdict of a connection; null when it cannot be determined.</summary>
    public static bool? Allowed(ClusterSnapshot cluster, Pod? source, IpAddr? sourceAddress, Pod? destination, IpAddr? destinationAddress, int port, Protocol protocol)
    {
        if (source is not null && destination is not null && ReferenceEquals(source, destination))
        {
            return true;
        }

        bool? egress = source is null ? true : Side(cluster, source, false, destination, destinationAddress, destination, port, protocol);
        bool? ingress = destination is null ? true : Side(cluster, destination, true, source, sourceAddress, destination, port, protocol);
        if (egress == false || ingress == false)
        {
            return false;
        }

        return egress is null || ingress is null ? null : true;
    }

    private static bool? Side(ClusterSnapshot cluster, Pod subject, bool isIngress, Pod? peerPod, IpAddr? peerAddress, Pod? destinationPod, int port, Protocol protocol)
    {
        switch (Tier(cluster, PolicyTier.Admin, subject, isIngress, peerPod, peerAddress, destinationPod, port, protocol))
        {
            case Outcome.Allow: return true;
            case Outcome.Deny: return false;
            case Outcome.Unknown: return null;
        }

        switch (ReferenceEvaluator.NetworkPolicyVerdict(cluster, subject, isIngress, peerPod, peerAddress, destinationPod, port, protocol))
        {
            case ReferenceEvaluator.SideAnswer.Allowed: return true;
            case ReferenceEvaluator.SideAnswer.Denied: return false;
            case ReferenceEvaluator.SideAnswer.Unknown: return null;
        }

        return Tier(cluster, PolicyTier.Baseline, subject, isIngress, peerPod, peerAddress, destinationPod, port, protocol) switch
        {
            Outcome.Deny => false,
            Outcome.Unknown => null,
            _ => true,
        };
    }

    private static Outcome Tier(ClusterSnapshot cluster, PolicyTier tier, Pod subject, bool isIngress, Pod? peerPod, IpAddr? peerAddress, Pod? destinationPod, int port, Protocol protocol)
    {
        if (subject.HostNetwork)
        {
            return Outcome.None;
        }

        var subjectNs = cluster.Namespaces.First(n => n.Name == subject.Namespace);
        for (var priority = AdminPolicy.MinPriority; priority <= AdminPolicy.MaxPriority; priority++)
        {
            var outcomes = new List<Outcome>();
            foreach (var policy in cluster.AdminPolicies)
            {
                if (policy.Tier != tier || policy.Priority != priority
                    || !ReferenceEvaluator.Selects(policy.Subject.NamespaceSelector, subjectNs.Labels)
                    || !ReferenceEvaluator.Selects(policy.Subject.PodSelector, subject.Labels))
                {
                    continue;
                }

                foreach (var rule in isIngress ? policy.Ingress : policy.Egress)
                {
                    var m = RuleMatches(cluster, rule, peerPod, peerAddress, destinationPod, port, protocol);
                    if (m == false)
                    {
                        continue;
                    }

                    outcomes.Add(m is null ? Outcome.Unknown : rule.Action switch
                    {
                        AdminAction.Allow => Outcome.Allow,
                        AdminAction.Deny => Outcome.Deny,
                        _ => Outcome.Pass,
                    });
                    break;
                }
            }

            if (outcomes.Count == 0)
            {
                continue;
            }

            // Equal-priority policies that disagree, or a rule that may or may not match: not decidable.
            return outcomes.Contains(Outcome.Unknown) || outcomes.Distinct().Count() > 1 ? Outcome.Unknown : outcomes[0];
        }

        return Outcome.None;
    }

    /// <summary>True, false, or null when only a domainNames peer could match.</summary>
    private static bool? RuleMatches(ClusterSnapshot cluster, AdminRule rule, Pod? peerPod, IpAddr? peerAddress, Pod? destinationPod, int port, Protocol protocol)
    {
        if (rule.Ports is AdminPorts ports)
        {
            var any = false;
            foreach (var p in ports.Items)
            {
                any |= p switch
                {
                    AdminPortRange r => r.Protocol == protocol && r.Start <= port && port <= r.End,
                    AdminNamedPort n => destinationPod is not null && destinationPod.Ports.Items.Any(c => c.Name == n.Name && c.Protocol == protocol && c.Number == port),
                    _ => false,
                };
            }

            if (!any)
            {
                return false;
            }
        }

        bool? result = false;
        var unknownNetworks = new List<IpCidr>();
        var addresses = peerPod is not null ? peerPod.Ips.Items.ToList() : peerAddress is { } a ? [a] : [];
        foreach (var peer in rule.Peers)
        {
            switch (peer)
            {
                case AdminPodsPeer pp when peerPod is { HostNetwork: false }:
                    var ns = cluster.Namespaces.First(n => n.Name == peerPod.Namespace);
                    if (ReferenceEvaluator.Selects(pp.NamespaceSelector, ns.Labels) && ReferenceEvaluator.Selects(pp.PodSelector, peerPod.Labels))
                    {
                        return true;
                    }

                    break;

                case AdminNodesPeer np:
                    var selected = cluster.Nodes.Where(n => ReferenceEvaluator.Selects(np.Selector, n.Labels)).ToList();
                    if (peerPod is { HostNetwork: true, Ips.IsEmpty: true })
                    {
                        if (selected.Any(n => n.Name == peerPod.NodeName))
                        {
                            return true;
                        }
                    }
                    else if ((peerPod is null || peerPod.HostNetwork) && addresses.Any(x => selected.Any(n => n.Addresses.Items.Contains(x))))
                    {
                        return true;
                    }

                    break;

                case AdminNetworksPeer nw:
                    if (addresses.Any(x => nw.Networks.Items.Any(c => c.Contains(x))))
                    {
                        return true;
                    }

                    if (peerPod is { Ips.IsEmpty: true })
                    {
                        unknownNetworks.AddRange(nw.Networks.Items);
                    }

                    break;

                case AdminDomainNamesPeer:
                    result = null;
                    break;
            }
        }

        // The peer pod's IP is unknown: the rule's networks together hold it when they cover a whole family, else maybe.
        if (result == false && unknownNetworks.Count > 0)
        {
            var inside = unknownNetworks.Select(c => (Func<IpAddr, bool>)c.Contains).ToList();
            return ReferenceEvaluator.CoversFamily(inside, unknownNetworks, v6: false) || ReferenceEvaluator.CoversFamily(inside, unknownNetworks, v6: true) ? true : null;
        }

        return result;
    }
}
