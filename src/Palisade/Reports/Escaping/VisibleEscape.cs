using System.Globalization;
using System.Text;

namespace Palisade.Reports.Escaping;

/// <summary>
/// The one spelling of a character an artifact cannot carry as is: <c>\n</c>, <c>\r</c>, <c>\t</c>, <c>\xHH</c> below
/// U+0100, <c>\uHHHH</c> above. The artifact sanitisers share it so that a character reads the same everywhere.
/// </summary>
public static class VisibleEscape
{
    /// <summary>Appends the visible escape of one UTF-16 code unit.</summary>
    public static void Append(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '\n': sb.Append("\\n"); break;
            case '\r': sb.Append("\\r"); break;
            case '\t': sb.Append("\\t"); break;
            default:
                sb.Append(c < 0x100 ? "\\x" : "\\u")
                  .Append(((int)c).ToString(c < 0x100 ? "x2" : "x4", CultureInfo.InvariantCulture));
                break;
        }
    }

    /// <summary>
    /// Returns <paramref name="text"/> with every code unit for which <paramref name="mustEscape"/> is true replaced by
    /// its visible escape; a lone surrogate is always escaped. Returns the same string when nothing needs escaping.
    /// </summary>
    public static string Apply(string text, Func<char, bool> mustEscape)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while (i < text.Length && !NeedsEscape(text, i, mustEscape))
        {
            i += char.IsHighSurrogate(text[i]) ? 2 : 1;
        }

        if (i >= text.Length)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 16).Append(text, 0, i);
        while (i < text.Length)
        {
            if (NeedsEscape(text, i, mustEscape))
            {
                Append(sb, text[i]);
                i++;
            }
            else if (char.IsHighSurrogate(text[i]))
            {
                sb.Append(text, i, 2);
                i += 2;
            }
            else
            {
                sb.Append(text[i]);
                i++;
            }
        }

        return sb.ToString();
    }

    private static bool NeedsEscape(string text, int i, Func<char, bool> mustEscape)
    {
        var c = text[i];
        if (char.IsHighSurrogate(c))
        {
            return i + 1 >= text.Length || !char.IsLowSurrogate(text[i + 1]);
        }

        return char.IsLowSurrogate(c) || mustEscape(c);
    }
}
