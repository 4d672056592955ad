using Palisade.Diagnostics;

namespace Palisade.Linting.Rules;

/// <summary>PAL203: a policy whose podSelector matches no pod of its namespace.</summary>
public sealed class PolicySelectsNoPods() : LintRule(DiagnosticCatalog.PolicySelectsNoPods, "policy-selects-no-pods", needsPods: true)
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var policy in context.Snapshot.Policies)
        {
            var inNamespace = context.PodsIn(policy.Ref.Namespace);
            if (context.PodsMatching(policy.Ref.Namespace, policy.PodSelector).Count > 0)
            {
                continue;
            }

            var elsewhere = context.PodsMatchingAnywhere(policy.PodSelector).Where(p => p.Namespace != policy.Ref.Namespace).ToList();
            var why = inNamespace.Count == 0
                ? $"namespace {policy.Ref.Namespace} has no pods in the input"
                : $"podSelector {policy.PodSelector} matches none of the {inNamespace.Count} pods in namespace {policy.Ref.Namespace}";
            var help = elsewhere.Count > 0
                ? $"pods with these labels run in another namespace ({Wording.Pods(elsewhere)}); a policy only selects pods of its own namespace, so create it there"
                : "check metadata.namespace and the podSelector's labels against the pod template labels";
            yield return Finding(policy.Location, policy, policy.Ref, why, help);
        }
    }
}
