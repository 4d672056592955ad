using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting;

/// <summary>
/// "Covers" and "may overlap" between the subjects, peers and ports of cluster-wide policy rules. Coverage is sound but
/// incomplete (true means: for every cluster, every connection the narrow one matches, the wide one matches too);
/// overlap is the opposite over-approximation (false means: no cluster has a connection both match).
/// </summary>
internal static class AdminCoverage
{
    /// <summary>True when every pod the narrow subject selects, the wide one selects.</summary>
    public static bool Subject(AdminSubject wide, AdminSubject narrow) =>
        Coverage.Selector(wide.NamespaceSelector, narrow.NamespaceSelector) && Coverage.Selector(wide.PodSelector, narrow.PodSelector);

    /// <summary>
    /// True when the wide rule matches every peer on every port the narrow rule matches. Domain names are never
    /// covered and never cover: a match through them is undetermined.
    /// </summary>
    public static bool Rule(AdminRule wide, AdminRule narrow)
    {
        var wideNetworks = wide.Peers.OfType<AdminNetworksPeer>().SelectMany(n => n.Networks).ToList();
        var peersOk = narrow.Peers.All(n => n switch
        {
            AdminNetworksPeer nw => nw.Networks.All(c => wideNetworks.Any(w => w.Contains(c))),
            AdminDomainNamesPeer => false,
            _ => wide.Peers.Any(w => Peer(w, n)),
        });
        var portsOk = (wide.Ports, narrow.Ports) switch
        {
            (AnyAdminPort, _) => true,
            (AdminPorts w, AdminPorts n) => n.Items.All(np => w.Items.Any(wp => Port(wp, np))),
            _ => false,
        };
        return peersOk && portsOk;
    }

    private static bool Peer(AdminPeer wide, AdminPeer narrow) => (wide, narrow) switch
    {
        (AdminPodsPeer w, AdminPodsPeer n) => Coverage.Selector(w.NamespaceSelector, n.NamespaceSelector) && Coverage.Selector(w.PodSelector, n.PodSelector),
        (AdminNodesPeer w, AdminNodesPeer n) => Coverage.Selector(w.Selector, n.Selector),
        _ => false,
    };

    private static bool Port(AdminPort wide, AdminPort narrow) => (wide, narrow) switch
    {
        (AdminPortRange w, AdminPortRange n) => w.Protocol == n.Protocol && w.Start <= n.Start && n.End <= w.End,
        (AdminNamedPort w, AdminNamedPort n) => w.Name == n.Name,
        _ => false,
    };

    /// <summary>True unless the two rules provably match no common peer and port.</summary>
    public static bool RulesMayOverlap(AdminRule a, AdminRule b) =>
        PortsMayOverlap(a.Ports, b.Ports) && a.Peers.Any(pa => b.Peers.Any(pb => PeersMayOverlap(pa, pb)));

    private static bool PortsMayOverlap(AdminPortList a, AdminPortList b) => (a, b) switch
    {
        (AdminPorts x, AdminPorts y) => x.Items.Any(pa => y.Items.Any(pb => (pa, pb) switch
        {
            (AdminPortRange r, AdminPortRange s) => r.Protocol == s.Protocol && r.Start <= s.End && s.Start <= r.End,
            _ => true, // a named port may resolve to any number
        })),
        _ => true,
    };

    private static bool PeersMayOverlap(AdminPeer a, AdminPeer b) => (a, b) switch
    {
        (AdminPodsPeer x, AdminPodsPeer y) => SelectorsMayOverlap(x.NamespaceSelector, y.NamespaceSelector) && SelectorsMayOverlap(x.PodSelector, y.PodSelector),
        (AdminNodesPeer x, AdminNodesPeer y) => SelectorsMayOverlap(x.Selector, y.Selector),
        (AdminNetworksPeer x, AdminNetworksPeer y) => x.Networks.Any(c => y.Networks.Any(c.Overlaps)),

        // pods peers never match host-network pods or node addresses, which is all a nodes peer matches
        (AdminPodsPeer, AdminNodesPeer) or (AdminNodesPeer, AdminPodsPeer) => false,

        // networks match pod and node addresses; domain names may resolve to any address
        _ => true,
    };

    /// <summary>
    /// True unless no label set satisfies both selectors: exact, as requirements on different keys are independent and
    /// those on one key conflict only through their values.
    /// </summary>
    public static bool SelectorsMayOverlap(LabelSelector a, LabelSelector b)
    {
        foreach (var key in a.Requirements.Concat(b.Requirements).GroupBy(r => r.Key, StringComparer.Ordinal))
        {
            var reqs = key.ToList();
            var absent = reqs.Any(r => r.Operator == SelectorOperator.DoesNotExist);
            var present = reqs.Any(r => r.Operator is SelectorOperator.In or SelectorOperator.Exists);
            if (absent && present)
            {
                return false;
            }

            var ins = reqs.Where(r => r.Operator == SelectorOperator.In).ToList();
            if (ins.Count == 0)
            {
                continue; // Exists/NotIn alone: some value outside every NotIn list exists
            }

            var excluded = reqs.Where(r => r.Operator == SelectorOperator.NotIn).SelectMany(r => r.Values).ToHashSet(StringComparer.Ordinal);
            var candidates = ins[0].Values.Where(v => !excluded.Contains(v) && ins.All(i => i.Values.Items.Contains(v)));
            if (!candidates.Any())
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when the rule matches every peer on every port: networks covering all of IPv4 and IPv6, any port.</summary>
    public static bool MatchesEverything(AdminRule rule)
    {
        if (rule.Ports is not AnyAdminPort)
        {
            return false;
        }

        var networks = rule.Peers.OfType<AdminNetworksPeer>().SelectMany(n => n.Networks).ToList();
        return networks.Any(c => c.PrefixLength == 0 && !c.IsV6) && networks.Any(c => c.PrefixLength == 0 && c.IsV6);
    }
}
