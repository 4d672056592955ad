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

        return new RenderedIsolation(profile, new[] { policy }.ToEquatableArray(), labels.ToEquatableArray())
        {
            AdminPolicies = profile.Tier == GuardrailTier.None ? EquatableArray<AdminPolicy>.Empty : new[] { Guardrails(profile) }.ToEquatableArray(),
        };
    }

    /// <summary>The priority of a rendered admin-tier guardrail policy (documented in docs/file-formats.md).</summary>
    public const int GuardrailPriority = 100;

    /// <summary>
    /// The guardrails as one cluster-wide policy with the isolated pods as subject: no traffic between isolated pods (both
    /// directions), and for egress every pod handed on (admin: Pass to NetworkPolicy; baseline: Allow) before every other
    /// address is denied, so the Internet and the nodes stay closed while the NetworkPolicy still does the allow-list.
    /// Namespaces are always matched by the immutable name label here, whatever <c>namespaceLabel</c> says.
    /// </summary>
    public static AdminPolicy Guardrails(IsolationProfile profile)
    {
        var admin = profile.Tier == GuardrailTier.Admin;
        var namespaceSelector = LabelSelector.MatchLabels(Namespace.NameLabel, profile.Namespace);
        var isolated = new AdminPodsPeer(namespaceSelector, profile.PodSelector) { WrittenAsPods = true };
        var ingress = new List<AdminRule>();
        var egress = new List<AdminRule>();
        if (profile.Isolates.HasFlag(PolicyTypes.Ingress))
        {
            ingress.Add(new AdminRule(Direction.Ingress, 0, "no-container-to-container", AdminAction.Deny, new AdminPeer[] { isolated }.ToEquatableArray(), AnyAdminPort.Instance));
        }

        if (profile.Isolates.HasFlag(PolicyTypes.Egress))
        {
            var everyPod = new AdminPodsPeer(LabelSelector.Everything, LabelSelector.Everything);
            var everywhere = new AdminNetworksPeer(new[] { Net.IpCidr.Parse("0.0.0.0/0"), Net.IpCidr.Parse("::/0") }.ToEquatableArray());
            egress.Add(new AdminRule(Direction.Egress, 0, "no-container-to-container", AdminAction.Deny, new AdminPeer[] { isolated }.ToEquatableArray(), AnyAdminPort.Instance));
            egress.Add(new AdminRule(Direction.Egress, 1, admin ? "pods-decided-by-networkpolicy" : "pods-allowed", admin ? AdminAction.Pass : AdminAction.Allow,
                new AdminPeer[] { everyPod }.ToEquatableArray(), AnyAdminPort.Instance));
            egress.Add(new AdminRule(Direction.Egress, 2, "no-internet", AdminAction.Deny, new AdminPeer[] { everywhere }.ToEquatableArray(), AnyAdminPort.Instance));
        }

        var (kind, name) = (profile.TierApiVersion, admin) switch
        {
            (TierApiVersion.V1Alpha2, _) => (AdminPolicyKind.ClusterNetworkPolicy, $"{profile.Name}-guardrails"),
            (_, true) => (AdminPolicyKind.AdminNetworkPolicy, $"{profile.Name}-guardrails"),
            _ => (AdminPolicyKind.BaselineAdminNetworkPolicy, "default"), // the API's singleton name
        };
        var priority = admin || kind == AdminPolicyKind.ClusterNetworkPolicy ? GuardrailPriority : 0;
        return new AdminPolicy(kind, name, admin ? PolicyTier.Admin : PolicyTier.Baseline, priority,
            new AdminSubject(namespaceSelector, profile.PodSelector) { WrittenAsPods = true }, ingress.ToEquatableArray(), egress.ToEquatableArray())
        {
            Labels = Labels.Of(ManagedByLabel, "palisade"),
            Location = profile.Location,
        };
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
