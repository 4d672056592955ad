using System.Collections;
using System.Collections.Immutable;

namespace Palisade.Model;

/// <summary>An immutable array that compares by content, so records holding it compare by value.</summary>
public readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
{
    private readonly ImmutableArray<T> items;

    /// <summary>Wraps the given items.</summary>
    public EquatableArray(ImmutableArray<T> items) => this.items = items.IsDefault ? [] : items;

    /// <summary>An empty array.</summary>
    public static EquatableArray<T> Empty => new([]);

    /// <summary>The wrapped items (never default).</summary>
    public ImmutableArray<T> Items => items.IsDefault ? [] : items;

    /// <inheritdoc />
    public int Count => Items.Length;

    /// <inheritdoc />
    public T this[int index] => Items[index];

    /// <summary>True when there are no items.</summary>
    public bool IsEmpty => Items.IsEmpty;

    /// <summary>Implicit wrap.</summary>
    public static implicit operator EquatableArray<T>(ImmutableArray<T> items) => new(items);

    /// <summary>Implicit wrap of a plain array (copied).</summary>
    public static implicit operator EquatableArray<T>(T[] items) => new([.. items]);

    /// <inheritdoc />
    public bool Equals(EquatableArray<T> other) => Items.SequenceEqual(other.Items);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is EquatableArray<T> o && Equals(o);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var i in Items)
        {
            h.Add(i);
        }

        return h.ToHashCode();
    }

    /// <summary>Value equality.</summary>
    public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

    /// <summary>Value inequality.</summary>
    public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);

    /// <summary>Enumerates without boxing.</summary>
    public ImmutableArray<T>.Enumerator GetEnumerator() => Items.GetEnumerator();

    IEnumerator<T> IEnumerable<T>.GetEnumerator() => ((IEnumerable<T>)Items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => ((IEnumerable)Items).GetEnumerator();
}

/// <summary>Creation helpers for <see cref="EquatableArray{T}"/>.</summary>
public static class EquatableArray
{
    /// <summary>Copies a sequence into an equatable array.</summary>
    public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items) => new([.. items]);
}
