using Palisade.Model;
using Palisade.Net;

namespace Palisade.TestSupport;

/// <summary>
/// A deliberately simple per-pair evaluator of NetworkPolicy, written straight from the Kubernetes documentation
/// and independent of the product engine: no indexes, every policy scanned for every question. Property tests
/// compare the engines against it.
/// </summary>
public static class ReferenceEvaluator
{
    /// <summary>True when traffic from <paramref name="source"/> to <paramref name="destination"/> on the port is allowed.</summary>
    public static bool Allowed(ClusterSnapshot cluster, Pod? source, IpAddr? sourceAddress, Pod? destination, IpAddr? destinationAddress, int port, Protocol protocol)
    {
        if (source is not null && destination is not null && ReferenceEquals(source, destination))
        {
            return true; // a pod cannot block access to itself
        }

        var egressOk = source is null || DirectionAllows(cluster, source, isIngress: false, destination, destinationAddress, destination, port, protocol);
        var ingressOk = destination is null || DirectionAllows(cluster, destination, isIngress: true, source, sourceAddress, destination, port, protocol);
        return egressOk && ingressOk;
    }

    private static bool DirectionAllows(ClusterSnapshot cluster, Pod subject, bool isIngress, Pod? peerPod, IpAddr? peerAddress, Pod? destinationPod, int port, Protocol protocol) =>
        NetworkPolicyVerdict(cluster, subject, isIngress, peerPod, peerAddress, destinationPod, port, protocol) is SideAnswer.NotIsolated or SideAnswer.Allowed;

    /// <summary>The four answers of one NetworkPolicy side.</summary>
    public enum SideAnswer
    {
        /// <summary>No NetworkPolicy isolates the subject in that direction.</summary>
        NotIsolated,

        /// <summary>A rule matches.</summary>
        Allowed,

        /// <summary>Isolated and no rule can match.</summary>
        Denied,

        /// <summary>Isolated, and only ipBlocks that may or may not hold the peer pod's unknown IP could match.</summary>
        Unknown,
    }

    /// <summary>
    /// The NetworkPolicy verdict of one side, with the peer pod's IP possibly unknown: ipBlocks of the rules whose
    /// ports match that together cover a whole address family hold it; smaller ones make the side unknown.
    /// </summary>
    public static SideAnswer NetworkPolicyVerdict(ClusterSnapshot cluster, Pod subject, bool isIngress, Pod? peerPod, IpAddr? peerAddress, Pod? destinationPod, int port, Protocol protocol)
    {
        var known = NetworkPolicySide(cluster, subject, isIngress, peerPod, peerAddress, destinationPod, port, protocol);
        if (known is null)
        {
            return SideAnswer.NotIsolated;
        }

        if (known == true)
        {
            return SideAnswer.Allowed;
        }

        if (peerPod is not { Ips.IsEmpty: true })
        {
            return SideAnswer.Denied;
        }

        var blocks = new List<IpBlockPeer>();
        foreach (var policy in cluster.Policies)
        {
            var types = policy.PolicyTypes;
            if (policy.Ref.Namespace != subject.Namespace || !Selects(policy.PodSelector, subject.Labels)
                || (isIngress ? (types & PolicyTypes.Ingress) == 0 : (types & PolicyTypes.Egress) == 0))
            {
                continue;
            }

            foreach (var rule in isIngress ? policy.Ingress : policy.Egress)
            {
                if (rule.Peers is Peers peers && RulePortOk(rule, destinationPod, port, protocol))
                {
                    blocks.AddRange(peers.Items.OfType<IpBlockPeer>());
                }
            }
        }

        var inside = blocks.Select(b => (Func<IpAddr, bool>)(x => b.Cidr.Contains(x) && !b.Except.Items.Any(e => e.Contains(x)))).ToList();
        var bounds = blocks.SelectMany(b => b.Except.Items.Prepend(b.Cidr)).ToList();
        if (CoversFamily(inside, bounds, v6: false) || CoversFamily(inside, bounds, v6: true))
        {
            return SideAnswer.Allowed;
        }

        return AnyInside(inside, bounds) ? SideAnswer.Unknown : SideAnswer.Denied;
    }

    /// <summary>
    /// True when every address of the family is inside some block. Membership only changes at a CIDR's edges, so the
    /// edges, their neighbours and the family's ends are every address worth testing.
    /// </summary>
    public static bool CoversFamily(IReadOnlyList<Func<IpAddr, bool>> inside, IReadOnlyList<IpCidr> bounds, bool v6) =>
        inside.Count > 0 && Probes(bounds, v6).All(x => inside.Any(f => f(x)));

    private static bool AnyInside(IReadOnlyList<Func<IpAddr, bool>> inside, IReadOnlyList<IpCidr> bounds) =>
        Probes(bounds, false).Concat(Probes(bounds, true)).Any(x => inside.Any(f => f(x)));

    private static IEnumerable<IpAddr> Probes(IReadOnlyList<IpCidr> bounds, bool v6)
    {
        var max = v6 ? UInt128.MaxValue : uint.MaxValue;
        var values = new List<UInt128> { 0, max };
        foreach (var c in bounds.Where(c => c.IsV6 == v6))
        {
            values.Add(c.First.Value);
            values.Add(c.Last.Value);
            if (c.First.Value > 0)
            {
                values.Add(c.First.Value - 1);
            }

            if (c.Last.Value < max)
            {
                values.Add(c.Last.Value + 1);
            }
        }

        return values.Distinct().Select(v => new IpAddr(v, v6));
    }

    /// <summary>The NetworkPolicy verdict of one side: null when no NetworkPolicy isolates the subject in that direction.</summary>
    public static bool? NetworkPolicySide(ClusterSnapshot cluster, Pod subject, bool isIngress, Pod? peerPod, IpAddr? peerAddress, Pod? destinationPod, int port, Protocol protocol)
    {
        var isolated = false;
        foreach (var policy in cluster.Policies)
        {
            if (policy.Ref.Namespace != subject.Namespace || !Selects(policy.PodSelector, subject.Labels))
            {
                continue;
            }

            var types = policy.PolicyTypes;
            if (isIngress ? (types & PolicyTypes.Ingress) == 0 : (types & PolicyTypes.Egress) == 0)
            {
                continue;
            }

            isolated = true;
            foreach (var rule in isIngress ? policy.Ingress : policy.Egress)
            {
                if (RulePortOk(rule, destinationPod, port, protocol) && RulePeerOk(cluster, policy, rule, peerPod, peerAddress))
                {
                    return true;
                }
            }
        }

        return isolated ? false : null;
    }

    private static bool RulePortOk(PolicyRule rule, Pod? destinationPod, int port, Protocol protocol)
    {
        if (rule.Ports is AnyPort)
        {
            return true;
        }

        foreach (var p in ((Ports)rule.Ports).Items)
        {
            if (p.Protocol != protocol)
            {
                continue;
            }

            if (p.Port is AnyPortNumber)
            {
                return true;
            }

            if (p.Port is PortNumberRange r && port >= r.Port && port <= r.EndPort)
            {
                return true;
            }

            if (p.Port is NamedPort n && destinationPod is not null
                && destinationPod.Ports.Items.Any(c => c.Name == n.Name && c.Protocol == protocol && c.Number == port))
            {
                return true;
            }
        }

        return false;
    }

    private static bool RulePeerOk(ClusterSnapshot cluster, NetworkPolicy policy, PolicyRule rule, Pod? peerPod, IpAddr? peerAddress)
    {
        if (rule.Peers is AnyPeer)
        {
            return true;
        }

        foreach (var peer in ((Peers)rule.Peers).Items)
        {
            switch (peer)
            {
                case IpBlockPeer b:
                    var addresses = peerPod is not null ? peerPod.Ips.Items.ToList() : peerAddress is { } a ? [a] : [];
                    if (addresses.Any(x => b.Cidr.Contains(x) && !b.Except.Items.Any(e => e.Contains(x))))
                    {
                        return true;
                    }

                    break;

                case PodPeer pp when peerPod is not null:
                    bool nsOk;
                    if (pp.Namespaces is PolicyNamespace)
                    {
                        nsOk = peerPod.Namespace == policy.Ref.Namespace;
                    }
                    else
                    {
                        var ns = cluster.Namespaces.First(n => n.Name == peerPod.Namespace);
                        nsOk = Selects(((SelectedNamespaces)pp.Namespaces).Selector, ns.Labels);
                    }

                    if (nsOk && Selects(pp.PodSelector, peerPod.Labels))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>Label selector semantics written out longhand.</summary>
    public static bool Selects(LabelSelector selector, Labels labels)
    {
        foreach (var r in selector.Requirements)
        {
            var has = labels.TryGetValue(r.Key, out var value);
            var ok = r.Operator switch
            {
                SelectorOperator.In => has && r.Values.Items.Contains(value),
                SelectorOperator.NotIn => !has || !r.Values.Items.Contains(value),
                SelectorOperator.Exists => has,
                SelectorOperator.DoesNotExist => !has,
                _ => throw new InvalidOperationException(),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }
}
