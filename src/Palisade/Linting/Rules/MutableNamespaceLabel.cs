using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL206: a namespace selected by a custom label whose value is its name, where the immutable name label would do.</summary>
public sealed class MutableNamespaceLabel() : LintRule(DiagnosticCatalog.MutableNamespaceLabel, "mutable-namespace-label")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var ((policy, rule, peer), selector) in context.NamespaceSelectors())
        {
            if (selector.Keys.Contains(Namespace.NameLabel))
            {
                continue;
            }

            foreach (var requirement in selector.Requirements)
            {
                var names = NameLikeValues(context, requirement);
                if (names is null)
                {
                    continue;
                }

                yield return Finding(
                    selector.Location.IsKnown ? selector.Location : Wording.At(policy, rule, peer),
                    policy,
                    selector, Wording.Rule(policy, rule), string.Join(", ", names), requirement.Key, Wording.NameSelector(names));
                break;
            }
        }
    }

    /// <summary>
    /// The values of an In requirement on a custom key when each is the name of a namespace of the input that
    /// carries that label with its own name (or whose labels are unknown); else null. A namespace that
    /// lacks the label is PAL207's finding.
    /// </summary>
    private static List<string>? NameLikeValues(LintContext context, SelectorRequirement requirement)
    {
        if (requirement.Operator != SelectorOperator.In || requirement.Values.IsEmpty)
        {
            return null;
        }

        foreach (var value in requirement.Values)
        {
            var ns = context.Snapshot.FindNamespace(value);
            if (ns is null || (ns.Declared && ns.Labels[requirement.Key] != value))
            {
                return null;
            }
        }

        return [.. requirement.Values.Order(StringComparer.Ordinal)];
    }
}
