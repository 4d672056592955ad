using System.Numerics;
using System.Runtime.InteropServices;

namespace Palisade.Engine.Classes;

/// <summary>
/// A dense square matrix of bits stored row by row in 64-bit words. Rows are padded to whole words; padding bits
/// are always zero, so word-level operations never invent cells.
/// </summary>
internal sealed class BitMatrix
{
    private readonly ulong[] words;

    /// <summary>Creates an all-zero <paramref name="size"/> × <paramref name="size"/> matrix.</summary>
    public BitMatrix(int size)
    {
        Size = size;
        WordsPerRow = Bits.WordCount(size);
        words = new ulong[checked((long)WordsPerRow * Math.Max(1, PaddedRows(size)))];
    }

    /// <summary>Number of rows and columns.</summary>
    public int Size { get; }

    /// <summary>Words per row.</summary>
    public int WordsPerRow { get; }

    /// <summary>One row.</summary>
    public Span<ulong> Row(int row) => words.AsSpan(row * WordsPerRow, WordsPerRow);

    /// <summary>One row, read-only.</summary>
    public ReadOnlySpan<ulong> ReadRow(int row) => words.AsSpan(row * WordsPerRow, WordsPerRow);

    /// <summary>Reads one cell.</summary>
    public bool Get(int row, int column) => (words[(row * WordsPerRow) + (column >> 6)] & (1UL << column)) != 0;

    /// <summary>Number of set cells.</summary>
    public long Count()
    {
        long n = 0;
        foreach (var w in words)
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }

    /// <summary>
    /// Writes the transpose of this matrix into <paramref name="target"/> (same size), 64×64 blocks at a time.
    /// </summary>
    public void TransposeInto(BitMatrix target)
    {
        if (target.Size != Size)
        {
            throw new ArgumentException("sizes differ", nameof(target));
        }

        Span<ulong> block = stackalloc ulong[64];
        var blocks = WordsPerRow;
        for (var bi = 0; bi < blocks; bi++)
        {
            for (var bj = 0; bj < blocks; bj++)
            {
                // Gather rows 64*bi.. of word column bj.
                for (var r = 0; r < 64; r++)
                {
                    var row = (bi * 64) + r;
                    block[r] = row < Size ? words[(row * WordsPerRow) + bj] : 0UL;
                }

                Transpose64(block);
                for (var r = 0; r < 64; r++)
                {
                    var row = (bj * 64) + r;
                    if (row < Size)
                    {
                        target.words[(row * WordsPerRow) + bi] = block[r];
                    }
                }
            }
        }
    }

    /// <summary>
    /// Transposes a 64×64 bit block in place, where bit j of word i is cell (i, j). Recursive block swap
    /// (Hacker's Delight, 7-3), six rounds of masked exchanges.
    /// </summary>
    internal static void Transpose64(Span<ulong> a)
    {
        var j = 32;
        var m = 0x00000000FFFFFFFFUL;
        while (j != 0)
        {
            for (var k = 0; k < 64; k = (k + j + 1) & ~j)
            {
                var t = ((a[k] >> j) ^ a[k + j]) & m;
                a[k + j] ^= t;
                a[k] ^= t << j;
            }

            j >>= 1;
            m ^= m << j;
        }
    }

    private static int PaddedRows(int size) => size;

    /// <summary>The raw words (row-major), for bulk operations.</summary>
    internal Span<ulong> Words => words;
}

/// <summary>Operations on bitsets held as spans of 64-bit words.</summary>
internal static class Bits
{
    /// <summary>Words needed for <paramref name="bits"/> bits.</summary>
    public static int WordCount(int bits) => (bits + 63) >> 6;

    /// <summary>Reads bit <paramref name="index"/>.</summary>
    public static bool Get(ReadOnlySpan<ulong> set, int index) => (set[index >> 6] & (1UL << index)) != 0;

    /// <summary>Sets bit <paramref name="index"/>.</summary>
    public static void Set(Span<ulong> set, int index) => set[index >> 6] |= 1UL << index;

    /// <summary>Sets bits 0..count-1, leaving padding zero.</summary>
    public static void SetAll(Span<ulong> set, int count)
    {
        set.Fill(ulong.MaxValue);
        var rest = count & 63;
        if (rest != 0)
        {
            set[^1] = (1UL << rest) - 1;
        }

        for (var i = WordCount(count); i < set.Length; i++)
        {
            set[i] = 0;
        }
    }

    /// <summary>target |= source.</summary>
    public static void Or(Span<ulong> target, ReadOnlySpan<ulong> source) => Combine<OrWords>(target, source);

    /// <summary>target &amp;= source.</summary>
    public static void And(Span<ulong> target, ReadOnlySpan<ulong> source) => Combine<AndWords>(target, source);

    /// <summary>target = target op source, word by word, vectorised where the hardware allows.</summary>
    public static void Combine<TOperation>(Span<ulong> target, ReadOnlySpan<ulong> source)
        where TOperation : struct, IWordOperation
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<ulong>.Count)
        {
            var t = MemoryMarshal.Cast<ulong, Vector<ulong>>(target);
            var s = MemoryMarshal.Cast<ulong, Vector<ulong>>(source);
            for (var v = 0; v < t.Length; v++)
            {
                t[v] = TOperation.Apply(t[v], s[v]);
            }

            i = t.Length * Vector<ulong>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] = TOperation.Apply(target[i], source[i]);
        }
    }

    /// <summary>target |= a &amp; b.</summary>
    public static void OrAnd(Span<ulong> target, ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<ulong>.Count)
        {
            var t = MemoryMarshal.Cast<ulong, Vector<ulong>>(target);
            var va = MemoryMarshal.Cast<ulong, Vector<ulong>>(a);
            var vb = MemoryMarshal.Cast<ulong, Vector<ulong>>(b);
            for (var v = 0; v < t.Length; v++)
            {
                t[v] |= va[v] & vb[v];
            }

            i = t.Length * Vector<ulong>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] |= a[i] & b[i];
        }
    }

    /// <summary>Number of set bits.</summary>
    public static int PopCount(ReadOnlySpan<ulong> set)
    {
        var n = 0;
        foreach (var w in set)
        {
            n += BitOperations.PopCount(w);
        }

        return n;
    }

    /// <summary>True when no bit is set.</summary>
    public static bool IsEmpty(ReadOnlySpan<ulong> set) => set.IndexOfAnyExcept(0UL) < 0;
}

/// <summary>A bitwise operation on words and on vectors of words, for <see cref="Bits.Combine{TOperation}"/>.</summary>
internal interface IWordOperation
{
    /// <summary>The operation on one word.</summary>
    static abstract ulong Apply(ulong a, ulong b);

    /// <summary>The operation on a vector of words.</summary>
    static abstract Vector<ulong> Apply(Vector<ulong> a, Vector<ulong> b);
}

/// <summary>Union: a | b.</summary>
internal readonly struct OrWords : IWordOperation
{
    /// <inheritdoc />
    public static ulong Apply(ulong a, ulong b) => a | b;

    /// <inheritdoc />
    public static Vector<ulong> Apply(Vector<ulong> a, Vector<ulong> b) => a | b;
}

/// <summary>Intersection: a &amp; b.</summary>
internal readonly struct AndWords : IWordOperation
{
    /// <inheritdoc />
    public static ulong Apply(ulong a, ulong b) => a & b;

    /// <inheritdoc />
    public static Vector<ulong> Apply(Vector<ulong> a, Vector<ulong> b) => a & b;
}
