using System.Globalization;
using Palisade.Diffing;
using Palisade.Net;

namespace Palisade.Expectations;

/// <summary>
/// Parses an expectation's port set: <c>any</c> (every port of every protocol), or a comma-separated list of
/// <c>N/PROTO</c> and <c>FIRST-LAST/PROTO</c> items (docs/file-formats.md, "Port sets").
/// </summary>
public static class PortSet
{
    /// <summary>Every port of every protocol.</summary>
    public static IReadOnlyList<PortInterval> Any { get; } = [.. Protocols.All.Select(p => new PortInterval(p, 1, 65535))];

    /// <summary>True when the text names more than one port (a list, a range or <c>any</c>).</summary>
    public static bool IsSet(string text) => text.Trim() == "any" || text.Contains(',', StringComparison.Ordinal) || text.Contains('-', StringComparison.Ordinal);

    /// <summary>True when the text is one named port (<c>ssh</c>, <c>ssh/TCP</c>): a letter before any <c>/</c>.</summary>
    public static bool IsNamed(string text)
    {
        var head = text.Trim().Split('/')[0];
        return head != "any" && head.Any(char.IsAsciiLetter);
    }

    /// <summary>Parses a set of numbered ports only (a named port is an error).</summary>
    public static bool TryParse(string text, out IReadOnlyList<PortInterval> intervals, out string? error)
    {
        if (!TryParse(text, out intervals, out var named, out error))
        {
            return false;
        }

        if (named.Count > 0)
        {
            error = $"'{named[0]}' is a named port; only a workload or selector destination resolves names";
            intervals = [];
            return false;
        }

        return true;
    }

    /// <summary>
    /// Parses the set into merged, sorted intervals and the named ports it lists (<c>NAME</c> or <c>NAME/PROTO</c>,
    /// resolved later per destination pod, as NetworkPolicy resolves a named port).
    /// </summary>
    public static bool TryParse(string text, out IReadOnlyList<PortInterval> intervals, out IReadOnlyList<NamedPortRef> named, out string? error)
    {
        intervals = [];
        named = [];
        error = null;
        if (text.Trim() == "any")
        {
            intervals = Any;
            return true;
        }

        var items = new List<PortInterval>();
        var names = new SortedSet<NamedPortRef>();
        foreach (var raw in text.Split(','))
        {
            var item = raw.Trim();
            if (IsNamed(item))
            {
                if (!NamedPortRef.TryParse(item, out var name, out error))
                {
                    return false;
                }

                names.Add(name);
                continue;
            }

            var dash = item.IndexOf('-', StringComparison.Ordinal);
            if (dash < 0)
            {
                if (!PortProtocol.TryParse(item, out var single, out error))
                {
                    return false;
                }

                items.Add(new PortInterval(single.Protocol, single.Port, single.Port));
                continue;
            }

            // FIRST-LAST/PROTO: the protocol belongs to the whole range.
            if (!PortProtocol.TryParse(item[(dash + 1)..], out var last, out error))
            {
                return false;
            }

            if (!int.TryParse(item[..dash], NumberStyles.None, CultureInfo.InvariantCulture, out var first) || first < 1 || first > 65535)
            {
                error = $"'{item[..dash]}' is not a port number between 1 and 65535";
                return false;
            }

            if (first > last.Port)
            {
                error = $"the range {item} ends before it starts";
                return false;
            }

            items.Add(new PortInterval(last.Protocol, first, last.Port));
        }

        intervals = items.Count == 0 ? [] : PortInterval.Compress(items);
        named = [.. names];
        return true;
    }
}
