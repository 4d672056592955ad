using Palisade.Model;

namespace Palisade.Linting;

/// <summary>
/// Items (pods or namespaces) indexed by their labels, so that the items a selector matches are found without testing
/// the selector against every item: the index files each item under every (key, value) pair and every key it carries;
/// a query starts from the smallest candidate list a requirement of the selector names (an <c>In</c> requirement's
/// values, or an <c>Exists</c> requirement's key) and confirms each candidate with the whole selector. A selector with
/// neither (<c>{}</c>, or only <c>NotIn</c>/<c>DoesNotExist</c>) tests every item. The mirror image of the class
/// engine's <c>SelectorIndex</c>, which files selectors to find them from a label set.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class LabelIndex<T>
{
    private readonly IReadOnlyList<T> items;
    private readonly Func<T, Labels> labelsOf;
    private readonly Dictionary<(string Key, string Value), List<int>> byPair = [];
    private readonly Dictionary<string, List<int>> byKey = new(StringComparer.Ordinal);
    private readonly LintCounters counters;

    /// <summary>Indexes the items; positions in <paramref name="items"/> are the indexes queries return.</summary>
    public LabelIndex(IReadOnlyList<T> items, Func<T, Labels> labelsOf, LintCounters counters)
    {
        this.items = items;
        this.labelsOf = labelsOf;
        this.counters = counters;
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var (key, value) in labelsOf(items[i]).Pairs)
            {
                Add(byPair, (key, value), i);
                Add(byKey, key, i);
            }
        }
    }

    /// <summary>The items the selector matches, in input order.</summary>
    public List<T> Matching(LabelSelector selector) => Matching(selector, static _ => true);

    /// <summary>The items the selector matches and <paramref name="keep"/> accepts, in input order.</summary>
    public List<T> Matching(LabelSelector selector, Func<T, bool> keep)
    {
        var result = new List<T>();
        var candidates = Candidates(selector);
        long tested = 0;
        if (candidates is null)
        {
            for (var i = 0; i < items.Count; i++)
            {
                tested++;
                if (keep(items[i]) && selector.Matches(labelsOf(items[i])))
                {
                    result.Add(items[i]);
                }
            }
        }
        else
        {
            foreach (var i in candidates)
            {
                tested++;
                if (keep(items[i]) && selector.Matches(labelsOf(items[i])))
                {
                    result.Add(items[i]);
                }
            }
        }

        counters.AddSelectorTests(tested);
        return result;
    }

    /// <summary>
    /// The sorted positions of the smallest candidate set a requirement names, or null when no requirement narrows the
    /// items (every item is a candidate).
    /// </summary>
    private IEnumerable<int>? Candidates(LabelSelector selector)
    {
        IReadOnlyList<List<int>>? best = null;
        var bestCount = int.MaxValue;
        foreach (var r in selector.Requirements)
        {
            List<List<int>> lists;
            switch (r.Operator)
            {
                case SelectorOperator.In:
                    lists = [.. r.Values.Items.Distinct(StringComparer.Ordinal).Select(v => byPair.GetValueOrDefault((r.Key, v))).OfType<List<int>>()];
                    break;
                case SelectorOperator.Exists:
                    lists = byKey.TryGetValue(r.Key, out var withKey) ? [withKey] : [];
                    break;
                default:
                    continue;
            }

            var count = lists.Sum(l => l.Count);
            if (count < bestCount)
            {
                (best, bestCount) = (lists, count);
            }
        }

        if (best is null)
        {
            return null;
        }

        // A label set holds one value per key, so the lists of one requirement are disjoint: merging keeps input order.
        return best.Count == 1 ? best[0] : best.SelectMany(l => l).Order();
    }

    private static void Add<TKey>(Dictionary<TKey, List<int>> index, TKey key, int position)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index[key] = list;
        }

        list.Add(position);
    }
}
