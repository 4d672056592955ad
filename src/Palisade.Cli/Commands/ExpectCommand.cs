using System.CommandLine;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade expect snapshot</c>: work with expectations files.</summary>
internal static class ExpectCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create(CliContext ctx) => new("expect", "Work with expectations files: freeze today's connectivity as one")
    {
        ExpectSnapshotCommand.Create(ctx),
    };
}
