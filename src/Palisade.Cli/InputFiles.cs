using Palisade.Diagnostics;
using Palisade.Net;

namespace Palisade.Cli;

/// <summary>
/// Option values commands share, parsed into a <see cref="UserInputException"/> on bad input (the inputs themselves
/// are read by <see cref="CliInputs"/>).
/// </summary>
internal static class InputFiles
{
    /// <summary>Parses --port values or throws a user-input error.</summary>
    public static IReadOnlyList<PortProtocol> ParsePorts(IEnumerable<string> values)
    {
        var list = new List<PortProtocol>();
        foreach (var v in values)
        {
            if (!PortProtocol.TryParse(v, out var pp, out var error))
            {
                throw new UserInputException(DiagnosticCatalog.InvalidPortArgument, $"--port {v}: {error}", "write a port as 80, 80/TCP, 53/UDP or 9000/SCTP");
            }

            list.Add(pp);
        }

        return list;
    }
}
