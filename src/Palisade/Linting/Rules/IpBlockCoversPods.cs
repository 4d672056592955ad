using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>PAL214: an ipBlock that covers pod IPs.</summary>
public sealed class IpBlockCoversPods() : LintRule(DiagnosticCatalog.IpBlockCoversPods, "ip-block-covers-pods")
{
    /// <inheritdoc />
    protected override IEnumerable<LintFinding> Find(LintContext context)
    {
        foreach (var (policy, rule, block) in context.RulePeers<IpBlockPeer>())
        {
            var covered = context.PodsWithIpIn(block.Cidr, block.Except).Where(p => p.Ips.Any(block.Matches)).ToList();
            if (covered.Count == 0)
            {
                continue;
            }

            yield return Finding(Wording.At(policy, rule, block), policy, Wording.Peer(block), Wording.Rule(policy, rule), Wording.Pods(covered));
        }
    }
}
