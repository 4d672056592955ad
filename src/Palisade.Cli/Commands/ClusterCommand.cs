using System.CommandLine;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade cluster snapshot|apply|probe</c>: live mode through the Kubernetes API.</summary>
internal static class ClusterCommand
{
    /// <summary>Builds the command group.</summary>
    public static Command Create(CliContext ctx) => new("cluster", "Work with a live cluster: snapshot it, apply rendered policies, probe expectations")
    {
        ClusterSnapshotCommand.Create(ctx),
        ClusterApplyCommand.Create(ctx),
        ClusterProbeCommand.Create(ctx),
    };
}
