using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL201: a podSelector-only peer that matches no pod in the policy's namespace but matches pods elsewhere.</summary>
public sealed class PodSelectorPeerInOtherNamespace() : LintRule(DiagnosticCatalog.PodSelectorPeerInOtherNamespace, "pod-selector-peer-other-namespace", needsPods: true)
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
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
            yield return Finding(
                Wording.At(policy, rule, peer),
                policy,
                Wording.Peer(peer), Wording.Rule(policy, rule), policy.Ref.Namespace, Wording.Pods(elsewhere), Wording.List(namespaces), Wording.NameSelector(namespaces));
        }
    }
}
