using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL201: a podSelector-only peer that matches no pod in the policy's namespace but matches pods elsewhere.</summary>
public sealed class PodSelectorPeerInOtherNamespace() : LintRule(DiagnosticCatalog.PodSelectorPeerInOtherNamespace, "pod-selector-peer-other-namespace")
{
    /// <inheritdoc />
    public override IEnumerable<LintFinding> Check(LintContext context)
    {
        if (!context.HasPods)
        {
            yield break;
        }

        foreach (var (policy, rule, peer) in context.RulePeers<PodPeer>())
        {
            if (peer.Namespaces is not PolicyNamespace || peer.PodSelector.IsEverything
                || context.PodsMatching(policy.Ref.Namespace, peer.PodSelector).Count > 0)
            {
                continue;
            }

            var elsewhere = context.PodsMatchingAnywhere(peer.PodSelector)
                .Where(p => p.Namespace != policy.Ref.Namespace && !p.HostNetwork)
                .ToList();
            if (elsewhere.Count == 0)
            {
                continue;
            }

            var namespaces = elsewhere.Select(p => p.Namespace).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var fix = namespaces.Count == 1
                ? Wording.NameSelector(namespaces[0])
                : $"namespaceSelector: {{matchExpressions: [{{key: {Namespace.NameLabel}, operator: In, values: [{string.Join(", ", namespaces)}]}}]}}";
            yield return Finding(
                Wording.At(policy, rule, peer),
                policy,
                $"{Wording.Peer(peer)} in {Wording.Rule(policy, rule)} matches no pod in namespace {policy.Ref.Namespace}, " +
                $"but matches {Wording.Pods(elsewhere)} in namespace {Wording.List(namespaces)}; did you mean to add a namespaceSelector?",
                $"a podSelector without namespaceSelector only looks in the policy's namespace; add `{fix}` to the same peer (same list item, no extra dash)");
        }
    }
}
