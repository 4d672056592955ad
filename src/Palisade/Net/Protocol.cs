namespace Palisade.Net;

/// <summary>The transport protocols a NetworkPolicy port can name.</summary>
public enum Protocol
{
    TCP,
    UDP,
    SCTP,
}

/// <summary>Parsing and formatting of <see cref="Protocol"/> as Kubernetes spells it.</summary>
public static class Protocols
{
    /// <summary>All protocols, in a fixed order.</summary>
    public static IReadOnlyList<Protocol> All { get; } = [Protocol.TCP, Protocol.UDP, Protocol.SCTP];

    /// <summary>Parses "TCP", "UDP" or "SCTP" (case-insensitive, as kubectl users type it).</summary>
    public static bool TryParse(string? text, out Protocol protocol)
    {
        switch (text?.ToUpperInvariant())
        {
            case "TCP": protocol = Protocol.TCP; return true;
            case "UDP": protocol = Protocol.UDP; return true;
            case "SCTP": protocol = Protocol.SCTP; return true;
            default: protocol = Protocol.TCP; return false;
        }
    }
}
