namespace Palisade.Proving;

/// <summary>What one connection attempt did on the wire, whoever made it (the lab or a pod of a live cluster).</summary>
public enum ProbeOutcome
{
    /// <summary>The connection was made (TCP/SCTP handshake, or a UDP answer came back).</summary>
    Connected,

    /// <summary>ECONNREFUSED: a reject rule, or nothing listens.</summary>
    Refused,

    /// <summary>No answer within the time-out: a drop rule, or a silent peer.</summary>
    TimedOut,

    /// <summary>A name did not resolve.</summary>
    DnsFailure,

    /// <summary>No route (ICMP host or network unreachable).</summary>
    Unreachable,

    /// <summary>The protocol is not available on this kernel (SCTP without the sctp module).</summary>
    Unsupported,

    /// <summary>The probe could not run (no tool, exec failed, anything else); see the detail.</summary>
    Error,

    /// <summary>Not attempted (a source outside the cluster, a protocol the prober cannot tell apart from silence).</summary>
    NotRun,
}
