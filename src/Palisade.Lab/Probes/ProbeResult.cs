using Palisade.Net;

namespace Palisade.Lab.Probes;

/// <summary>What a single probe saw on the wire.</summary>
public enum ProbeOutcome
{
    /// <summary>The connection was made (TCP/SCTP handshake, or a UDP answer came back).</summary>
    Connected,

    /// <summary>ECONNREFUSED: a reject rule, or nothing listens.</summary>
    Refused,

    /// <summary>No answer within the timeout: a drop rule, or a silent peer.</summary>
    TimedOut,

    /// <summary>A name did not resolve.</summary>
    DnsFailure,

    /// <summary>No route (ICMP host or network unreachable).</summary>
    Unreachable,

    /// <summary>The protocol is not available on this kernel (SCTP without the sctp module).</summary>
    Unsupported,

    /// <summary>Anything else; see the detail.</summary>
    Error,
}

/// <summary>What a probe's outcome proves once compared with a control probe from the node.</summary>
public enum LabVerdict
{
    /// <summary>The connection worked.</summary>
    Allowed,

    /// <summary>The connection failed while the control probe from the node (always allowed) connected.</summary>
    Blocked,

    /// <summary>The probe proves nothing: the control probe failed too (nothing listens), or the probe could not run.</summary>
    Unproven,
}

/// <summary>Where a probe starts: a pod, the outside namespace with a source address, or the node.</summary>
/// <param name="Name">"namespace/name" of a pod, "outside" (optionally "outside@ADDRESS") or "node".</param>
/// <param name="Netns">The namespace the socket is created in.</param>
/// <param name="SourceAddress">The address the socket binds to, or null for the namespace's default.</param>
public sealed record ProbeSource(string Name, string Netns, IpAddr? SourceAddress)
{
    /// <inheritdoc />
    public override string ToString() => Name;
}

/// <summary>One probe's result with timing. <paramref name="Answer"/> is what the server said (the responder names its pod).</summary>
public sealed record ProbeResult(ProbeSource From, IpAddr Address, PortProtocol Port, ProbeOutcome Outcome, TimeSpan Elapsed, string? Answer, string? Detail)
{
    /// <summary>"outside -> 192.168.2.101:2222/TCP connected in 2 ms".</summary>
    public override string ToString() =>
        $"{From} -> {Address}:{Port} {Outcome.ToString().ToLowerInvariant()} in {(int)Elapsed.TotalMilliseconds} ms"
        + (Answer is null ? string.Empty : $" ({Answer})") + (Detail is null ? string.Empty : $": {Detail}");
}

/// <summary>A probe with the control probe from the node that tells "blocked" from "nothing listens".</summary>
public sealed record CheckedProbe(ProbeResult Probe, ProbeResult? Control, LabVerdict Verdict)
{
    /// <summary>Decides the verdict of a probe given its control probe.</summary>
    public static CheckedProbe Decide(ProbeResult probe, ProbeResult? control)
    {
        var verdict = probe.Outcome switch
        {
            ProbeOutcome.Connected => LabVerdict.Allowed,
            ProbeOutcome.Refused or ProbeOutcome.TimedOut when control?.Outcome == ProbeOutcome.Connected => LabVerdict.Blocked,
            _ => LabVerdict.Unproven,
        };
        return new CheckedProbe(probe, control, verdict);
    }

    /// <summary>A one-line explanation.</summary>
    public string Explanation => Verdict switch
    {
        LabVerdict.Allowed => $"connected{(Probe.Answer is null ? string.Empty : $", answered by {Probe.Answer}")}",
        LabVerdict.Blocked => $"{Probe.Outcome.ToString().ToLowerInvariant()} while the node connects: blocked by policy",
        _ when Control is not null && Probe.Outcome is ProbeOutcome.Refused or ProbeOutcome.TimedOut =>
            $"{Probe.Outcome.ToString().ToLowerInvariant()}, but the node gets {Control.Outcome.ToString().ToLowerInvariant()} too: nothing listens there, so this proves nothing",
        _ => $"{Probe.Outcome.ToString().ToLowerInvariant()}: proves nothing{(Probe.Detail is null ? string.Empty : $" ({Probe.Detail})")}",
    };
}
