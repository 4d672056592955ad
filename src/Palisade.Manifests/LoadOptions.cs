namespace Palisade.Manifests;

/// <summary>How manifests are loaded.</summary>
/// <param name="DefaultNamespace">The namespace of objects that name none.</param>
public sealed record LoadOptions(string DefaultNamespace = "default")
{
    /// <summary>What the path "-" reads.</summary>
    public TextReader? Stdin { get; init; }

    /// <summary>Paths in diagnostics are made relative to this folder when they lie under it.</summary>
    public string? BaseDirectory { get; init; }

    /// <summary>The largest file (or standard input) read, in bytes; larger ones are refused with PAL150.</summary>
    public long MaxFileSize { get; init; } = InputLimits.DefaultMaxFileSize;

    /// <summary>
    /// Objects of <see cref="UnevaluatedKinds"/> are errors instead of warnings (the CLI's <c>--strict</c>):
    /// a verdict that ignores them may be wrong.
    /// </summary>
    public bool Strict { get; init; }

    /// <summary>
    /// How many files of a folder (or of several paths) are read and converted at a time, one per processor by
    /// default. The result is the same for any value: what each file produced is applied in input order.
    /// </summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The items of a top-level list are converted as they are read, so the list's whole tree is never held. Off only
    /// in the differential tests, which compare the two ways of reading.
    /// </summary>
    internal bool StreamLists { get; init; } = true;

    /// <summary>
    /// Objects of the kinds <see cref="DirectConverter"/> reads go straight from the tree to the model when it fully
    /// understands them; anything else takes the strict path. Off only in the differential tests and the baseline
    /// benchmarks, which compare the two.
    /// </summary>
    internal bool DirectConversion { get; init; } = true;
}
