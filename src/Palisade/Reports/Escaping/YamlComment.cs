namespace Palisade.Reports.Escaping;

/// <summary>
/// Makes input text safe inside a one-line YAML comment: a line break (including NEL, LS and PS, which YAML 1.1
/// readers treat as breaks) would end the comment and let the rest be read as YAML, so it and every character a YAML
/// stream may not hold become visible escapes. The escapes are YAML's own double-quoted ones, so the same function
/// makes the inside of a double-quoted scalar safe (after its backslashes and quotes are escaped).
/// </summary>
public static class YamlComment
{
    /// <summary>The text, safe to follow <c>#</c> on one line.</summary>
    public static string Escape(string text) => VisibleEscape.Apply(text, TerminalText.IsUnsafe);
}
