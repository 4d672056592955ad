namespace Palisade.Manifests;

/// <summary>
/// Kinds that change which connections a cluster allows but that Palisade does not evaluate: every verdict ignores
/// them, so the loader warns about each such object (an error under <c>--strict</c>). The one table to edit when
/// Palisade learns to evaluate a kind: remove its entry here (docs/semantics.md, "Policy kinds Palisade ignores").
/// </summary>
public static class UnevaluatedKinds
{
    /// <summary>(API group, kind) pairs; the version does not matter.</summary>
    public static IReadOnlySet<(string Group, string Kind)> All { get; } = new HashSet<(string, string)>
    {
        ("cilium.io", "CiliumNetworkPolicy"),
        ("cilium.io", "CiliumClusterwideNetworkPolicy"),
        ("projectcalico.org", "NetworkPolicy"),
        ("projectcalico.org", "GlobalNetworkPolicy"),
        ("crd.projectcalico.org", "NetworkPolicy"),
        ("crd.projectcalico.org", "GlobalNetworkPolicy"),
        ("crd.antrea.io", "NetworkPolicy"),
        ("crd.antrea.io", "ClusterNetworkPolicy"),
        ("k8s.cni.cncf.io", "MultiNetworkPolicy"),
    };

    /// <summary>True when an object of this apiVersion and kind changes connectivity and Palisade ignores it.</summary>
    public static bool Contains(string? apiVersion, string kind)
    {
        if (apiVersion is null)
        {
            return false;
        }

        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var group = slash < 0 ? string.Empty : apiVersion[..slash];
        return All.Contains((group, kind));
    }
}
