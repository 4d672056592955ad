using Palisade.Model;
using Palisade.Net;

namespace Palisade.Live.Probing;

/// <summary>
/// One connection to try live: from a pod of <see cref="Source"/> (null: from outside the cluster, which cannot be
/// probed from inside) to <see cref="Destination"/> (a DNS name or an IP address) on a port.
/// </summary>
/// <param name="Source">The source workload (or bare pod) as namespace/name, or null for an outside source.</param>
/// <param name="Destination">Host name or IP address to connect to.</param>
/// <param name="Port">Destination port.</param>
/// <param name="Protocol">Protocol; only TCP is probed.</param>
public sealed record ProbeRequest(ObjectRef? Source, string Destination, int Port, Protocol Protocol)
{
    /// <summary>How the source was written (for an outside source, e.g. "192.168.2.50" or "internet").</summary>
    public string? SourceText { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Source?.ToString() ?? SourceText ?? "outside")} -> {Destination}:{Port}/{Protocol}";
}

/// <summary>What the connection attempt did.</summary>
public enum ProbeOutcome
{
    Connected,
    Refused,
    TimedOut,
    DnsFailure,

    /// <summary>The probe could not run (no tool, exec failed).</summary>
    Error,

    /// <summary>Not attempted (outside source, not TCP).</summary>
    NotRun,
}

/// <summary>What the outcome proves about policy.</summary>
public enum ProbeVerdict
{
    /// <summary>The connection was made.</summary>
    Reachable,

    /// <summary>Refused or timed out while a control probe showed the port listens.</summary>
    Blocked,

    /// <summary>Refused or timed out with no control proving the port listens, or the name did not resolve.</summary>
    ProvesNothing,

    /// <summary>Cannot be probed from inside the cluster (outside source, protocol other than TCP).</summary>
    NotProbeable,

    /// <summary>The probe itself failed.</summary>
    Failed,
}

/// <summary>The result of one probe, with the control probe that decided a refusal, if any.</summary>
/// <param name="Request">What was probed.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Verdict">What it proves.</param>
/// <param name="Pod">The pod (and container) it ran in, as ns/pod[/container].</param>
/// <param name="Tool">The tool that made the connection (python3, bash, nc, busybox).</param>
/// <param name="Detail">A one-line explanation.</param>
/// <param name="Control">The control probe, when one was run.</param>
public sealed record ProbeResult(ProbeRequest Request, ProbeOutcome Outcome, ProbeVerdict Verdict, string? Pod, string? Tool, string Detail, ProbeResult? Control = null);

/// <summary>Picks the workloads from which policy allows a destination, for control probes.</summary>
public interface IControlVantage
{
    /// <summary>Workloads from which the engine says the connection is allowed, best first; may be empty.</summary>
    IReadOnlyList<ObjectRef> ControlSources(ProbeRequest request);
}

/// <summary>How probes run.</summary>
public sealed record ProbeOptions
{
    /// <summary>Probes in flight at once.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>Connect time-out inside the pod.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Image of the ephemeral debug container used when a pod has no shell or no probe tool; null disables it.</summary>
    public string? DebugImage { get; init; } = "busybox:1.36";

    /// <summary>How long to wait for an ephemeral container to start.</summary>
    public TimeSpan DebugStartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
