using Palisade.Model;
using Palisade.Net;

namespace Palisade.Rendering;

/// <summary>
/// Renders an <see cref="IsolationProfile"/> into one NetworkPolicy (isolation of the selected pods in the directions
/// whose section the profile declares, one rule per declared peer) and, in custom-label mode, the namespace labels the selectors rely on.
/// Deterministic: the same profile always gives the same objects in the same order.
/// </summary>
public static class ProfileRenderer
{
    /// <summary>The annotation rendered objects carry so tools (and people) know who owns them.</summary>
    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    /// <summary>Renders the profile.</summary>
    public static RenderedIsolation Render(IsolationProfile profile)
    {
        var ingress = profile.Ingress.Select((p, i) => Rule(profile, p, Direction.Ingress, i)).ToEquatableArray();
        var egress = profile.Egress.Select((p, i) => Rule(profile, p, Direction.Egress, i)).ToEquatableArray();
        var policy = new NetworkPolicy(
            new ObjectRef(profile.Namespace, profile.Name),
            profile.PodSelector,
            profile.Isolates,
            PolicyTypesDeclared: true,
            ingress,
            egress)
        {
            Labels = Labels.Of(ManagedByLabel, "palisade"),
            Location = profile.Location,
        };

        var labels = new List<NamespaceLabel>();
        if (profile.UsesCustomNamespaceLabel)
        {
            var names = profile.Ingress.Concat(profile.Egress).Select(p => p.Namespace).OfType<NamedNamespace>().Select(n => n.Name)
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            labels.AddRange(names.Select(n => new NamespaceLabel(n, profile.NamespaceLabel, n)));
        }

        return new RenderedIsolation(profile, new[] { policy }.ToEquatableArray(), labels.ToEquatableArray());
    }

    private static PolicyRule Rule(IsolationProfile profile, ProfilePeer peer, Direction direction, int index)
    {
        // Always write a namespaceSelector, even for the profile's own namespace: a podSelector-only peer silently
        // means "same namespace" and breaks when the peer moves.
        var namespaces = peer.Namespace switch
        {
            NamedNamespace n => new SelectedNamespaces(LabelSelector.MatchLabels(profile.NamespaceLabel, n.Name)),
            _ => new SelectedNamespaces(LabelSelector.Everything),
        };
        var podPeer = new PodPeer(peer.PodSelector ?? LabelSelector.Everything, namespaces) { HasPodSelector = peer.PodSelector is not null };
        var ports = peer.Ports.IsEmpty
            ? (PortList)AnyPort.Instance
            : new Ports(peer.Ports.Select(p => new PolicyPort(p.Protocol, new PortNumberRange(p.Port, p.Port))).ToEquatableArray());
        return new PolicyRule(direction, index, new Peers(new Peer[] { podPeer }.ToEquatableArray()), ports)
        {
            Comment = Describe(peer, direction),
            Location = peer.Location,
        };
    }

    /// <summary>The comment rendered above a rule: what it is for.</summary>
    public static string Describe(ProfilePeer peer, Direction direction)
    {
        var where = peer.Namespace is NamedNamespace n ? $"namespace {n.Name}" : "any namespace";
        var who = peer.PodSelector is null ? $"all pods of {where}" : $"pods {{{peer.PodSelector}}} in {where}";
        var ports = peer.Ports.IsEmpty ? "all ports" : string.Join(", ", peer.Ports.Select(p => p.ToString()));
        return direction == Direction.Ingress ? $"{peer.Name}: from {who} on {ports}" : $"{peer.Name}: to {who} on {ports}";
    }
}
