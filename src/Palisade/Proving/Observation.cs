using System.Globalization;
using Palisade.Net;

namespace Palisade.Proving;

/// <summary>
/// One connection attempt as a prover saw it, from the lab's network namespaces or from a pod of a live cluster: the
/// one observation type that provers hand to <see cref="ObservationJudge"/> and that recordings replay.
/// </summary>
/// <param name="Source">Where it started ("dev/belego", "outside@192.168.2.50", "node").</param>
/// <param name="Destination">The address or DNS name connected to.</param>
/// <param name="Port">The destination port and protocol.</param>
/// <param name="Outcome">What happened.</param>
public sealed record Observation(string Source, string Destination, PortProtocol Port, ProbeOutcome Outcome)
{
    /// <summary>What the server said (the lab's responders and sshd name their pod), or null.</summary>
    public string? Answer { get; init; }

    /// <summary>More about the outcome (an error message), or null.</summary>
    public string? Detail { get; init; }

    /// <summary>The pod (and container) the probe ran in and the tool it used, e.g. "dev/belego-5c8d with python3", or null.</summary>
    public string? Where { get; init; }

    /// <summary>How long it took, or null when not measured.</summary>
    public TimeSpan? Elapsed { get; init; }

    /// <summary>"outside -> 192.168.2.101:2222/TCP connected in 2 ms (answer): detail".</summary>
    public override string ToString() =>
        $"{Source} -> {Destination}:{Port} {ControlProbe.Word(Outcome)}"
        + (Elapsed is { } t ? string.Create(CultureInfo.InvariantCulture, $" in {(int)t.TotalMilliseconds} ms") : string.Empty)
        + (Answer is null ? string.Empty : $" ({Answer})")
        + (Detail is null ? string.Empty : $": {Detail}")
        + (Where is null ? string.Empty : $" [from {Where}]");
}

/// <summary>A probe with the control probe that decided it (if one ran) and the verdict of the control-probe rule.</summary>
/// <param name="Probe">The connection asked about.</param>
/// <param name="Control">The control probe that decided a refusal or time-out, or null when none ran.</param>
/// <param name="Verdict">What it proves (<see cref="ControlProbe.Decide"/>).</param>
public sealed record CheckedObservation(Observation Probe, Observation? Control, ProbeVerdict Verdict)
{
    /// <summary>Applies the control-probe rule to a probe and the control that ran for it (null when none could).</summary>
    public static CheckedObservation Decide(Observation probe, Observation? control) =>
        new(probe, control, ControlProbe.Decide(probe.Outcome, control?.Outcome));

    /// <summary>A one-line explanation of the verdict.</summary>
    public string Explanation => ControlProbe.Explain(this);
}
