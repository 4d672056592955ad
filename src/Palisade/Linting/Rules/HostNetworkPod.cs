using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL215: hostNetwork pods selected by a policy or matched by a peer.</summary>
public sealed class HostNetworkPod() : LintRule(DiagnosticCatalog.HostNetworkPod, "host-network-pod")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var policy in context.Snapshot.Policies)
        {
            var selected = context.PodsMatching(policy.Ref.Namespace, policy.PodSelector).Where(p => p.HostNetwork).ToList();
            if (selected.Count > 0)
            {
                yield return Finding(
                    policy.Location,
                    policy,
                    $"policy {policy.Ref} selects",
                    Wording.Pods(selected),
                    "whether a policy isolates them is undefined across network plugins (most ignore them)",
                    "protect host-network pods with node firewall rules; narrow the podSelector so that it matches only pod-network pods");
            }

            foreach (var rule in policy.Ingress.Concat(policy.Egress))
            {
                if (rule.Peers is not Peers peers)
                {
                    continue;
                }

                foreach (var peer in peers.Items.OfType<PodPeer>())
                {
                    var matched = context.PeerPods(policy, peer, hostNetwork: true);
                    if (matched.Count == 0)
                    {
                        continue;
                    }

                    yield return Finding(
                        Wording.At(policy, rule, peer),
                        policy,
                        $"{Wording.Peer(peer)} in {Wording.Rule(policy, rule)} matches",
                        Wording.Pods(matched),
                        "their traffic carries the node's address and whether a pod selector matches it is undefined across network plugins",
                        "allow traffic from or to host-network pods with an ipBlock of the node addresses");
                }
            }
        }
    }
}
