namespace Palisade.Manifests.Yaml;

/// <summary>The three shapes of a YAML node.</summary>
internal enum YamlNodeKind
{
    Scalar,
    Sequence,
    Mapping,
}

/// <summary>
/// A minimal, immutable-after-build YAML node that keeps the 1-based line and column where it starts.
/// Aliases are resolved to the anchored node, so the tree may share subtrees.
/// </summary>
internal sealed class YamlNode
{
    private YamlNode(YamlNodeKind kind, int line, int column)
    {
        Kind = kind;
        Line = line;
        Column = column;
    }

    /// <summary>Scalar, sequence or mapping.</summary>
    public YamlNodeKind Kind { get; }

    /// <summary>1-based line where the node starts.</summary>
    public int Line { get; }

    /// <summary>1-based column where the node starts.</summary>
    public int Column { get; }

    /// <summary>The scalar's text ("" for other kinds).</summary>
    public string Value { get; private init; } = string.Empty;

    /// <summary>True for a plain (unquoted, non-block) scalar, whose type YAML infers.</summary>
    public bool IsPlain { get; private init; }

    // Created when first asked for: most nodes are scalars, and two empty lists each were a third of a tree's memory.
    private List<YamlNode>? items;
    private List<KeyValuePair<YamlNode, YamlNode>>? pairs;

    /// <summary>Items of a sequence.</summary>
    public List<YamlNode> Items => items ??= [];

    /// <summary>Key/value pairs of a mapping, in source order (duplicates kept; the reader reports them).</summary>
    public List<KeyValuePair<YamlNode, YamlNode>> Pairs => pairs ??= [];

    /// <summary>True for a plain scalar that YAML reads as null (<c>null</c>, <c>~</c> or nothing).</summary>
    public bool IsNull => Kind == YamlNodeKind.Scalar && IsPlain && Value is "" or "~" or "null" or "Null" or "NULL";

    /// <summary>Creates a scalar.</summary>
    public static YamlNode Scalar(string value, bool plain, int line, int column) =>
        new(YamlNodeKind.Scalar, line, column) { Value = value, IsPlain = plain };

    /// <summary>Creates an empty sequence to fill.</summary>
    public static YamlNode Sequence(int line, int column) => new(YamlNodeKind.Sequence, line, column);

    /// <summary>Creates an empty mapping to fill.</summary>
    public static YamlNode Mapping(int line, int column) => new(YamlNodeKind.Mapping, line, column);

    /// <summary>The value of a mapping key (the last one when duplicated), or null.</summary>
    public YamlNode? Get(string key)
    {
        YamlNode? found = null;
        foreach (var (k, v) in pairs ?? [])
        {
            if (k.Kind == YamlNodeKind.Scalar && k.Value == key)
            {
                found = v;
            }
        }

        return found;
    }

    /// <summary>The key node of a mapping key, or null.</summary>
    public YamlNode? GetKey(string key)
    {
        YamlNode? found = null;
        foreach (var (k, _) in pairs ?? [])
        {
            if (k.Kind == YamlNodeKind.Scalar && k.Value == key)
            {
                found = k;
            }
        }

        return found;
    }

    /// <summary>The text of a scalar value under a key, or null when absent, null or not a scalar.</summary>
    public string? GetString(string key) =>
        Get(key) is { Kind: YamlNodeKind.Scalar, IsNull: false } v ? v.Value : null;
}
