using System.Text;

namespace Palisade.Reports.Escaping;

/// <summary>A Graphviz DOT double-quoted string: backslash and quote escaped, line breaks as DOT's <c>\n</c>.</summary>
public static class DotString
{
    /// <summary>The text as a quoted DOT string; a newline is a line break in the label, other controls are shown escaped.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        var first = true;
        foreach (var part in text.Split('\n'))
        {
            if (!first)
            {
                sb.Append("\\n");
            }

            first = false;

            var visible = TerminalText.Escape(part);
            sb.Append(visible.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal));
        }

        return sb.Append('"').ToString();
    }
}
