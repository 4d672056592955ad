namespace Palisade.Reports;

/// <summary>How a check proved its expectations: the first thing its report says, so that a static proof is never taken for a live test.</summary>
public enum CheckMethod
{
    /// <summary>The engine decided every expectation from the policies; no packet was sent.</summary>
    StaticAnalysis,

    /// <summary>Real packets between network namespaces in the local lab.</summary>
    Lab,

    /// <summary>Probes from pods of a live cluster.</summary>
    Cluster,
}

/// <summary>What a check report covers: its inputs, the policies it evaluated and the method.</summary>
/// <param name="Inputs">The inputs as the user named them (manifests, expectations, profile, or the live cluster).</param>
/// <param name="NetworkPolicies">NetworkPolicies evaluated, those rendered from the profile included.</param>
/// <param name="RenderedPolicies">How many of them were rendered from the isolation profile.</param>
/// <param name="TierPolicies">Cluster-wide policies (AdminNetworkPolicy and kin) evaluated.</param>
/// <param name="Method">How the expectations were proved.</param>
public sealed record CheckScope(IReadOnlyList<string> Inputs, int NetworkPolicies, int RenderedPolicies, int TierPolicies, CheckMethod Method)
{
    /// <summary>The method in words.</summary>
    public string MethodText => Method switch
    {
        CheckMethod.Lab => "lab: real packets",
        CheckMethod.Cluster => "cluster: probes from pods",
        _ => "static analysis: no packets sent",
    };

    /// <summary>The policies in words: "9 NetworkPolicies (3 rendered from the profile)".</summary>
    public string PoliciesText =>
        $"{NetworkPolicies} NetworkPolic{(NetworkPolicies == 1 ? "y" : "ies")}"
        + (RenderedPolicies > 0 ? $" ({RenderedPolicies} rendered from the profile)" : string.Empty)
        + (TierPolicies > 0 ? $", {TierPolicies} cluster-wide polic{(TierPolicies == 1 ? "y" : "ies")}" : string.Empty);
}
