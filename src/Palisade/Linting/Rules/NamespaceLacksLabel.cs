using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL207: a namespaceSelector on a label that the namespace it names does not carry.</summary>
public sealed class NamespaceLacksLabel() : LintRule(DiagnosticCatalog.NamespaceLacksLabel, "namespace-lacks-label")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var ((policy, rule, peer), selector) in context.NamespaceSelectors())
        {
            if (LabelledNamespaceMissing(context, selector) is not var (ns, requirement))
            {
                continue;
            }

            var value = ns.Labels[requirement.Key];
            var has = value is null ? $"has no label '{requirement.Key}'" : $"has {requirement.Key}={value}";
            yield return Finding(
                selector.Location.IsKnown ? selector.Location : Wording.At(policy, rule, peer),
                policy,
                selector, Wording.Rule(policy, rule), ns.Name, has, Wording.NameSelector(ns.Name), requirement.Key);
        }
    }

    /// <summary>
    /// A declared namespace that an In requirement on a custom key names by value (the value equals the
    /// namespace's name) but that the selector does not match because the label is missing or different.
    /// </summary>
    internal static (Namespace Namespace, SelectorRequirement Requirement)? LabelledNamespaceMissing(LintContext context, LabelSelector selector)
    {
        foreach (var requirement in selector.Requirements)
        {
            if (requirement.Operator != SelectorOperator.In || requirement.Key == Namespace.NameLabel)
            {
                continue;
            }

            foreach (var value in requirement.Values)
            {
                if (context.Snapshot.FindNamespace(value) is { Declared: true } ns && !requirement.Matches(ns.Labels))
                {
                    return (ns, requirement);
                }
            }
        }

        return null;
    }
}
