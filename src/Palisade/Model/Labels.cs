namespace Palisade.Model;

/// <summary>An immutable set of Kubernetes labels (or annotations), sorted by key for output.</summary>
/// <remarks>
/// Kept as two arrays in ordinal key order: a pod has a handful of labels, so building the set must be cheap (a load
/// builds one per object) and a lookup is a short scan, or a binary search for larger sets. A frozen dictionary per
/// object cost a third of loading time.
/// </remarks>
public sealed class Labels : IEquatable<Labels>
{
    // Up to this many keys a lookup scans; beyond it, it halves.
    private const int ScanLimit = 8;

    // Up to this many pairs From sorts by insertion; beyond it, with Array.Sort (a label set from input can be large).
    private const int InsertionLimit = 16;

    private readonly string[] keys;
    private readonly string[] values;
    private readonly int hash;
    private System.Collections.ObjectModel.ReadOnlyCollection<string>? sortedKeys;

    private Labels(string[] keys, string[] values)
    {
        this.keys = keys;
        this.values = values;
        var h = new HashCode();
        for (var i = 0; i < keys.Length; i++)
        {
            h.Add(keys[i]);
            h.Add(values[i]);
        }

        hash = h.ToHashCode();
    }

    /// <summary>No labels.</summary>
    public static Labels Empty { get; } = new([], []);

    /// <summary>Creates from key/value pairs; a later duplicate key wins.</summary>
    public static Labels From(IEnumerable<KeyValuePair<string, string>>? pairs)
    {
        if (pairs is null)
        {
            return Empty;
        }

        var buffer = pairs.ToArray();
        return buffer.Length switch
        {
            0 => Empty,
            <= InsertionLimit => SortedByInsertion(buffer),
            _ => SortedByArraySort(buffer),
        };
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
    public int Count => keys.Length;

    /// <summary>Keys in ordinal order.</summary>
    public IReadOnlyList<string> SortedKeys => sortedKeys ??= Array.AsReadOnly(keys);

    /// <summary>Looks up a label value.</summary>
    public bool TryGetValue(string key, out string value)
    {
        var i = IndexOf(key);
        value = i >= 0 ? values[i] : null!;
        return i >= 0;
    }

    /// <summary>True when the key is present.</summary>
    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    /// <summary>The value of a key, or null.</summary>
    public string? this[string key] => IndexOf(key) is var i and >= 0 ? values[i] : null;

    /// <summary>Returns a copy with one label set.</summary>
    public Labels With(string key, string value) =>
        TryGetValue(key, out var v) && v == value ? this : From(Pairs.Where(p => p.Key != key).Append(new(key, value)));

    /// <summary>Pairs in key order.</summary>
    public IEnumerable<KeyValuePair<string, string>> Pairs
    {
        get
        {
            for (var i = 0; i < keys.Length; i++)
            {
                yield return new(keys[i], values[i]);
            }
        }
    }

    /// <inheritdoc />
    public bool Equals(Labels? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }

        if (other is null || other.keys.Length != keys.Length || other.hash != hash)
        {
            return false;
        }

        // Both are in key order, so equal sets are equal arrays.
        for (var i = 0; i < keys.Length; i++)
        {
            if (!string.Equals(keys[i], other.keys[i], StringComparison.Ordinal) || !string.Equals(values[i], other.values[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Labels);

    /// <inheritdoc />
    public override int GetHashCode() => hash;

    /// <summary>Formats as "k=v,k2=v2" in key order.</summary>
    public override string ToString() => string.Join(",", Pairs.Select(p => $"{p.Key}={p.Value}"));

    private static Labels SortedByInsertion(KeyValuePair<string, string>[] pairs)
    {
        var keys = new string[pairs.Length];
        var values = new string[pairs.Length];
        var count = 0;
        foreach (var (key, value) in pairs)
        {
            var at = count;
            var duplicate = false;
            while (at > 0)
            {
                var c = string.CompareOrdinal(keys[at - 1], key);
                if (c == 0)
                {
                    values[at - 1] = value;
                    duplicate = true;
                    break;
                }

                if (c < 0)
                {
                    break;
                }

                at--;
            }

            if (duplicate)
            {
                continue;
            }

            Array.Copy(keys, at, keys, at + 1, count - at);
            Array.Copy(values, at, values, at + 1, count - at);
            keys[at] = key;
            values[at] = value;
            count++;
        }

        return count == pairs.Length ? new(keys, values) : new(keys[..count], values[..count]);
    }

    private static Labels SortedByArraySort(KeyValuePair<string, string>[] pairs)
    {
        // Sorted by key, then by position, so that the last of a run of equal keys is the later duplicate.
        var order = new int[pairs.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(pairs[a].Key, pairs[b].Key) is var c && c != 0 ? c : a.CompareTo(b));
        var keys = new List<string>(pairs.Length);
        var values = new List<string>(pairs.Length);
        for (var i = 0; i < order.Length; i++)
        {
            if (i + 1 < order.Length && string.Equals(pairs[order[i]].Key, pairs[order[i + 1]].Key, StringComparison.Ordinal))
            {
                continue;
            }

            keys.Add(pairs[order[i]].Key);
            values.Add(pairs[order[i]].Value);
        }

        return new([.. keys], [.. values]);
    }

    private int IndexOf(string key)
    {
        if (keys.Length <= ScanLimit)
        {
            for (var i = 0; i < keys.Length; i++)
            {
                if (string.Equals(keys[i], key, StringComparison.Ordinal))
                {
                    return i;
                }
            }

            return -1;
        }

        var lo = 0;
        var hi = keys.Length - 1;
        while (lo <= hi)
        {
            var mid = lo + ((hi - lo) >> 1);
            var c = string.CompareOrdinal(keys[mid], key);
            if (c == 0)
            {
                return mid;
            }

            if (c < 0)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return -1;
    }
}
