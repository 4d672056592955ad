using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL208: a rule that opens a direction to everyone (exposure information).</summary>
public sealed class OpenRule() : LintRule(DiagnosticCatalog.OpenRule, "open-rule")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var policy in context.Snapshot.Policies)
        {
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                if (!policy.Isolates(direction))
                {
                    continue;
                }

                foreach (var rule in policy.Rules(direction))
                {
                    var (what, at) = Openness(policy, rule);
                    if (what is null)
                    {
                        continue;
                    }

                    var selected = context.SelectedPods(policy);
                    var pods = selected.Count > 0 ? $"pods {Wording.Pods(selected)}"
                        : policy.PodSelector.IsEverything ? $"every pod of namespace {policy.Ref.Namespace}"
                        : $"pods matching {policy.PodSelector} in namespace {policy.Ref.Namespace}";
                    var ports = Wording.Ports(rule.Ports);
                    var opens = direction == Direction.Ingress ? $"admits {what}: it exposes {pods}" : $"lets {pods} reach {what}";
                    yield return Finding(at, policy, Wording.Rule(policy, rule), opens, ports);
                }
            }
        }
    }

    private static (string? What, SourceLocation At) Openness(NetworkPolicy policy, PolicyRule rule)
    {
        var everyone = rule.Direction == Direction.Ingress ? "every source" : "every destination";
        if (rule.Peers is not Peers peers)
        {
            return ($"{everyone} (the rule names no peers: every pod of every namespace and every address)", Wording.At(policy, rule));
        }

        foreach (var peer in peers.Items)
        {
            switch (peer)
            {
                case PodPeer { Namespaces: SelectedNamespaces { Selector.IsEverything: true } } p when p.PodSelector.IsEverything:
                    return ("every pod of every namespace (namespaceSelector: {})", Wording.At(policy, rule, peer));
                case PodPeer { Namespaces: SelectedNamespaces { Selector.IsEverything: true } } p when rule.Direction == Direction.Ingress:
                    // Anyone who can start a pod with these labels in any namespace gets in. Egress to labelled pods
                    // in every namespace (the usual kube-dns rule) exposes nothing of the selected pods.
                    return ($"pods matching {p.PodSelector} in every namespace (namespaceSelector: {{}})", Wording.At(policy, rule, peer));
                case IpBlockPeer { Cidr.PrefixLength: 0 } b:
                    return ($"every {(b.Cidr.IsV6 ? "IPv6" : "IPv4")} address ({Wording.Peer(b)})", Wording.At(policy, rule, peer));
            }
        }

        return (null, default);
    }
}
