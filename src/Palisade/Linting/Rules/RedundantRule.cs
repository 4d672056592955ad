using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL212: a rule that another rule provably covers (shadowed or duplicate).</summary>
public sealed class RedundantRule() : LintRule(DiagnosticCatalog.RedundantRule, "redundant-rule")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, rule, coveringPolicy, coveringRule) in Find(context.Snapshot, context.Counters))
        {
            var same = ReferenceEquals(coveringPolicy, policy);
            var other = same ? $"{(rule.Direction == Direction.Ingress ? "ingress" : "egress")} rule {coveringRule.Index + 1} of the same policy"
                : Wording.Rule(coveringPolicy, coveringRule) + (coveringPolicy.PodSelector.Equals(policy.PodSelector) ? string.Empty : $" (podSelector {coveringPolicy.PodSelector} selects all pods this policy selects)");
            yield return Finding(Wording.At(policy, rule), policy, Wording.Rule(policy, rule), other)
                .WithRelated(Wording.At(coveringPolicy, coveringRule), $"covering rule: {Wording.Rule(coveringPolicy, coveringRule)}");
        }
    }

    /// <summary>Every redundant rule with the rule that covers it (policies that PAL213 reports as duplicates are skipped).</summary>
    internal static IEnumerable<(NetworkPolicy Policy, PolicyRule Rule, NetworkPolicy CoveringPolicy, PolicyRule CoveringRule)> Find(ClusterSnapshot cluster, LintCounters? counters = null)
    {
        counters ??= new LintCounters();
        var duplicates = DuplicatePolicy.Duplicates(cluster, counters).Select(d => d.Duplicate).ToHashSet();

        // A covering rule comes from a policy of the same namespace whose podSelector's requirements are a subset of
        // this policy's (Coverage.Selector): policies are filed by namespace and requirement set, and each policy looks
        // up the subsets of its own requirements instead of comparing itself with every policy of its namespace.
        var index = new Dictionary<(string Namespace, string Requirements), List<(int Position, NetworkPolicy Policy)>>();
        var byNamespace = new Dictionary<string, List<NetworkPolicy>>(StringComparer.Ordinal);
        for (var i = 0; i < cluster.Policies.Count; i++)
        {
            var policy = cluster.Policies[i];
            if (duplicates.Contains(policy))
            {
                continue;
            }

            var key = (policy.Ref.Namespace, RequirementSetKey(policy.PodSelector.Requirements.Distinct()));
            if (!index.TryGetValue(key, out var bucket))
            {
                bucket = [];
                index[key] = bucket;
            }

            bucket.Add((i, policy));
            if (!byNamespace.TryGetValue(policy.Ref.Namespace, out var inNamespace))
            {
                inNamespace = [];
                byNamespace[policy.Ref.Namespace] = inNamespace;
            }

            inNamespace.Add(policy);
        }

        foreach (var policy in cluster.Policies)
        {
            if (duplicates.Contains(policy))
            {
                continue;
            }

            List<NetworkPolicy>? candidates = null;
            foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
            {
                if (!policy.Isolates(direction))
                {
                    continue;
                }

                foreach (var rule in policy.Rules(direction))
                {
                    candidates ??= CoveringSelectors(index, byNamespace, policy);
                    if (Cover(candidates, policy, rule, counters) is var (coveringPolicy, coveringRule))
                    {
                        yield return (policy, rule, coveringPolicy, coveringRule);
                    }
                }
            }
        }
    }

    /// <summary>Requirement sets up to this size are looked up subset by subset (2^n lookups); larger ones scan their namespace.</summary>
    private const int MaxSubsetLookup = 10;

    /// <summary>
    /// The policies of the namespace (duplicates left out) whose podSelector provably selects every pod this policy's
    /// does, in input order.
    /// </summary>
    private static List<NetworkPolicy> CoveringSelectors(
        Dictionary<(string Namespace, string Requirements), List<(int Position, NetworkPolicy Policy)>> index,
        Dictionary<string, List<NetworkPolicy>> byNamespace,
        NetworkPolicy policy)
    {
        var requirements = policy.PodSelector.Requirements.Distinct().ToList();
        if (requirements.Count > MaxSubsetLookup)
        {
            return [.. byNamespace[policy.Ref.Namespace].Where(other => Coverage.Selector(other.PodSelector, policy.PodSelector))];
        }

        var found = new List<(int Position, NetworkPolicy Policy)>();
        for (var mask = 0; mask < 1 << requirements.Count; mask++)
        {
            var subset = requirements.Where((_, i) => (mask & (1 << i)) != 0);
            if (index.TryGetValue((policy.Ref.Namespace, RequirementSetKey(subset)), out var bucket))
            {
                found.AddRange(bucket);
            }
        }

        return [.. found.OrderBy(f => f.Position).Select(f => f.Policy)];
    }

    /// <summary>
    /// A key equal for equal sets of requirements (order and repeats ignored). Two different sets might share a key only
    /// through control characters in label keys; candidates are confirmed with <see cref="Coverage.Selector"/>, so a
    /// shared key costs a comparison, never a wrong answer.
    /// </summary>
    private static string RequirementSetKey(IEnumerable<SelectorRequirement> requirements) =>
        string.Join('\u0000', requirements.Select(r => $"{r.Key}\u0001{(int)r.Operator}\u0001{string.Join('\u0002', r.Values)}").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>
    /// The first rule that covers the given one. When two rules cover each other (exact duplicates), only the
    /// later one (by policy reference, then index) is reported as redundant, so one of them stays clean.
    /// </summary>
    private static (NetworkPolicy Policy, PolicyRule Rule)? Cover(List<NetworkPolicy> candidates, NetworkPolicy policy, PolicyRule rule, LintCounters counters)
    {
        long tests = 0;
        try
        {
            foreach (var other in candidates)
            {
                if (!other.Isolates(rule.Direction) || !Coverage.Selector(other.PodSelector, policy.PodSelector))
                {
                    continue;
                }

                foreach (var candidate in other.Rules(rule.Direction))
                {
                    if (ReferenceEquals(other, policy) && candidate.Index == rule.Index)
                    {
                        continue;
                    }

                    tests++;
                    if (!Coverage.Rule(candidate, rule))
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
        finally
        {
            counters.AddCoverageTests(tests);
        }
    }
}
