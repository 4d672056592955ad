using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL212: a rule that another rule provably covers (shadowed or duplicate).</summary>
public sealed class RedundantRule() : LintRule(DiagnosticCatalog.RedundantRule, "redundant-rule")
{
    /// <inheritdoc />
    public override IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var (policy, rule, coveringPolicy, coveringRule) in Find(context.Snapshot))
        {
            var same = ReferenceEquals(coveringPolicy, policy);
            var other = same ? $"{(rule.Direction == Direction.Ingress ? "ingress" : "egress")} rule {coveringRule.Index + 1} of the same policy"
                : Wording.Rule(coveringPolicy, coveringRule) + (coveringPolicy.PodSelector.Equals(policy.PodSelector) ? string.Empty : $" (podSelector {coveringPolicy.PodSelector} selects all pods this policy selects)");
            yield return Finding(
                Wording.At(policy, rule),
                policy,
                $"{Wording.Rule(policy, rule)} is redundant: {other} already allows every peer and port it allows",
                "remove it, or change it if it was meant to allow something else",
                new RelatedLocation(Wording.At(coveringPolicy, coveringRule), $"covering rule: {Wording.Rule(coveringPolicy, coveringRule)}"));
        }
    }

    /// <summary>Every redundant rule with the rule that covers it (policies that PAL213 reports as duplicates are skipped).</summary>
    internal static IEnumerable<(NetworkPolicy Policy, PolicyRule Rule, NetworkPolicy CoveringPolicy, PolicyRule CoveringRule)> Find(ClusterSnapshot cluster)
    {
        var duplicates = DuplicatePolicy.Duplicates(cluster).Select(d => d.Duplicate).ToHashSet();

        // A covering rule comes from a policy of the same namespace: look only there (input order kept).
        var byNamespace = cluster.Policies.GroupBy(p => p.Ref.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var policy in cluster.Policies)
        {
            if (duplicates.Contains(policy))
            {
                continue;
            }

            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                if (!policy.Isolates(direction))
                {
                    continue;
                }

                foreach (var rule in policy.Rules(direction))
                {
                    if (Cover(byNamespace[policy.Ref.Namespace], policy, rule, duplicates) is var (coveringPolicy, coveringRule))
                    {
                        yield return (policy, rule, coveringPolicy, coveringRule);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The first rule that covers the given one. When two rules cover each other (exact duplicates), only the
    /// later one (by policy reference, then index) is reported as redundant, so one of them stays clean.
    /// </summary>
    private static (NetworkPolicy Policy, PolicyRule Rule)? Cover(List<NetworkPolicy> sameNamespace, NetworkPolicy policy, PolicyRule rule, HashSet<NetworkPolicy> duplicates)
    {
        foreach (var other in sameNamespace)
        {
            if (!other.Isolates(rule.Direction) || duplicates.Contains(other)
                || !Coverage.Selector(other.PodSelector, policy.PodSelector))
            {
                continue;
            }

            foreach (var candidate in other.Rules(rule.Direction))
            {
                if ((ReferenceEquals(other, policy) && candidate.Index == rule.Index) || !Coverage.Rule(candidate, rule))
                {
                    continue;
                }

                var mutual = Coverage.Selector(policy.PodSelector, other.PodSelector) && Coverage.Rule(rule, candidate);
                var candidateFirst = ReferenceEquals(other, policy) ? candidate.Index < rule.Index : other.Ref.CompareTo(policy.Ref) < 0;
                if (!mutual || candidateFirst)
                {
                    return (other, candidate);
                }
            }
        }

        return null;
    }
}
