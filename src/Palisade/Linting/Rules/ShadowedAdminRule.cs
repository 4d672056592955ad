using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>
/// PAL218: a rule of a cluster-wide policy that never decides, because a rule evaluated before it in the same tier (an
/// earlier rule of the same policy, or a rule of a policy with a lower priority value whose subject covers this one's)
/// matches every peer and port it matches. First match wins whatever the earlier rule's action.
/// </summary>
public sealed class ShadowedAdminRule() : LintRule(DiagnosticCatalog.ShadowedAdminRule, "shadowed-admin-rule")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, rule, coveringPolicy, coveringRule) in Find(context.Snapshot))
        {
            var how = ReferenceEquals(coveringPolicy, policy)
                ? $"{Wording.Of(rule.Direction)} rule {coveringRule.Index + 1} of the same policy comes first"
                : $"{Wording.Rule(coveringPolicy, coveringRule)} (priority {coveringPolicy.Priority}, evaluated before priority {policy.Priority}) selects at least the same pods";
            yield return Finding(Wording.At(policy, rule), null, Wording.Rule(policy, rule), how, coveringRule.Action, rule.Action)
                .WithRelated(Wording.At(coveringPolicy, coveringRule), $"shadowing rule: {Wording.Rule(coveringPolicy, coveringRule)}");
        }
    }

    /// <summary>Every shadowed rule of a cluster-wide policy with the rule that shadows it.</summary>
    internal static IEnumerable<(AdminPolicy Policy, AdminRule Rule, AdminPolicy CoveringPolicy, AdminRule CoveringRule)> Find(ClusterSnapshot cluster)
    {
        foreach (var tier in new[] { PolicyTier.Admin, PolicyTier.Baseline })
        {
            // Evaluation order; policies of one priority are not ordered by the API (PAL219), so they never shadow each other.
            var policies = cluster.AdminPolicies.Where(p => p.Tier == tier)
                .OrderBy(p => p.Priority).ThenBy(p => p.Name, StringComparer.Ordinal).ToList();
            foreach (var policy in policies)
            {
                var earlier = policies.Where(p => p.Priority < policy.Priority && AdminCoverage.Subject(p.Subject, policy.Subject)).ToList();
                foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
                {
                    foreach (var rule in policy.Rules(direction))
                    {
                        if (Cover(policy, rule, earlier) is var (coveringPolicy, coveringRule))
                        {
                            yield return (policy, rule, coveringPolicy, coveringRule);
                        }
                    }
                }
            }
        }
    }

    private static (AdminPolicy Policy, AdminRule Rule)? Cover(AdminPolicy policy, AdminRule rule, List<AdminPolicy> earlier)
    {
        foreach (var candidate in policy.Rules(rule.Direction))
        {
            if (candidate.Index >= rule.Index)
            {
                break;
            }

            if (AdminCoverage.Rule(candidate, rule))
            {
                return (policy, candidate);
            }
        }

        foreach (var other in earlier)
        {
            foreach (var candidate in other.Rules(rule.Direction))
            {
                if (AdminCoverage.Rule(candidate, rule))
                {
                    return (other, candidate);
                }
            }
        }

        return null;
    }
}
