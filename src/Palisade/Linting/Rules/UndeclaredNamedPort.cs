using Palisade.Diagnostics;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting.Rules;

/// <summary>PAL210: a named port that no container of the destination pods declares for that protocol.</summary>
public sealed class UndeclaredNamedPort() : LintRule(DiagnosticCatalog.UndeclaredNamedPort, "undeclared-named-port")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, rule, _, entry, pods, declared) in context.RulePortEntries())
        {
            if (entry.Port is not NamedPort named || declared.Resolves(named.Name, entry.Protocol))
            {
                continue;
            }

            var other = Protocols.All.Where(pr => pr != entry.Protocol && declared.Resolves(named.Name, pr)).ToList();
            var names = Wording.List(pods.SelectMany(p => p.Ports).Where(c => c.Name is not null).Select(c => $"{c.Name}={c.Number}/{c.Protocol}"));
            var help = other.Count > 0
                ? $"the pods declare '{named.Name}' as {string.Join("/", other)}: set `protocol: {other[0]}`"
                : $"check the name against the pods' container ports ({(names.Length > 0 ? names : "none are named")}) or write the port number";
            yield return Finding(Wording.At(policy, rule, entry), policy, entry, Wording.Rule(policy, rule), Wording.Pods(pods), help);
        }
    }
}
