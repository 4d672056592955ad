using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cli;

/// <summary>
/// Guards the paths that cannot answer every input exactly: the lab, which refuses what of the cluster-wide tiers its
/// nftables ruleset cannot reproduce (PAL223–PAL225), and the class engine, which cannot say "undetermined" for pods
/// without an IP behind ipBlock peers (PAL183).
/// </summary>
internal static class UnevaluatedTiers
{
    /// <summary>
    /// Throws the lab's located refusals (PAL223–PAL225) when the input has cluster-wide rules its nftables ruleset cannot
    /// reproduce exactly (domainNames or nodes peers, policies of one priority in an undefined order).
    /// </summary>
    public static void RefuseForLab(ClusterSnapshot cluster)
    {
        if (Palisade.Lab.Nft.TierLimits.Diagnose(cluster) is { Count: > 0 } found)
        {
            throw new UserInputException(found);
        }
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
