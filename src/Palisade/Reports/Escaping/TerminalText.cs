namespace Palisade.Reports.Escaping;

/// <summary>
/// Makes input text safe to print on one line of a terminal or log: no control character (an ESC sequence could
/// repaint the screen, a newline could forge a line such as <c>error PAL000</c>), no bidirectional override that
/// could reorder what is shown. Each such character becomes its visible escape (<see cref="VisibleEscape"/>).
/// </summary>
public static class TerminalText
{
    /// <summary>The text with control, line-separator and bidirectional-control characters escaped.</summary>
    public static string Escape(string text) => VisibleEscape.Apply(text, IsUnsafe);

    /// <summary>True for C0 and C1 controls, DEL, Unicode line/paragraph separators and bidirectional controls.</summary>
    public static bool IsUnsafe(char c) =>
        c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029'
        || c is >= '\u202a' and <= '\u202e' || c is >= '\u2066' and <= '\u2069' || c is '\u200e' or '\u200f' or '\u061c'
        || c is '\ufeff' or '\ufffe' or '\uffff';
}
