using Palisade.Model;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Cluster.Probing;

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
    /// <summary>
    /// True for a representative of a quantified expectation: a source workload with no running pod makes this probe
    /// not run (decided statically) instead of stopping the whole run.
    /// </summary>
    public bool SourceMayBeAbsent { get; init; }

    /// <summary>How the source was written (for an outside source, e.g. "192.168.2.50" or "internet").</summary>
    public string? SourceText { get; init; }

    /// <inheritdoc />
    public override string ToString() =>
        $"{(Source?.ToString() ?? SourceText ?? "outside")} -> {Destination}:{Port}/{Protocol}";
}

/// <summary>The result of one probe, with the control probe that decided a refusal, if any.</summary>
/// <param name="Request">What was probed.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="Pod">The pod (and container) it ran in, as ns/pod[/container].</param>
/// <param name="Tool">The tool that made the connection (python3, bash, nc, busybox).</param>
/// <param name="Detail">Why it could not run or what failed, or null.</param>
/// <param name="Control">The control probe that decided a refusal or time-out: the first that connected, else the last tried.</param>
public sealed record ProbeResult(ProbeRequest Request, ProbeOutcome Outcome, string? Pod, string? Tool, string? Detail, ProbeResult? Control = null)
{
    /// <summary>The probe as the core's observation (the source is the workload it ran from).</summary>
    public Observation ToObservation() =>
        new(Request.Source?.ToString() ?? Request.SourceText ?? "outside", Request.Destination, new PortProtocol(Request.Port, Request.Protocol), Outcome)
        {
            Detail = Detail,
            Where = Pod is null ? null : Tool is null ? Pod : $"{Pod} with {Tool}",
        };

    /// <summary>The probe and its control with the verdict of the control-probe rule.</summary>
    public CheckedObservation Checked => CheckedObservation.Decide(ToObservation(), Control?.ToObservation());

    /// <summary>What the probe proves (<see cref="ControlProbe.Decide"/>).</summary>
    public ProbeVerdict Verdict => Checked.Verdict;

    /// <summary>A one-line explanation of the verdict.</summary>
    public string Explanation => Checked.Explanation;
}

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
