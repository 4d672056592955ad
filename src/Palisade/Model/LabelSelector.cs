namespace Palisade.Model;

/// <summary>The operators of a label selector requirement (matchLabels entries become <see cref="In"/>).</summary>
public enum SelectorOperator
{
    In,
    NotIn,
    Exists,
    DoesNotExist,
}

/// <summary>One requirement of a label selector: a key, an operator and (for In/NotIn) values.</summary>
public sealed record SelectorRequirement(string Key, SelectorOperator Operator, EquatableArray<string> Values)
{
    /// <summary>True when the labels satisfy this requirement, with Kubernetes' meaning of each operator.</summary>
    public bool Matches(Labels labels) => Operator switch
    {
        SelectorOperator.In => labels.TryGetValue(Key, out var v) && Values.Items.Contains(v),
        // NotIn matches when the key is absent too (apimachinery's labels.Requirement).
        SelectorOperator.NotIn => !labels.TryGetValue(Key, out var v) || !Values.Items.Contains(v),
        SelectorOperator.Exists => labels.ContainsKey(Key),
        SelectorOperator.DoesNotExist => !labels.ContainsKey(Key),
        _ => false,
    };

    /// <inheritdoc />
    public override string ToString() => Operator switch
    {
        SelectorOperator.In when Values.Count == 1 => $"{Key}={Values[0]}",
        SelectorOperator.In => $"{Key} in ({string.Join(",", Values)})",
        SelectorOperator.NotIn => $"{Key} notin ({string.Join(",", Values)})",
        SelectorOperator.Exists => Key,
        _ => $"!{Key}",
    };
}

/// <summary>
/// A parsed label selector: the AND of its requirements. An empty selector (<c>{}</c>) selects everything.
/// Absence of a selector is modelled by the owning type, never by null here.
/// </summary>
public sealed record LabelSelector(EquatableArray<SelectorRequirement> Requirements)
{
    /// <summary>The empty selector <c>{}</c>, which selects everything.</summary>
    public static LabelSelector Everything { get; } = new(EquatableArray<SelectorRequirement>.Empty);

    /// <summary>Where it was written, for diagnostics; not part of equality.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>True for <c>{}</c>.</summary>
    public bool IsEverything => Requirements.IsEmpty;

    /// <summary>A selector equal to matchLabels with the given pairs.</summary>
    public static LabelSelector MatchLabels(params string[] keysAndValues)
    {
        var reqs = new List<SelectorRequirement>();
        for (var i = 0; i + 1 < keysAndValues.Length; i += 2)
        {
            reqs.Add(new SelectorRequirement(keysAndValues[i], SelectorOperator.In, new[] { keysAndValues[i + 1] }));
        }

        return new LabelSelector(reqs.ToEquatableArray());
    }

    /// <summary>True when every requirement holds.</summary>
    public bool Matches(Labels labels)
    {
        foreach (var r in Requirements)
        {
            if (!r.Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The label keys this selector reads.</summary>
    public IEnumerable<string> Keys => Requirements.Select(r => r.Key);

    /// <inheritdoc />
    public bool Equals(LabelSelector? other) => other is not null && Requirements.Equals(other.Requirements);

    /// <inheritdoc />
    public override int GetHashCode() => Requirements.GetHashCode();

    /// <summary>Formats like kubectl's selector syntax; "{}" for everything.</summary>
    public override string ToString() => IsEverything ? "{}" : string.Join(",", Requirements.Select(r => r.ToString()));
}
