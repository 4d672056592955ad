using Palisade.Model;

namespace Palisade.Linting;

/// <summary>Shared phrases of lint messages, so that every rule names things the same way.</summary>
internal static class Wording
{
    /// <summary>"ingress rule 2 of dev/web" (rules are numbered from 1 for people).</summary>
    public static string Rule(NetworkPolicy policy, PolicyRule rule) =>
        $"{(rule.Direction == Direction.Ingress ? "ingress" : "egress")} rule {rule.Index + 1} of {policy.Ref}";

    /// <summary>The rule's location, or the policy's when the rule's is unknown.</summary>
    public static SourceLocation At(NetworkPolicy policy, PolicyRule rule) => rule.Location.IsKnown ? rule.Location : policy.Location;

    /// <summary>The peer's location, else the rule's, else the policy's.</summary>
    public static SourceLocation At(NetworkPolicy policy, PolicyRule rule, Peer peer) => peer.Location.IsKnown ? peer.Location : At(policy, rule);

    /// <summary>The port entry's location, else the rule's, else the policy's.</summary>
    public static SourceLocation At(NetworkPolicy policy, PolicyRule rule, PolicyPort port) => port.Location.IsKnown ? port.Location : At(policy, rule);

    /// <summary>"ingress rule 2 (\"deny-b\") of AdminNetworkPolicy guard" (numbered from 1 for people).</summary>
    public static string Rule(AdminPolicy policy, AdminRule rule) =>
        $"{(rule.Direction == Direction.Ingress ? "ingress" : "egress")} rule {rule.Index + 1}{(rule.Name.Length > 0 ? $" (\"{rule.Name}\")" : string.Empty)} of {policy.Display}";

    /// <summary>The cluster-wide rule's location, or its policy's when the rule's is unknown.</summary>
    public static SourceLocation At(AdminPolicy policy, AdminRule rule) => rule.Location.IsKnown ? rule.Location : policy.Location;

    /// <summary>"ingress" or "egress".</summary>
    public static string Of(Direction direction) => direction == Direction.Ingress ? "ingress" : "egress";

    /// <summary>Up to four names, then "and N more".</summary>
    public static string List(IEnumerable<string> items)
    {
        // The distinct count and the four smallest in one pass: a finding over 25,000 pods (tier L) must not sort them
        // all to print four.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var first = new List<string>(5);
        foreach (var item in items)
        {
            if (!seen.Add(item))
            {
                continue;
            }

            var at = first.BinarySearch(item, StringComparer.Ordinal);
            at = at < 0 ? ~at : at;
            if (at < 4)
            {
                first.Insert(at, item);
                if (first.Count > 4)
                {
                    first.RemoveAt(4);
                }
            }
        }

        return seen.Count <= 4 ? string.Join(", ", first) : $"{string.Join(", ", first)} and {seen.Count - 4} more";
    }

    /// <summary>The pods as "ns/name" (a workload's stand-in pod carries the workload's name).</summary>
    public static string Pods(IEnumerable<Pod> pods) => List(pods.Select(p => p.Ref.ToString()));

    /// <summary>"22/TCP, 53/UDP", or "every port".</summary>
    public static string Ports(PortList ports) => ports switch
    {
        Model.Ports list => string.Join(", ", list.Items.Select(p => p.ToString())),
        _ => "every port and protocol",
    };

    /// <summary>How a peer is written, for messages.</summary>
    public static string Peer(Peer peer) => peer switch
    {
        PodPeer { Namespaces: PolicyNamespace } p => $"podSelector {p.PodSelector}",
        PodPeer { Namespaces: SelectedNamespaces sn } p when !p.HasPodSelector => $"namespaceSelector {sn.Selector}",
        PodPeer { Namespaces: SelectedNamespaces sn } p => $"namespaceSelector {sn.Selector} with podSelector {p.PodSelector}",
        IpBlockPeer b when b.Except.IsEmpty => $"ipBlock {b.Cidr}",
        IpBlockPeer b => $"ipBlock {b.Cidr} except {string.Join(", ", b.Except.Select(e => e.ToString()))}",
        _ => "peer",
    };

    /// <summary>A fix snippet that selects one namespace by its immutable name label.</summary>
    public static string NameSelector(string @namespace) =>
        $"namespaceSelector: {{matchLabels: {{{Namespace.NameLabel}: {@namespace}}}}}";

    /// <summary>A fix snippet that selects these namespaces (ordered) by their immutable name label.</summary>
    public static string NameSelector(IReadOnlyList<string> namespaces) => namespaces.Count == 1
        ? NameSelector(namespaces[0])
        : $"namespaceSelector: {{matchExpressions: [{{key: {Namespace.NameLabel}, operator: In, values: [{string.Join(", ", namespaces)}]}}]}}";
}
