using Palisade.Engine;
using Palisade.Model;

namespace Palisade.Reports;

/// <summary>Words a <see cref="ConnectionVerdict"/> for people. All wording of reasons lives here.</summary>
public static class VerdictText
{
    /// <summary>A one-line summary of one side.</summary>
    public static string Summary(SideVerdict side, Endpoint subject) => side switch
    {
        NotIsolated { Tiers.BaselinePass: { } pass } => $"allowed: no NetworkPolicy selects {subject} for {Lower(side.Direction)}, and {AdminRuleName(pass)} passes it to the default (allow)",
        NotIsolated { Tiers.Present: true } => $"allowed: no admin rule decides, no NetworkPolicy selects {subject} for {Lower(side.Direction)}, and no baseline rule matches",
        NotIsolated => $"allowed: no NetworkPolicy selects {subject} for {Lower(side.Direction)}, so it is not isolated",
        DecidedByTier d => $"{(d.Allowed ? "allowed" : "denied")} by {AdminRuleName(d.Match)} ({Lower(d.Tier)} tier{(d.Tier == PolicyTier.Baseline ? ", as no NetworkPolicy selects " + subject + " for " + Lower(side.Direction) : string.Empty)})",
        UndeterminedByTier { Reason: UndeterminedReason.SamePriorityConflict } u =>
            $"undetermined: {string.Join(" and ", u.Rules.Select(AdminRuleName))} have the same priority ({u.Rules[0].Policy.Priority}) and match with different actions; the API leaves the choice to the implementation",
        UndeterminedByTier { Reason: UndeterminedReason.UnknownPodAddress } u =>
            $"undetermined: {string.Join(", ", u.Rules.Select(AdminRuleName))} may match the peer pod through networks, and the input does not give its IP",
        UndeterminedByTier u => $"undetermined: {string.Join(", ", u.Rules.Select(AdminRuleName))} may match through domainNames, which the input cannot resolve",
        UndeterminedByAddress u =>
            $"undetermined: {subject} is isolated for {Lower(side.Direction)} by {string.Join(", ", u.SelectingPolicies.Select(p => p.Ref.ToString()))}; " +
            $"{string.Join(", ", u.Candidates.Select(m => RuleName(m.Policy, m.Rule)))} may match the peer pod by ipBlock, and the input does not give its IP",
        NotEnforced { Reason: NotEnforcedReason.External } => $"allowed: {subject} is outside the cluster; NetworkPolicy does not govern its {Lower(side.Direction)}",
        NotEnforced { Reason: NotEnforcedReason.SamePod } => "allowed: a pod cannot block access to itself",
        AllowedByRules a => $"allowed by {string.Join(", ", a.Matches.Select(m => RuleName(m.Policy, m.Rule)))}",
        DeniedByIsolation d => $"denied: {subject} is isolated for {Lower(side.Direction)} by {string.Join(", ", d.SelectingPolicies.Select(p => p.Ref.ToString()))} and no rule allows this connection",
        _ => side.ToString(),
    };

    /// <summary>Detail lines (rule locations, near misses) for one side, without indentation.</summary>
    public static IEnumerable<string> Details(SideVerdict side, Endpoint peer)
    {
        foreach (var line in TierChain(side))
        {
            yield return line;
        }

        switch (side)
        {
            case DecidedByTier { Ambiguous: true } d:
                yield return $"note: {string.Join(" and ", d.SamePriority.Select(AdminRuleName))} all match at priority {d.Match.Policy.Priority}: " +
                    "the API does not define which applies; they agree here, but give the policies distinct priorities";
                break;

            case UndeterminedByAddress u:
                foreach (var m in u.Candidates)
                {
                    yield return $"{RuleName(m.Policy, m.Rule)} ({Where(m.Rule.Location)}) may match: peer {PeerText(m.Peer!)} if it holds the peer pod's IP; " +
                        "give the pod's status.podIP (or an ipBlock covering all of IPv4 or IPv6) to decide";
                }

                break;

            case AllowedByRules a:
                foreach (var m in a.Matches)
                {
                    var what = new List<string>();
                    what.Add(m.Peer is null ? "any peer" : $"peer {PeerText(m.Peer)}");
                    what.Add(m.Port is null ? "any port" : $"port {m.Port}");
                    yield return $"{RuleName(m.Policy, m.Rule)} ({Where(m.Rule.Location)}) matches: {string.Join(", ", what)}";
                }

                break;

            case DeniedByIsolation d:
                if (d.Misses.Count == 0)
                {
                    yield return $"the selecting policies have no {Lower(d.Direction)} rules: they deny all {Lower(d.Direction)}";
                }

                foreach (var m in d.Misses)
                {
                    var why = (m.PortMatched, m.PeerMatched) switch
                    {
                        (false, false) => "neither its peers nor its ports match",
                        (false, true) => "its peers match but not its ports",
                        (true, false) => $"its ports match but no peer matches {peer}",
                        _ => "it does not match",
                    };
                    yield return $"{RuleName(m.Policy, m.Rule)} ({Where(m.Rule.Location)}): {why}";
                    foreach (var b in m.UnknownAddressPeers)
                    {
                        yield return $"  note: {peer} has no known IP in the input (no status.podIP), so {PeerText(b)} cannot match it here; in a cluster it matches when the pod's IP falls inside it";
                    }

                    foreach (var p in m.SameNamespaceOnlyPeers)
                    {
                        yield return $"  note: peer {PeerText(p)} has a podSelector and no namespaceSelector, so it only matches pods in namespace '{m.Policy.Ref.Namespace}'; {peer} is in another namespace (add a namespaceSelector to the same peer)";
                    }
                }

                break;
        }
    }

    /// <summary>The tier chain before the verdict: what the admin tier did, then the NetworkPolicy part, then the baseline.</summary>
    private static IEnumerable<string> TierChain(SideVerdict side)
    {
        if (!side.Tiers.Present)
        {
            yield break;
        }

        var admin = side switch
        {
            DecidedByTier { Tier: PolicyTier.Admin } d => $"{(d.Allowed ? "allows" : "denies")} by {AdminRuleName(d.Match)}; NetworkPolicy and the baseline are not consulted",
            UndeterminedByTier { Tier: PolicyTier.Admin } => "undetermined (below)",
            _ when side.Tiers.AdminPass is { } pass => $"passed by {AdminRuleName(pass)}",
            _ => "no rule matches",
        };
        yield return $"admin tier: {admin}";
        if (side is DecidedByTier { Tier: PolicyTier.Admin } or UndeterminedByTier { Tier: PolicyTier.Admin })
        {
            yield break;
        }

        var selected = side is AllowedByRules or DeniedByIsolation;
        yield return selected
            ? "NetworkPolicy tier: a NetworkPolicy selects the pod, so it decides (below); the baseline is not consulted"
            : "NetworkPolicy tier: no NetworkPolicy selects the pod";
        if (!selected)
        {
            var baseline = side switch
            {
                DecidedByTier d => $"{(d.Allowed ? "allows" : "denies")} by {AdminRuleName(d.Match)}",
                UndeterminedByTier => "undetermined (below)",
                _ when side.Tiers.BaselinePass is { } pass => $"passed by {AdminRuleName(pass)} to the default (allow)",
                _ => "no rule matches: the default allows",
            };
            yield return $"baseline tier: {baseline}";
        }
    }

    /// <summary>"AdminNetworkPolicy deny-all (priority 10) egress rule 2 "name"" (rules numbered from 1 for people).</summary>
    public static string AdminRuleName(AdminRuleMatch match) =>
        $"{match.Policy.Display}{(match.Policy.Kind == AdminPolicyKind.BaselineAdminNetworkPolicy ? string.Empty : $" (priority {match.Policy.Priority})")} " +
        $"{Lower(match.Rule.Direction)} rule {match.Rule.Index + 1}" + (match.Rule.Name.Length > 0 ? $" \"{match.Rule.Name}\"" : string.Empty) +
        $" [{match.Rule.Action}]" + (match.Rule.Location.IsKnown ? $" at {match.Rule.Location}" : string.Empty);

    /// <summary>"policy ns/name ingress rule 1" (rules numbered from 1 for people).</summary>
    public static string RuleName(NetworkPolicy policy, PolicyRule rule) =>
        $"{policy.Ref} {Lower(rule.Direction)} rule {rule.Index + 1}" + (rule.Comment is { Length: > 0 } c ? $" \"{c}\"" : string.Empty);

    /// <summary>Describes a peer entry the way it was written.</summary>
    public static string PeerText(Peer peer) => peer switch
    {
        PodPeer { Namespaces: PolicyNamespace } p => $"podSelector {Braced(p.PodSelector)} (own namespace)",
        PodPeer { Namespaces: SelectedNamespaces n, HasPodSelector: false } => $"namespaceSelector {Braced(n.Selector)}",
        PodPeer { Namespaces: SelectedNamespaces n } p => $"namespaceSelector {Braced(n.Selector)} AND podSelector {Braced(p.PodSelector)}",
        IpBlockPeer b => b.Except.IsEmpty ? $"ipBlock {b.Cidr}" : $"ipBlock {b.Cidr} except {string.Join(", ", b.Except)}",
        _ => peer.ToString(),
    };

    /// <summary>A selector in braces, as written: <c>{}</c> or <c>{app=web}</c>.</summary>
    public static string Braced(LabelSelector selector) => selector.IsEverything ? "{}" : $"{{{selector}}}";

    private static string Where(SourceLocation l) => l.IsKnown ? l.ToString() : "location unknown";

    private static string Lower(Direction d) => d == Direction.Ingress ? "ingress" : "egress";

    private static string Lower(PolicyTier t) => t == PolicyTier.Admin ? "admin" : "baseline";
}
