using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL211: ingress or egress rules in a policy whose policyTypes omit that direction.</summary>
public sealed class RulesIgnoredByPolicyTypes() : LintRule(DiagnosticCatalog.RulesIgnoredByPolicyTypes, "rules-ignored-by-policy-types")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var policy in context.Snapshot.Policies.Where(p => p.PolicyTypesDeclared))
        {
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                var rules = policy.Rules(direction);
                if (policy.Isolates(direction) || rules.IsEmpty)
                {
                    continue;
                }

                var name = direction == Direction.Ingress ? "Ingress" : "Egress";
                var written = string.Join(", ", new[] { PolicyTypes.Ingress, PolicyTypes.Egress }.Where(t => (policy.PolicyTypes & t) != 0));
                yield return Finding(Wording.At(policy, rules[0]), policy, policy.Ref, rules.Count, name.ToLowerInvariant(), written, name);
            }
        }
    }
}
