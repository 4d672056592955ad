using System.Text.RegularExpressions;

namespace Palisade.Cli;

/// <summary>
/// Colour for text reports on a terminal: verdicts (PASS, FAIL, [proved], [failed], undetermined) and severities
/// (error, warning). Only whole lines of the text formats are coloured: a line that starts like JSON, XML, CSV or a
/// markdown table is left alone. Colour is off when the stream is not a terminal, when NO_COLOR is set and not empty
/// (no-color.org), when TERM is dumb, or with --no-color.
/// </summary>
internal static partial class TerminalStyle
{
    private const string Reset = "\u001b[0m";
    private const string Red = "\u001b[31m";
    private const string Green = "\u001b[32m";
    private const string Yellow = "\u001b[33m";

    /// <summary>True when colour may be written to a stream that is a terminal (<paramref name="isTerminal"/>).</summary>
    public static bool Enabled(bool isTerminal, IReadOnlyList<string> args, Func<string, string?> environment) =>
        isTerminal
        && environment("NO_COLOR") is null or ""
        && environment("TERM") is not ("dumb" or null or "")
        && !BeforeDoubleDash(args).Contains(CommonOptions.NoColorName);

    /// <summary>The line with its verdict and severity words coloured.</summary>
    public static string Colour(string line)
    {
        var trimmed = line.TrimStart();
        if (trimmed.Length == 0 || trimmed[0] is '"' or '{' or '}' or '[' or ']' or '<' or '|' or ',' || line.Contains('\u001b'))
        {
            return line;
        }

        line = Tag().Replace(line, m => m.Groups[1].Value + Paint(m.Groups[2].Value) + m.Groups[3].Value);
        line = State().Replace(line, m => "[" + Paint(m.Groups[1].Value) + "]");
        return Severity().Replace(line, m => m.Groups[1].Value + Paint(m.Groups[2].Value) + m.Groups[3].Value);
    }

    private static string Paint(string word)
    {
        var colour = word switch
        {
            "PASS" or "proved" => Green,
            "FAIL" or "error" => Red,
            _ when word.Contains("failed", StringComparison.Ordinal) => Red,
            _ => Yellow,
        };
        return colour + word + Reset;
    }

    private static IEnumerable<string> BeforeDoubleDash(IReadOnlyList<string> args) => args.TakeWhile(a => a != "--");

    // "  PASS  name" and the other tags of a check report's expectation lines.
    [GeneratedRegex(@"^(\s+)(PASS|FAIL|\?\?\?\?)(\s)")]
    private static partial Regex Tag();

    // A criterion's state at the end of its line: [proved], [1 failed], [2 undetermined, 1 not probeable], ...
    [GeneratedRegex(@"\[(proved|\d+ (?:failed|undetermined|not probeable)(?:, \d+ (?:undetermined|not probeable))*)\]$")]
    private static partial Regex State();

    // "path:1:2: error PAL104:" and "palisade: warning PAL168:".
    [GeneratedRegex(@"(: |^\s*)(error|warning)( PAL\d{3}:)")]
    private static partial Regex Severity();
}
