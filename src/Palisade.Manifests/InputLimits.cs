namespace Palisade.Manifests;

/// <summary>
/// The documented bounds on what one input may cost to read (README, "Limits"; docs/diagnostics.md PAL150–PAL153). Past a bound the
/// reader stops with a located diagnostic; nothing is read half.
/// </summary>
public static class InputLimits
{
    /// <summary>
    /// Default largest file (or standard input) read, in bytes: 256 MiB, above the 201 MB of the largest generated
    /// tier (XL) and far above any real manifest set. Overridable with <c>--max-file-size</c>.
    /// </summary>
    public const long DefaultMaxFileSize = 256L * 1024 * 1024;

    /// <summary>
    /// Deepest nesting of mappings and sequences (counting aliased subtrees where they are used). Kubernetes objects,
    /// CRD schemas included, stay far below; the bound keeps every recursive walk over a tree safe for the stack.
    /// </summary>
    public const int MaxDepth = 128;

    /// <summary>
    /// Most nodes that aliases (<c>*name</c>) may add to one file when expanded: aliases that copy whole subtrees again
    /// and again ("billion laughs") would otherwise grow a small file into gigabytes.
    /// </summary>
    public const int MaxAliasExpansion = 100_000;

    /// <summary>
    /// Longest single scalar, in characters: 4 MiB, above Kubernetes' own limit on a whole object (about 1.5 MiB in
    /// etcd) and on all annotations of an object together (256 KiB).
    /// </summary>
    public const int MaxScalarLength = 4 * 1024 * 1024;

    /// <summary>
    /// Longest line of a YAML text, in characters: 16 MiB. Checked before parsing, so that a single huge value on one
    /// line is refused before the parser copies it. Compact JSON (one line) is read by the JSON reader and is not bound
    /// by it unless it needs the YAML reader (a duplicate key, a comment, a syntax error).
    /// </summary>
    public const int MaxLineLength = 4 * MaxScalarLength;
}
