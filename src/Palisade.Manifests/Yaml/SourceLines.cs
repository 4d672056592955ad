namespace Palisade.Manifests.Yaml;

/// <summary>
/// The lines of a text (split at <c>\n</c>, as <see cref="string.Split(char, StringSplitOptions)"/> would), found only
/// when first asked for: conversion reads a line only for a comment above a rule, so a 200 MB input is not copied
/// into millions of strings to find none. The index holds one offset a line.
/// </summary>
internal sealed class SourceLines(string text) : IReadOnlyList<string>
{
    private List<int>? starts;

    /// <inheritdoc />
    public int Count => Starts.Count;

    private List<int> Starts => starts ??= Index(text);

    /// <inheritdoc />
    public string this[int index]
    {
        get
        {
            var start = Starts[index];
            var end = index + 1 < Starts.Count ? Starts[index + 1] - 1 : text.Length;
            return text[start..end];
        }
    }

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private static List<int> Index(string text)
    {
        var starts = new List<int> { 0 };
        var at = text.IndexOf('\n', StringComparison.Ordinal);
        while (at >= 0)
        {
            starts.Add(at + 1);
            at = text.IndexOf('\n', at + 1);
        }

        return starts;
    }
}
