using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL204: pods isolated for egress with no rule that allows DNS (53/UDP).</summary>
public sealed class EgressWithoutDns() : LintRule(DiagnosticCatalog.EgressWithoutDns, "egress-without-dns")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, dns) in Dns.EgressIsolating(context))
        {
            if (dns.Udp)
            {
                continue;
            }

            var pods = dns.Pods.Count > 0 ? $" (pods {Wording.Pods(dns.Pods)})" : string.Empty;
            var tcp = dns.Tcp ? " (only TCP is allowed)" : string.Empty;
            yield return Finding(policy.Location, policy, policy.Ref, pods, tcp);
        }
    }
}
