using Palisade.Diagnostics;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting.Rules;

/// <summary>PAL210: a named port that no container of the destination pods declares for that protocol.</summary>
public sealed class UndeclaredNamedPort() : LintRule(DiagnosticCatalog.UndeclaredNamedPort, "undeclared-named-port")
{
    /// <inheritdoc />
    public override IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var (policy, rule, _, entry, pods) in context.RulePortEntries())
        {
            var declared = context.DeclaredPortsOf(pods);
            if (entry.Port is not NamedPort named || declared.Resolves(named.Name, entry.Protocol))
            {
                continue;
            }

            var other = Protocols.All.Where(pr => pr != entry.Protocol && declared.Resolves(named.Name, pr)).ToList();
            var help = other.Count > 0
                ? $"the pods declare '{named.Name}' as {string.Join("/", other)}: set `protocol: {other[0]}`"
                : $"check the name against the pods' container ports ({Wording.List(pods.SelectMany(p => p.Ports).Where(c => c.Name is not null).Select(c => $"{c.Name}={c.Number}/{c.Protocol}"))}) or write the port number";
            yield return Finding(
                Wording.At(policy, rule, entry),
                policy,
                $"named port {entry} in {Wording.Rule(policy, rule)} is declared by no container of {Wording.Pods(pods)}: the entry matches no traffic",
                help.Replace("()", "(none are named)", StringComparison.Ordinal));
        }
    }
}
