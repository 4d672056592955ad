using System.Collections.Frozen;

namespace Palisade.Model;

/// <summary>An immutable set of Kubernetes labels (or annotations), sorted by key for output.</summary>
public sealed class Labels : IEquatable<Labels>
{
    private readonly FrozenDictionary<string, string> map;

    private Labels(FrozenDictionary<string, string> map)
    {
        this.map = map;
        SortedKeys = [.. map.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>No labels.</summary>
    public static Labels Empty { get; } = new(FrozenDictionary<string, string>.Empty);

    /// <summary>Creates from key/value pairs; a later duplicate key wins.</summary>
    public static Labels From(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return Empty;
        }

        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in pairs)
        {
            d[k] = v;
        }

        return d.Count == 0 ? Empty : new Labels(d.ToFrozenDictionary(StringComparer.Ordinal));
    }

    /// <summary>Creates from alternating keys and values: From("app", "web", "tier", "front").</summary>
    public static Labels Of(params string[] keysAndValues)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        for (var i = 0; i + 1 < keysAndValues.Length; i += 2)
        {
            pairs.Add(new(keysAndValues[i], keysAndValues[i + 1]));
        }

        return From(pairs);
    }

    /// <summary>Number of labels.</summary>
    public int Count => map.Count;

    /// <summary>Keys in ordinal order.</summary>
    public IReadOnlyList<string> SortedKeys { get; }

    /// <summary>Looks up a label value.</summary>
    public bool TryGetValue(string key, out string value) => map.TryGetValue(key, out value!);

    /// <summary>True when the key is present.</summary>
    public bool ContainsKey(string key) => map.ContainsKey(key);

    /// <summary>The value of a key, or null.</summary>
    public string? this[string key] => map.TryGetValue(key, out var v) ? v : null;

    /// <summary>Returns a copy with one label set.</summary>
    public Labels With(string key, string value) =>
        map.TryGetValue(key, out var v) && v == value ? this : From(map.Where(p => p.Key != key).Append(new(key, value)));

    /// <summary>Pairs in key order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs => SortedKeys.Select(k => new KeyValuePair<string, string>(k, map[k]));

    /// <inheritdoc />
    public bool Equals(Labels? other) =>
        other is not null && other.Count == Count && map.All(p => other.map.TryGetValue(p.Key, out var v) && v == p.Value);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Labels);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = 0;
        foreach (var (k, v) in map)
        {
            h ^= HashCode.Combine(k, v);
        }

        return h;
    }

    /// <summary>Formats as "k=v,k2=v2" in key order.</summary>
    public override string ToString() => string.Join(",", Pairs.Select(p => $"{p.Key}={p.Value}"));
}
