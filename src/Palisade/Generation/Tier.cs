namespace Palisade.Generation;

/// <summary>The shapes <see cref="SyntheticCluster"/> generates: four realistic sizes and five adversarial profiles.</summary>
public enum Tier
{
    /// <summary>1,000 pods, 500 policies.</summary>
    S,

    /// <summary>10,000 pods, 5,000 policies.</summary>
    M,

    /// <summary>100,000 pods, 50,000 policies.</summary>
    L,

    /// <summary>150,000 pods, 75,000 policies (the Kubernetes envelope).</summary>
    XL,

    /// <summary>25,000 tiny namespaces, each with default-deny, DNS and same-namespace allows.</summary>
    ManyNamespaces,

    /// <summary>One namespace where 10,000 identical policies each select all 10,000 pods.</summary>
    IdenticalPolicies,

    /// <summary>10,000 pods with a label per pod that selectors read, so that no two pods share a class.</summary>
    UniqueLabels,

    /// <summary>1,000 distinct port ranges over 5,000 pods.</summary>
    PortRanges,

    /// <summary>5,000 CIDRs with excepts over 5,000 pods whose IPs fall inside them.</summary>
    Cidrs,
}

/// <summary>Parsing of tier names as the CLI spells them.</summary>
public static class Tiers
{
    /// <summary>Names accepted by <c>palisade generate --tier</c>.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["S", "M", "L", "XL", "many-namespaces", "identical-policies", "unique-labels", "port-ranges", "cidrs"];

    /// <summary>Parses a tier name (case-insensitive).</summary>
    public static bool TryParse(string? text, out Tier tier)
    {
        var i = Names.ToList().FindIndex(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        tier = i < 0 ? Tier.S : (Tier)i;
        return i >= 0;
    }

    /// <summary>The CLI name of a tier.</summary>
    public static string Name(this Tier tier) => Names[(int)tier];
}
