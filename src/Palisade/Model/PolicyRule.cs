namespace Palisade.Model;

/// <summary>The peers a rule names. Closed hierarchy: every peer, or a list.</summary>
public abstract record PeerList
{
    private protected PeerList()
    {
    }
}

/// <summary><c>from</c>/<c>to</c> absent or empty: the rule matches every peer.</summary>
public sealed record AnyPeer : PeerList
{
    /// <summary>The single instance.</summary>
    public static AnyPeer Instance { get; } = new();

    private AnyPeer()
    {
    }
}

/// <summary>A non-empty list of peers; matching any one is enough (OR).</summary>
public sealed record Peers(EquatableArray<Peer> Items) : PeerList;

/// <summary>The ports a rule names. Closed hierarchy: every port and protocol, or a list.</summary>
public abstract record PortList
{
    private protected PortList()
    {
    }
}

/// <summary><c>ports</c> absent or empty: the rule matches every port of every protocol.</summary>
public sealed record AnyPort : PortList
{
    /// <summary>The single instance.</summary>
    public static AnyPort Instance { get; } = new();

    private AnyPort()
    {
    }
}

/// <summary>A non-empty list of ports; matching any one is enough.</summary>
public sealed record Ports(EquatableArray<PolicyPort> Items) : PortList;

/// <summary>The direction of a rule or an isolation.</summary>
public enum Direction
{
    Ingress,
    Egress,
}

/// <summary>One ingress or egress rule of a policy, numbered from 0 as written.</summary>
public sealed record PolicyRule(Direction Direction, int Index, PeerList Peers, PortList Ports)
{
    /// <summary>Where the rule starts in the source.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>The comment line just above the rule in the source, if any (for reports).</summary>
    public string? Comment { get; init; }
}
