using Palisade.Diagnostics;
using Palisade.Reports.Escaping;

namespace Palisade.Cli;

/// <summary>
/// Prints diagnostics as "path:line:col: error PAL104: message" with an indented help line. Paths and messages quote
/// input, so control characters are printed as visible escapes: one diagnostic is always exactly its lines.
/// </summary>
internal static class DiagnosticPrinter
{
    /// <summary>Prints each diagnostic; arguments errors without a location print as "palisade: error ...".</summary>
    public static void Print(TextWriter error, IEnumerable<Diagnostic> diagnostics)
    {
        foreach (var d in diagnostics)
        {
            var where = d.Location.IsKnown ? TerminalText.Escape(d.Location.ToString()) : "palisade";
            error.WriteLine($"{where}: {d.Severity.ToString().ToLowerInvariant()} {d.Code}: {TerminalText.Escape(d.Message)}");
            if (!string.IsNullOrEmpty(d.Help))
            {
                error.WriteLine($"    help: {TerminalText.Escape(d.Help)}");
            }
        }
    }
}
