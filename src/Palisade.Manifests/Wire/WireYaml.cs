using System.Text;
using System.Text.RegularExpressions;
using Palisade.Reports.Escaping;

namespace Palisade.Manifests.Wire;

/// <summary>
/// Writes wire objects as YAML documents kubectl and our loader read: block style, two spaces per level, list items
/// indented under their key, a comment line above an entry or item where the writer gave one. Output is deterministic.
/// </summary>
public static partial class WireYaml
{
    /// <summary>Writes the documents separated by <c>---</c>, after an optional header comment line.</summary>
    public static void Write(IEnumerable<WireObject> documents, TextWriter output, string? header = null)
    {
        var sb = new StringBuilder();
        if (header is not null)
        {
            Comment(sb, string.Empty, header);
        }

        var first = true;
        foreach (var d in documents)
        {
            if (!first)
            {
                sb.Append("---\n");
            }

            first = false;
            if (d.Comment is not null)
            {
                Comment(sb, string.Empty, d.Comment);
            }

            Map(sb, d.Body, 0, null);
            if (sb.Length > 32 * 1024)
            {
                output.Write(sb);
                sb.Clear();
            }
        }

        output.Write(sb);
    }

    /// <summary>Writes the documents to a string.</summary>
    public static string ToYaml(IEnumerable<WireObject> documents, string? header = null)
    {
        var w = new StringWriter();
        Write(documents, w, header);
        return w.ToString();
    }

    /// <summary>A YAML scalar for input text, quoted when a plain scalar would be read as something else.</summary>
    public static string Scalar(string value) =>
        Plain().IsMatch(value) && !Special().IsMatch(value)
            ? value
            : "\"" + YamlComment.Escape(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)) + "\"";

    private static void Comment(StringBuilder sb, string pad, string text) =>
        // Comment text may come from input (names, rule descriptions): it must not break out of its line.
        sb.Append(pad).Append("# ").Append(YamlComment.Escape(text)).Append('\n');

    /// <summary>Writes a non-empty mapping's entries; the first line starts with <paramref name="firstPrefix"/> ("- ") when given.</summary>
    private static void Map(StringBuilder sb, WireMap map, int indent, string? firstPrefix)
    {
        var pad = new string(' ', indent);
        foreach (var (key, value, comment) in map.Entries)
        {
            if (comment is not null)
            {
                Comment(sb, pad, comment);
            }

            sb.Append(firstPrefix ?? pad).Append(Scalar(key)).Append(':');
            firstPrefix = null;
            Value(sb, value, indent);
        }
    }

    /// <summary>Writes what follows "key:" for a key at <paramref name="indent"/>.</summary>
    private static void Value(StringBuilder sb, WireNode value, int indent)
    {
        switch (value)
        {
            case WireMap { IsEmpty: true }:
                sb.Append(" {}\n");
                break;
            case WireMap map:
                sb.Append('\n');
                Map(sb, map, indent + 2, null);
                break;
            case WireList { Items.Count: 0 }:
                sb.Append(" []\n");
                break;
            case WireList { Flow: true } flow:
                sb.Append(" [").AppendJoin(", ", flow.Items.Select(i => ScalarText((WireScalar)i.Item))).Append("]\n");
                break;
            case WireList list:
                sb.Append('\n');
                var pad = new string(' ', indent + 2);
                foreach (var (item, comment) in list.Items)
                {
                    if (comment is not null)
                    {
                        Comment(sb, pad, comment);
                    }

                    switch (item)
                    {
                        case WireMap { IsEmpty: false } m:
                            Map(sb, m, indent + 4, pad + "- ");
                            break;
                        case WireMap:
                            sb.Append(pad).Append("- {}\n");
                            break;
                        case WireList:
                            throw new InvalidOperationException("a list directly inside a list is not written by this writer");
                        case WireScalar s:
                            sb.Append(pad).Append("- ").Append(ScalarText(s)).Append('\n');
                            break;
                    }
                }

                break;
            case WireScalar s:
                sb.Append(' ').Append(ScalarText(s)).Append('\n');
                break;
        }
    }

    private static string ScalarText(WireScalar s) => s.Kind == WireScalarKind.Text ? Scalar(s.Value) : s.Value;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._/-]*$")]
    private static partial Regex Plain();

    // YAML 1.1 readers (kubectl) take words like yes/no as booleans and anything starting with a digit may be a
    // number or a timestamp (0b101, 1E3, 2024-01-01): quote those.
    [GeneratedRegex("^(?i:true|false|yes|no|on|off|y|n|null|~)$|^[0-9.+-]")]
    private static partial Regex Special();
}
