using System.Runtime.InteropServices;

namespace Palisade.Engine;

/// <summary>Sequence equality for arrays of plain values used as dictionary keys (class keys, bitsets, signatures).</summary>
/// <typeparam name="T">An unmanaged element type whose equality is its bytes' equality.</typeparam>
internal sealed class SequenceComparer<T> : IEqualityComparer<T[]>
    where T : unmanaged, IEquatable<T>
{
    /// <summary>The one instance.</summary>
    public static SequenceComparer<T> Instance { get; } = new();

    /// <inheritdoc />
    public bool Equals(T[]? x, T[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

    /// <inheritdoc />
    public int GetHashCode(T[] obj)
    {
        var h = new HashCode();
        h.AddBytes(MemoryMarshal.AsBytes(obj.AsSpan()));
        return h.ToHashCode();
    }
}
