using System.Globalization;
using Palisade.Model;

namespace Palisade.Expectations;

/// <summary>
/// The smallest label set a label selector admits: the labels a pod to come is given by a
/// <c>hypothetical: true</c> expectation end (docs/file-formats.md, "Selectors").
/// </summary>
public static class HypotheticalLabels
{
    /// <summary>
    /// Finds the labels: a key that <c>In</c> (or matchLabels) names gets the ordinally smallest value every
    /// <c>In</c> on it allows and no <c>NotIn</c> forbids; a key only <c>Exists</c> names gets the empty value (or,
    /// when a <c>NotIn</c> forbids that, the smallest of <c>v0</c>, <c>v1</c>, ... it does not); a key only
    /// <c>NotIn</c> or <c>DoesNotExist</c> names is left out, which satisfies both. Every other key is absent.
    /// Returns false, with the reason, when no label set satisfies the selector.
    /// </summary>
    public static bool TrySatisfy(LabelSelector selector, out Labels labels, out string? reason)
    {
        labels = Labels.Empty;
        reason = null;
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (var group in selector.Requirements.GroupBy(r => r.Key, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var key = group.Key;
            HashSet<string>? allowed = null;
            var forbidden = new HashSet<string>(StringComparer.Ordinal);
            bool exists = false, absent = false;
            foreach (var r in group)
            {
                switch (r.Operator)
                {
                    case SelectorOperator.In:
                        allowed ??= new HashSet<string>(r.Values, StringComparer.Ordinal);
                        allowed.IntersectWith(r.Values);
                        break;
                    case SelectorOperator.NotIn:
                        forbidden.UnionWith(r.Values);
                        break;
                    case SelectorOperator.Exists:
                        exists = true;
                        break;
                    default:
                        absent = true;
                        break;
                }
            }

            if (absent && (exists || allowed is not null))
            {
                reason = $"'{key}' must both exist and not exist";
                return false;
            }

            if (allowed is not null)
            {
                var value = allowed.Except(forbidden).Order(StringComparer.Ordinal).FirstOrDefault();
                if (value is null)
                {
                    reason = $"no value of '{key}' is allowed by every requirement on it";
                    return false;
                }

                pairs.Add(new(key, value));
            }
            else if (exists)
            {
                var value = string.Empty;
                for (var i = 0; forbidden.Contains(value); i++)
                {
                    value = "v" + i.ToString(CultureInfo.InvariantCulture);
                }

                pairs.Add(new(key, value));
            }
        }

        labels = Labels.From(pairs);
        return true;
    }
}
