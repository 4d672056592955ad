using System.Globalization;
using Palisade.Net;

namespace Palisade.Model;

/// <summary>The port part of a policy port entry. Closed hierarchy.</summary>
public abstract record PortSpec
{
    private protected PortSpec()
    {
    }
}

/// <summary>No <c>port</c> given: every port of the protocol.</summary>
public sealed record AnyPortNumber : PortSpec
{
    /// <summary>The single instance.</summary>
    public static AnyPortNumber Instance { get; } = new();

    private AnyPortNumber()
    {
    }

    /// <inheritdoc />
    public override string ToString() => "*";
}

/// <summary>A numeric port, or a range from <c>port</c> to <c>endPort</c> inclusive.</summary>
public sealed record PortNumberRange(int Port, int EndPort) : PortSpec
{
    /// <summary>True when the number is in the range.</summary>
    public bool Contains(int port) => port >= Port && port <= EndPort;

    /// <inheritdoc />
    public override string ToString() => Port == EndPort
        ? Port.ToString(CultureInfo.InvariantCulture)
        : $"{Port.ToString(CultureInfo.InvariantCulture)}-{EndPort.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>A named port, resolved on the destination pod's container ports of the same protocol.</summary>
public sealed record NamedPort(string Name) : PortSpec
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>One entry of a rule's <c>ports</c> list. Protocol defaults to TCP at the edge.</summary>
public sealed record PolicyPort(Protocol Protocol, PortSpec Port)
{
    /// <summary>Where it was written.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <inheritdoc />
    public override string ToString() => $"{Port}/{Protocol}";
}
