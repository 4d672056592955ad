using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>
/// PAL219: two cluster-wide policies of one tier and one priority whose subjects and traffic may overlap. The API leaves
/// their order undefined, so an implementation may apply either.
/// </summary>
public sealed class SamePriorityOverlap() : LintRule(DiagnosticCatalog.SamePriorityOverlap, "same-priority-overlap")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        var groups = context.Snapshot.AdminPolicies
            .GroupBy(p => (p.Tier, p.Priority))
            .Where(g => g.Count() > 1)
            .OrderBy(g => g.Key.Tier).ThenBy(g => g.Key.Priority);
        foreach (var group in groups)
        {
            var policies = group.OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Kind).ToList();

            // Subject pods once per policy (pods x policies), so the pairwise test below is over policies, not pods.
            Dictionary<AdminPolicy, HashSet<Pod>>? subjects = null;
            if (context.HasPods)
            {
                subjects = new(ReferenceEqualityComparer.Instance);
                foreach (var p in policies)
                {
                    subjects[p] = new HashSet<Pod>(context.Snapshot.Pods.Where(pod => context.Engine.SelectsAsSubject(p, pod)), ReferenceEqualityComparer.Instance);
                }
            }

            for (var i = 0; i < policies.Count; i++)
            {
                for (var j = i + 1; j < policies.Count; j++)
                {
                    var (a, b) = (policies[i], policies[j]);
                    var shared = SharedSubjects(a, b, subjects);
                    if (shared is null)
                    {
                        continue;
                    }

                    if (OverlappingRules(a, b) is not var (ra, rb))
                    {
                        continue;
                    }

                    var actions = ra.Action == rb.Action
                        ? $"both {ra.Action}, so the verdict does not depend on the order today"
                        : $"{ra.Action} and {rb.Action}: Palisade reports such connections as undetermined";
                    yield return Finding(Wording.At(b, rb), null, a.Display, b.Display, a.Priority, a.Tier, shared, Wording.Rule(a, ra), Wording.Rule(b, rb), actions)
                        .WithRelated(Wording.At(a, ra), $"overlapping rule: {Wording.Rule(a, ra)}");
                }
            }
        }
    }

    /// <summary>A phrase naming the common subjects, or null when the subjects cannot overlap.</summary>
    private static string? SharedSubjects(AdminPolicy a, AdminPolicy b, Dictionary<AdminPolicy, HashSet<Pod>>? subjects)
    {
        if (!AdminCoverage.SelectorsMayOverlap(a.Subject.NamespaceSelector, b.Subject.NamespaceSelector)
            || !AdminCoverage.SelectorsMayOverlap(a.Subject.PodSelector, b.Subject.PodSelector))
        {
            return null;
        }

        if (subjects is null)
        {
            return "their subject selectors can select the same pods";
        }

        var common = subjects[a].Where(subjects[b].Contains).ToList();
        return common.Count == 0 ? null : $"both select {Wording.Pods(common)}";
    }

    /// <summary>The first pair of rules, one of each policy in one direction, that may match a common peer and port.</summary>
    private static (AdminRule A, AdminRule B)? OverlappingRules(AdminPolicy a, AdminPolicy b)
    {
        foreach (var direction in new[] { Direction.Ingress, Direction.Egress })
        {
            foreach (var ra in a.Rules(direction))
            {
                foreach (var rb in b.Rules(direction))
                {
                    if (AdminCoverage.RulesMayOverlap(ra, rb))
                    {
                        return (ra, rb);
                    }
                }
            }
        }

        return null;
    }
}
