using System.Globalization;

namespace Palisade.Model;

/// <summary>Where a thing was written: a file path and a 1-based line and column (0 when unknown).</summary>
public readonly record struct SourceLocation(string File, int Line, int Column)
{
    /// <summary>No known location.</summary>
    public static SourceLocation None => new(string.Empty, 0, 0);

    /// <summary>True when a file is known.</summary>
    public bool IsKnown => File.Length > 0;

    /// <summary>Formats as path:line:col, dropping the parts that are unknown.</summary>
    public override string ToString() =>
        !IsKnown ? "<input>"
        : Line <= 0 ? File
        : $"{File}:{Line.ToString(CultureInfo.InvariantCulture)}:{Math.Max(Column, 1).ToString(CultureInfo.InvariantCulture)}";
}
