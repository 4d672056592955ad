using System.Xml;

namespace Palisade.Reports.Escaping;

/// <summary>
/// Makes input text storable in XML 1.0 (JUnit reports): characters XML cannot hold at all (NUL, BEL, ESC and other C0
/// controls but tab, newline and carriage return; U+FFFE, U+FFFF; lone surrogates) become visible escapes, so the
/// writer never throws and every reader parses the file. Markup characters are left to the XML writer.
/// </summary>
public static class XmlCharacters
{
    /// <summary>The text with characters XML 1.0 cannot hold escaped.</summary>
    public static string Escape(string text) => VisibleEscape.Apply(text, c => !char.IsSurrogate(c) && !XmlConvert.IsXmlChar(c));
}
