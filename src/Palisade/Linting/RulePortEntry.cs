using Palisade.Model;

namespace Palisade.Linting;

/// <summary>
/// One port entry of a policy rule that lists ports, with the pods the rule's ports apply to, as
/// <see cref="LintContext.RulePortEntries"/> walks them.
/// </summary>
/// <param name="Policy">The policy.</param>
/// <param name="Rule">The rule of the policy.</param>
/// <param name="Ports">The rule's whole port list.</param>
/// <param name="Entry">The entry, one of <paramref name="Ports"/>.</param>
/// <param name="Pods">The rule's destination pods (<see cref="LintContext.DestinationPods"/>), never empty.</param>
/// <param name="Declared">What <paramref name="Pods"/> declare, summarised once per distinct pod list.</param>
internal sealed record RulePortEntry(NetworkPolicy Policy, PolicyRule Rule, Ports Ports, PolicyPort Entry, IReadOnlyList<Pod> Pods, DeclaredPorts Declared);
