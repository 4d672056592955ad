using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>The outcome of loading manifests: the snapshot, every diagnostic, and the objects left out.</summary>
/// <param name="Snapshot">What was read (objects with errors may be partly converted or missing).</param>
/// <param name="Diagnostics">Diagnostics in input order.</param>
/// <param name="Skipped">Objects of kinds Palisade does not read.</param>
public sealed record LoadResult(ClusterSnapshot Snapshot, IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<SkippedObject> Skipped)
{
    /// <summary>True when any diagnostic is an error (the CLI exits 2).</summary>
    public bool HasErrors { get; } = Diagnostics.Any(d => d.Severity == Severity.Error);

    /// <summary>How many objects the direct conversion converted and how many it left to the strict path (tests, benchmarks).</summary>
    internal DirectConversionCount DirectlyConverted { get; init; }
}

/// <summary>Objects converted straight from the tree, and objects of the same kinds the direct conversion declined.</summary>
/// <param name="Converted">Converted directly.</param>
/// <param name="Declined">Left to the strict path.</param>
internal readonly record struct DirectConversionCount(int Converted, int Declined);
