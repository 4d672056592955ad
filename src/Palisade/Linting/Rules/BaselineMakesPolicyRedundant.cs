using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>
/// PAL222: a deny-all egress NetworkPolicy whose pods the baseline tier already denies all egress: without it the
/// baseline's first rule for those pods would deny every destination and port anyway, so it changes no verdict.
/// </summary>
public sealed class BaselineMakesPolicyRedundant() : LintRule(DiagnosticCatalog.BaselineMakesPolicyRedundant, "baseline-makes-policy-redundant", needsPods: true)
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        var baseline = context.Snapshot.AdminPolicies.Where(p => p.Tier == PolicyTier.Baseline && p.Egress.Count > 0).ToList();
        if (baseline.Count == 0)
        {
            yield break;
        }

        foreach (var policy in context.Snapshot.Policies)
        {
            if (!policy.Isolates(Direction.Egress) || !policy.Egress.IsEmpty)
            {
                continue;
            }

            // Pods another NetworkPolicy also isolates stay isolated without this one; the baseline matters for the rest.
            var alone = context.SelectedPods(policy).Where(p => context.Engine.SelectingPolicies(p, Direction.Egress).Count == 1).ToList();
            if (alone.Count == 0)
            {
                continue;
            }

            var denying = alone.Select(p => FirstRuleDeniesAll(context, baseline, p)).ToList();
            if (denying.Any(d => d is null))
            {
                continue;
            }

            var rules = denying.Select(d => d!).Distinct().ToList();
            var first = rules[0];
            yield return Finding(policy.Location, policy, policy.Ref, Wording.Pods(alone), Wording.Rule(first.Policy, first.Rule))
                .WithRelated(rules.Select(m => new RelatedLocation(Wording.At(m.Policy, m.Rule), $"baseline rule: {Wording.Rule(m.Policy, m.Rule)}")));
        }
    }

    /// <summary>
    /// The baseline rule evaluated first for the pod's egress when it is a Deny of everything, else null. Every policy at
    /// the first priority must agree, as their order is undefined.
    /// </summary>
    private static Engine.AdminRuleMatch? FirstRuleDeniesAll(LintContext context, List<AdminPolicy> baseline, Pod pod)
    {
        var selecting = baseline.Where(b => context.Engine.SelectsAsSubject(b, pod)).ToList();
        if (selecting.Count == 0)
        {
            return null;
        }

        var top = selecting.Min(b => b.Priority);
        var firsts = selecting.Where(b => b.Priority == top).OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => (Policy: b, Rule: b.Egress[0])).ToList();
        return firsts.All(f => f.Rule.Action == AdminAction.Deny && AdminCoverage.MatchesEverything(f.Rule))
            ? new Engine.AdminRuleMatch(firsts[0].Policy, firsts[0].Rule)
            : null;
    }
}
