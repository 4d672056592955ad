using System.CommandLine;

namespace Palisade.Cli.Commands;

/// <summary>Placeholder while the report is written.</summary>
public static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx) => new("report", "Visual report");
}
