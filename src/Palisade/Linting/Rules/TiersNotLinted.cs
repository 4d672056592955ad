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
    public override string Code => "PAL217";

    /// <inheritdoc />
    public override string Name => "tiers-not-linted";

    /// <inheritdoc />
    public override Severity Severity => Severity.Warning;

    /// <inheritdoc />
    public override string ShortDescription => "A cluster-wide policy is present; the lint rules do not analyse the admin and baseline tiers yet.";

    /// <inheritdoc />
    public override string FullDescription =>
        "AdminNetworkPolicy, BaselineAdminNetworkPolicy and ClusterNetworkPolicy rules are evaluated by matrix, explain and " +
        "check, but the lint rules look at NetworkPolicies only: a NetworkPolicy finding may not hold once an admin rule " +
        "decides first, and shadowed or overlapping cluster-wide rules are not reported. Review them with explain.";

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
