using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting.Rules;

/// <summary>
/// PAL217: the input has cluster-wide policies (AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy),
/// which the other lint rules do not analyse yet; said once per policy so that a clean report is never mistaken for a
/// reviewed admin tier.
/// </summary>
public sealed class TiersNotLinted : LintRule
{
    /// <inheritdoc />
    public override DiagnosticDescriptor Descriptor => DiagnosticCatalog.TiersNotLinted;

    /// <inheritdoc />
    public override string Name => "tiers-not-linted";

    /// <inheritdoc />
    public override IEnumerable<LintFinding> Check(LintContext context)
    {
        foreach (var policy in context.Snapshot.AdminPolicies)
        {
            yield return Finding(
                policy.Location,
                null,
                $"{policy.Display} ({policy.Tier} tier, priority {policy.Priority}) is not analysed by the lint rules; NetworkPolicy findings ignore the tiers",
                "check what the tiers decide with palisade explain or palisade matrix");
        }
    }
}
