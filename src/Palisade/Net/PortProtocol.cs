using System.Globalization;

namespace Palisade.Net;

/// <summary>A destination port and protocol, written "80/TCP".</summary>
public readonly record struct PortProtocol(int Port, Protocol Protocol) : IComparable<PortProtocol>
{
    /// <inheritdoc />
    public int CompareTo(PortProtocol other)
    {
        var c = Port.CompareTo(other.Port);
        return c != 0 ? c : Protocol.CompareTo(other.Protocol);
    }

    /// <summary>Parses "80", "80/TCP", "53/udp"; the protocol defaults to TCP.</summary>
    public static bool TryParse(string? text, out PortProtocol value, out string? error)
    {
        value = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the port is empty";
            return false;
        }

        var parts = text.Split('/');
        if (parts.Length > 2)
        {
            error = $"'{text}' is not PORT or PORT/PROTOCOL";
            return false;
        }

        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port < 1 || port > 65535)
        {
            error = $"'{parts[0]}' is not a port number between 1 and 65535";
            return false;
        }

        var protocol = Protocol.TCP;
        if (parts.Length == 2 && !Protocols.TryParse(parts[1], out protocol))
        {
            error = $"'{parts[1]}' is not a protocol (TCP, UDP or SCTP)";
            return false;
        }

        value = new PortProtocol(port, protocol);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Port.ToString(CultureInfo.InvariantCulture)}/{Protocol}";
}
