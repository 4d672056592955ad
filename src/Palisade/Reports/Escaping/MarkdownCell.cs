using System.Text;

namespace Palisade.Reports.Escaping;

/// <summary>
/// Makes input text safe in one cell of a GitHub-flavoured Markdown table (also used for list items and summaries):
/// <c>|</c> would split the cell, a line break would end the table, <c>&lt;</c> could open an HTML element.
/// </summary>
public static class MarkdownCell
{
    /// <summary>Plain text in a cell.</summary>
    public static string Escape(string text)
    {
        var visible = TerminalText.Escape(text);
        var sb = new StringBuilder(visible.Length + 8);
        foreach (var c in visible)
        {
            switch (c)
            {
                case '|': sb.Append("\\|"); break;
                case '<': sb.Append("&lt;"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Text shown as a code span in a cell: backticks cannot be escaped inside one, so they become <c>'</c>.</summary>
    public static string Code(string text) =>
        "`" + TerminalText.Escape(text).Replace('`', '\'').Replace("|", "\\|", StringComparison.Ordinal) + "`";
}
