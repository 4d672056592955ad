using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cli;

/// <summary>
/// Guards the paths that do not evaluate the cluster-wide tiers yet (the class engine behind <c>--output compact</c>,
/// the lab's nftables compiler): with AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy in the
/// input they refuse with PAL129 instead of answering as if the tiers were not there.
/// </summary>
internal static class UnevaluatedTiers
{
    /// <summary>Throws a user-input error naming the first cluster-wide policy when the cluster has any.</summary>
    public static void Refuse(ClusterSnapshot cluster, string what, string instead)
    {
        if (cluster.AdminPolicies.Count == 0)
        {
            return;
        }

        var first = cluster.AdminPolicies[0];
        throw new UserInputException([Diagnostics.DiagnosticCatalog.TiersNotEvaluated.Create(
            first.Location,
            $"{what} does not evaluate the cluster-wide tiers yet, and the input has {cluster.AdminPolicies.Count} cluster-wide " +
            $"polic{(cluster.AdminPolicies.Count == 1 ? "y" : "ies")} ({first.Display} first)",
            instead)]);
    }

    /// <summary>
    /// Throws a user-input error when verdicts may be undetermined because ipBlock peers meet pods whose IP the input
    /// does not give: for the paths that cannot say "undetermined" (the class engine).
    /// </summary>
    public static void RefuseUnknownAddresses(ClusterSnapshot cluster, string what, string instead)
    {
        if (Engine.PolicyEngine.UnknownAddressMatch(cluster) is not { } unknown)
        {
            return;
        }

        throw new UserInputException([Diagnostics.DiagnosticCatalog.UnknownPodAddresses.Create(
            unknown.Policy.Location,
            $"{what} cannot report undetermined verdicts, and {unknown.Policy.Ref} has ipBlock peers while pod {unknown.Pod.Ref} has no IP in the input",
            instead)]);
    }
}
