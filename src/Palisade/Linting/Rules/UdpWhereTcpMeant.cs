using Palisade.Diagnostics;
using Palisade.Model;
using Palisade.Net;

namespace Palisade.Linting.Rules;

/// <summary>PAL216: a rule allows a port only over UDP or SCTP where the destination containers declare it as TCP.</summary>
public sealed class UdpWhereTcpMeant() : LintRule(DiagnosticCatalog.UdpWhereTcpMeant, "udp-where-tcp-meant")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, rule, _, entry, pods, declared) in context.RulePortEntries())
        {
            if (entry.Protocol == Protocol.TCP || entry.Port is not PortNumberRange { Port: var port } range || range.EndPort != port
                || LintContext.RuleMayAllowPort(rule, port, Protocol.TCP)
                || declared.Declares(port, entry.Protocol)
                || !declared.Declares(port, Protocol.TCP))
            {
                continue;
            }

            var declaring = pods.Where(p => p.Ports.Any(c => c.Number == port && c.Protocol == Protocol.TCP));
            yield return Finding(Wording.At(policy, rule, entry), policy, entry, Wording.Rule(policy, rule), entry.Protocol, Wording.Pods(declaring), port);
        }
    }
}
