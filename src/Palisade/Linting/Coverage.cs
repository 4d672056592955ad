using Palisade.Model;

namespace Palisade.Linting;

/// <summary>
/// Provable "covers" relations between selectors, peers, ports and rules of policies in one namespace.
/// Each answer is sound but incomplete: true means every connection the smaller one admits, the larger one
/// admits too, for every possible cluster; false means "not provable this way".
/// </summary>
internal static class Coverage
{
    /// <summary>True when everything <paramref name="narrow"/> matches, <paramref name="wide"/> matches (its requirements are a subset).</summary>
    public static bool Selector(LabelSelector wide, LabelSelector narrow) =>
        wide.Requirements.All(r => narrow.Requirements.Contains(r));

    /// <summary>True when the scope <paramref name="wide"/> includes every namespace of <paramref name="narrow"/>.</summary>
    public static bool Scope(NamespaceScope wide, NamespaceScope narrow) => (wide, narrow) switch
    {
        (PolicyNamespace, PolicyNamespace) => true,
        (SelectedNamespaces w, SelectedNamespaces n) => Selector(w.Selector, n.Selector),
        (SelectedNamespaces w, PolicyNamespace) => w.Selector.IsEverything,
        _ => false,
    };

    /// <summary>True when every endpoint <paramref name="narrow"/> matches, <paramref name="wide"/> matches.</summary>
    public static bool Peer(Peer wide, Peer narrow) => (wide, narrow) switch
    {
        (PodPeer w, PodPeer n) => Scope(w.Namespaces, n.Namespaces) && Selector(w.PodSelector, n.PodSelector),
        (IpBlockPeer w, IpBlockPeer n) => w.Cidr.Contains(n.Cidr)
            && w.Except.All(we => !we.Overlaps(n.Cidr) || n.Except.Any(ne => ne.Contains(we))),
        _ => false,
    };

    /// <summary>True when every port <paramref name="narrow"/> names, <paramref name="wide"/> names.</summary>
    public static bool Port(PolicyPort wide, PolicyPort narrow) =>
        wide.Protocol == narrow.Protocol && (wide.Port, narrow.Port) switch
        {
            (AnyPortNumber, _) => true,
            (PortNumberRange w, PortNumberRange n) => w.Port <= n.Port && n.EndPort <= w.EndPort,
            (NamedPort w, NamedPort n) => w.Name == n.Name,
            _ => false,
        };

    /// <summary>True when rule <paramref name="wide"/> admits every peer on every port that <paramref name="narrow"/> admits.</summary>
    public static bool Rule(PolicyRule wide, PolicyRule narrow)
    {
        var peersOk = (wide.Peers, narrow.Peers) switch
        {
            (AnyPeer, _) => true,
            (Peers w, Peers n) => n.Items.All(np => w.Items.Any(wp => Peer(wp, np))),
            _ => false,
        };
        var portsOk = (wide.Ports, narrow.Ports) switch
        {
            (AnyPort, _) => true,
            (Ports w, Ports n) => n.Items.All(np => w.Items.Any(wp => Port(wp, np))),
            _ => false,
        };
        return peersOk && portsOk;
    }

    /// <summary>True when every rule of <paramref name="narrow"/> in the direction is covered by a rule of <paramref name="wide"/>.</summary>
    public static bool Rules(NetworkPolicy wide, NetworkPolicy narrow, Direction direction) =>
        narrow.Rules(direction).All(n => wide.Rules(direction).Any(w => Rule(w, n)));
}
