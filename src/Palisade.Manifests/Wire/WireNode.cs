using System.Globalization;

namespace Palisade.Manifests.Wire;

/// <summary>
/// One node of a Kubernetes object as it goes on the wire: a mapping, a list or a scalar. The writer builds these from
/// the model (<see cref="KubernetesObjects"/>); <see cref="WireJson"/> and <see cref="WireYaml"/> print them, so JSON and
/// YAML say the same thing. Closed hierarchy.
/// </summary>
public abstract class WireNode
{
    private protected WireNode()
    {
    }
}

/// <summary>A mapping whose keys keep the order they were added in; an entry may carry a comment (YAML only).</summary>
public sealed class WireMap : WireNode
{
    private readonly List<(string Key, WireNode Value, string? Comment)> entries = [];

    /// <summary>The entries in order.</summary>
    public IReadOnlyList<(string Key, WireNode Value, string? Comment)> Entries => entries;

    /// <summary>True when the mapping has no entry (written <c>{}</c>).</summary>
    public bool IsEmpty => entries.Count == 0;

    /// <summary>Adds an entry and returns this mapping.</summary>
    public WireMap Add(string key, WireNode value, string? comment = null)
    {
        entries.Add((key, value, comment));
        return this;
    }

    /// <summary>Adds a string entry.</summary>
    public WireMap Add(string key, string value) => Add(key, WireScalar.Text(value));

    /// <summary>Adds a number entry.</summary>
    public WireMap Add(string key, int value) => Add(key, WireScalar.Number(value));

    /// <summary>Adds a mapping of strings (labels, annotations, matchLabels) unless it is empty.</summary>
    public WireMap AddPairs(string key, IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var map = new WireMap();
        foreach (var (k, v) in pairs)
        {
            map.Add(k, v);
        }

        return map.IsEmpty ? this : Add(key, map);
    }
}

/// <summary>A list; <see cref="Flow"/> lists of scalars are written on one line in YAML (<c>[a, b]</c>).</summary>
public sealed class WireList : WireNode
{
    private readonly List<(WireNode Item, string? Comment)> items = [];

    /// <summary>Creates an empty list.</summary>
    public WireList(bool flow = false) => Flow = flow;

    /// <summary>True to write the list on one line in YAML (scalars only).</summary>
    public bool Flow { get; }

    /// <summary>The items in order, each with an optional comment line written above it (YAML only).</summary>
    public IReadOnlyList<(WireNode Item, string? Comment)> Items => items;

    /// <summary>Adds an item and returns this list.</summary>
    public WireList Add(WireNode item, string? comment = null)
    {
        items.Add((item, comment));
        return this;
    }
}

/// <summary>How a scalar is written.</summary>
public enum WireScalarKind
{
    /// <summary>A string: JSON string; YAML plain when it cannot be read as anything else, else double-quoted.</summary>
    Text,

    /// <summary>A string the writer knows to be plain-safe in YAML (enum words, IPv4 CIDRs): JSON string, YAML as is.</summary>
    Token,

    /// <summary>An integer.</summary>
    Number,

    /// <summary>true or false.</summary>
    Boolean,
}

/// <summary>A scalar value.</summary>
public sealed class WireScalar : WireNode
{
    private WireScalar(string value, WireScalarKind kind)
    {
        Value = value;
        Kind = kind;
    }

    /// <summary>The value as text (invariant culture for numbers).</summary>
    public string Value { get; }

    /// <summary>How it is written.</summary>
    public WireScalarKind Kind { get; }

    /// <summary>A string from input (names, labels): quoted in YAML when a plain scalar would read differently.</summary>
    public static WireScalar Text(string value) => new(value, WireScalarKind.Text);

    /// <summary>A word of the API (TCP, Ingress, Allow) or a value of a known plain-safe shape.</summary>
    public static WireScalar Token(string value) => new(value, WireScalarKind.Token);

    /// <summary>An integer.</summary>
    public static WireScalar Number(int value) => new(value.ToString(CultureInfo.InvariantCulture), WireScalarKind.Number);

    /// <summary>A boolean.</summary>
    public static WireScalar Boolean(bool value) => new(value ? "true" : "false", WireScalarKind.Boolean);
}

/// <summary>One top-level object (a YAML document), with an optional comment line above it.</summary>
/// <param name="Body">The object.</param>
/// <param name="Comment">A comment written above the document in YAML.</param>
public sealed record WireObject(WireMap Body, string? Comment = null);
