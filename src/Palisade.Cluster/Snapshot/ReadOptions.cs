namespace Palisade.Cluster.Snapshot;

/// <summary>What to read from a cluster.</summary>
/// <param name="Namespaces">
/// The namespaces to read namespaced objects from (kubectl's <c>-n</c>), or empty for all namespaces. Namespace
/// objects themselves are always listed, since namespaceSelector peers match any namespace's labels.
/// </param>
public sealed record ReadOptions(IReadOnlyList<string> Namespaces)
{
    /// <summary>Everything in every namespace.</summary>
    public static ReadOptions All { get; } = new([]);

    /// <summary>Items asked for per list page (<c>limit</c>); the rest is fetched with <c>continue</c> tokens.</summary>
    public int PageSize { get; init; } = 500;
}
