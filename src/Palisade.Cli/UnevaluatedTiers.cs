using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cli;

/// <summary>
/// Guards the paths that do not evaluate the cluster-wide tiers yet (the class engine behind <c>--output compact</c>,
/// the lab's nftables compiler): with AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy in the
/// input they refuse with PAL129 instead of answering as if the tiers were not there.
/// </summary>
public static class UnevaluatedTiers
{
    /// <summary>Throws a user-input error naming the first cluster-wide policy when the cluster has any.</summary>
    public static void Refuse(Cluster cluster, string what, string instead)
    {
        if (cluster.AdminPolicies.Count == 0)
        {
            return;
        }

        var first = cluster.AdminPolicies[0];
        throw new UserInputException([Diagnostics.Diagnostic.Error(
            ManifestCodes.TiersNotEvaluated,
            first.Location,
            $"{what} does not evaluate the cluster-wide tiers yet, and the input has {cluster.AdminPolicies.Count} cluster-wide " +
            $"polic{(cluster.AdminPolicies.Count == 1 ? "y" : "ies")} ({first.Display} first)",
            instead)]);
    }
}
