namespace Palisade.Engine;

/// <summary>Assumptions the engine makes about what the input leaves out. The default assumes nothing.</summary>
public sealed record EngineOptions
{
    /// <summary>No assumptions: a verdict that depends on something the input does not give is undetermined.</summary>
    public static EngineOptions Default { get; } = new();

    /// <summary>
    /// When true, a pod whose IP the input does not give is outside every CIDR (NetworkPolicy ipBlock, cluster-wide
    /// networks peer), even one covering a whole address family: the convention of np-guard/netpol-analyzer and of
    /// the conformance corpus. When false (the default), a verdict that depends on such a pod's IP is undetermined
    /// (docs/semantics.md, "Pods whose IP the input does not give").
    /// </summary>
    public bool PodsWithoutIpOutsideCidrs { get; init; }
}
