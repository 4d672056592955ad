using Palisade.Expectations;
using Palisade.Reports;

namespace Palisade.Cli;

/// <summary>Writes a check report to standard output or, atomically, to a file (check and cluster probe alike).</summary>
internal static class CheckReports
{
    /// <summary>Writes <paramref name="report"/> in <paramref name="format"/>; to <paramref name="file"/> when given, with a summary on standard error.</summary>
    public static void Write(CliContext ctx, CheckReport report, OutputFormat format, string? file, bool explainPasses, string title, CheckScope? scope = null)
    {
        if (file is null)
        {
            CheckReportWriter.Write(report, format, ctx.Out, explainPasses, title, scope);
            return;
        }

        AtomicFile.Write(ctx, file, w => CheckReportWriter.Write(report, format, w, explainPasses, title, scope));
        ctx.Err.WriteLine($"{CheckReportWriter.Counts(report)}; report written to {Palisade.Reports.Escaping.TerminalText.Escape(file)}");
    }
}
