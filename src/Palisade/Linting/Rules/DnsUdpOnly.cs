using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL205: egress DNS allowed on 53/UDP but not on 53/TCP.</summary>
public sealed class DnsUdpOnly() : LintRule(DiagnosticCatalog.DnsUdpOnly, "dns-udp-only")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, dns) in Dns.EgressIsolating(context))
        {
            if (!dns.Udp || dns.Tcp)
            {
                continue;
            }

            // Reported where the UDP entry is written, so a default-deny policy beside it stays quiet.
            var rule = Dns.FirstRuleAllowing(context, policy, Net.Protocol.UDP);
            if (rule is null)
            {
                continue;
            }

            var pods = dns.Pods.Count > 0 ? $" for pods {Wording.Pods(dns.Pods)}" : string.Empty;
            yield return Finding(Wording.At(policy, rule), policy, policy.Ref, pods);
        }
    }
}
