using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL202: a peer's podSelector or namespaceSelector that matches nothing in the input.</summary>
public sealed class SelectorMatchesNothing() : LintRule(DiagnosticCatalog.SelectorMatchesNothing, "selector-matches-nothing")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, rule, peer) in context.RulePeers<PodPeer>())
        {
            if (peer.Namespaces is SelectedNamespaces sn && !sn.Selector.IsEverything)
            {
                if (!context.HasDeclaredNamespaces || context.PeerNamespaces(policy, peer).Count > 0
                    || NamespaceLacksLabel.LabelledNamespaceMissing(context, sn.Selector) is not null)
                {
                    // No Namespace objects in the input (it may just be partial), something matches, or PAL207 says it better.
                    continue;
                }

                var declared = Wording.List(context.Snapshot.Namespaces.Select(n => n.Name));
                var byName = $"to select a namespace by name use `{Namespace.NameLabel}`";
                yield return Finding(Wording.At(policy, rule, peer), policy, "namespaceSelector", sn.Selector, Wording.Rule(policy, rule), $"namespace of the input ({declared})", $"key and value against `kubectl get namespaces --show-labels`; {byName}");
                continue;
            }

            if (!context.HasPods || !peer.HasPodSelector || peer.PodSelector.IsEverything)
            {
                continue;
            }

            // Only a closed set of namespaces whose pods are all in the input can prove "no pod": the policy's
            // own namespace, or namespaces named by kubernetes.io/metadata.name, each with pods loaded.
            var closed = peer.Namespaces is PolicyNamespace
                || (peer.Namespaces is SelectedNamespaces { Selector: var names } && !names.IsEverything && names.Keys.All(k => k == Namespace.NameLabel));
            var namespaces = context.PeerNamespaces(policy, peer);
            if (!closed || namespaces.Count == 0 || namespaces.Any(n => context.PodsIn(n.Name).Count == 0)
                || namespaces.Any(n => context.PodsMatching(n.Name, peer.PodSelector).Count > 0))
            {
                continue;
            }

            if (peer.Namespaces is PolicyNamespace && context.PodsMatchingAnywhere(peer.PodSelector).Any(p => !p.HostNetwork))
            {
                // PAL201 reports it with the pods it probably meant.
                continue;
            }

            var what = $"pod in namespace {Wording.List(namespaces.Select(n => n.Name))}";
            yield return Finding(Wording.At(policy, rule, peer), policy, "podSelector", peer.PodSelector, Wording.Rule(policy, rule), what, "keys and values against the pod template labels (`kubectl get pods --show-labels`)");
        }
    }
}
