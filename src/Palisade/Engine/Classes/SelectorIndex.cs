using Palisade.Model;

namespace Palisade.Engine.Classes;

/// <summary>
/// Items indexed by a label selector so that the items whose selector matches a label set are found without testing
/// every selector: an item whose selector has an <c>In</c> requirement is filed under (key, value) for each value of
/// its first such requirement (a label set has one value per key, so the item is found at most once); the others
/// are tested one by one. Every candidate is confirmed with the full selector.
/// </summary>
internal sealed class SelectorIndex<T>
    where T : class
{
    private readonly Dictionary<string, Dictionary<string, List<(T Item, LabelSelector Selector)>>> byKey = new(StringComparer.Ordinal);
    private readonly List<(T Item, LabelSelector Selector)> scanned = [];

    public SelectorIndex(IEnumerable<T> items, Func<T, LabelSelector> selector)
    {
        foreach (var item in items)
        {
            var s = selector(item);
            SelectorRequirement? pivot = null;
            foreach (var r in s.Requirements)
            {
                if (r.Operator == SelectorOperator.In && (pivot is null || r.Values.Count < pivot.Values.Count))
                {
                    pivot = r;
                }
            }

            if (pivot is null)
            {
                scanned.Add((item, s));
                continue;
            }

            if (!byKey.TryGetValue(pivot.Key, out var values))
            {
                values = new Dictionary<string, List<(T, LabelSelector)>>(StringComparer.Ordinal);
                byKey[pivot.Key] = values;
            }

            foreach (var v in pivot.Values.Items.Distinct(StringComparer.Ordinal))
            {
                if (!values.TryGetValue(v, out var list))
                {
                    list = [];
                    values[v] = list;
                }

                list.Add((item, s));
            }
        }
    }

    /// <summary>Appends the items whose selector matches the labels, in no particular order.</summary>
    public void Matching(Labels labels, List<T> result)
    {
        foreach (var (item, s) in scanned)
        {
            if (s.Matches(labels))
            {
                result.Add(item);
            }
        }

        if (byKey.Count == 0)
        {
            return;
        }

        foreach (var (key, values) in byKey)
        {
            if (labels.TryGetValue(key, out var v) && values.TryGetValue(v, out var list))
            {
                foreach (var (item, s) in list)
                {
                    if (s.Matches(labels))
                    {
                        result.Add(item);
                    }
                }
            }
        }
    }
}
