using Palisade.Expectations;

namespace Palisade.Proving;

/// <summary>
/// Turns what a probing prover saw into the result of an expectation, the same way for the lab, a live cluster and
/// recorded observations: only <see cref="ProbeVerdict.Reachable"/> and <see cref="ProbeVerdict.Blocked"/> decide;
/// a probe that proves nothing leaves the expectation undetermined.
/// </summary>
public static class ObservationJudge
{
    /// <summary>
    /// The result of a quantified expectation none of whose representatives a probing prover can make
    /// (<see cref="RepresentativeProbes.Judge"/>): the static decision over every interval (the engine's
    /// <paramref name="predicted"/> result), saying so: its method stays <see cref="ProofMethod.Proved"/> and its
    /// evidence names the setting that did not probe it. A set that fails statically fails the probing run too.
    /// </summary>
    public static ExpectationResult DecidedStatically(ExpectationResult predicted, string setting) =>
        predicted with
        {
            Method = ProofMethod.Proved,
            Evidence = [.. predicted.Evidence, $"not probed ({setting}): a selector, port or address set is decided by static analysis over every interval; packets would only sample it"],
        };

    /// <summary>Judges one expectation.</summary>
    /// <param name="expectation">The expectation.</param>
    /// <param name="observation">The probe, its control and the verdict of the control-probe rule.</param>
    /// <param name="setting">How the probe was made, for the evidence ("lab, reject mode, SSH login").</param>
    /// <param name="predicted">The engine's verdict for the same connection, or null when not known.</param>
    public static ExpectationResult Judge(ResolvedExpectation expectation, CheckedObservation observation, string setting, bool? predicted)
    {
        var e = expectation.Expectation;
        var evidence = new List<string> { $"probe ({setting}): {observation.Probe}" };
        if (observation.Control is { } control)
        {
            evidence.Add($"control: {control}");
        }

        evidence.Add($"verdict: {observation.Explanation}");
        if (predicted is { } p)
        {
            evidence.Add($"engine predicted: {(p ? "allowed" : "denied")}");
        }

        var actual = observation.Verdict == ProbeVerdict.Reachable;
        (ExpectationStatus status, string? note) = observation.Verdict switch
        {
            ProbeVerdict.Reachable or ProbeVerdict.Blocked when actual != e.Allowed => (ExpectationStatus.Failed, null),
            ProbeVerdict.Reachable when expectation.Reaches is { } target => Lands(observation.Probe.Answer, target),
            ProbeVerdict.Reachable or ProbeVerdict.Blocked => (ExpectationStatus.Passed, null),
            ProbeVerdict.NotProbeable => (ExpectationStatus.NotProbeable, null),
            _ => (ExpectationStatus.Undetermined, "the probe proves nothing"),
        };
        return new ExpectationResult(e, expectation.Criterion, actual, [], note)
        {
            Passed = status == ExpectationStatus.Passed,
            Status = status,
            Method = ProofMethod.Probed,
            Evidence = evidence,
        };
    }

    /// <summary>A proxied connection must land in the expected workload: the answer names the pod that answered.</summary>
    private static (ExpectationStatus, string?) Lands(string? answer, Engine.WorkloadTarget target)
    {
        if (answer is null)
        {
            return (ExpectationStatus.Undetermined, $"the probe cannot tell which pod answered; expected {target.Workload.Id}");
        }

        var lands = target.Workload.Pods.Items.Any(p => answer.Contains(p.Ref.Name, StringComparison.Ordinal));
        return lands
            ? (ExpectationStatus.Passed, $"answered by {answer}")
            : (ExpectationStatus.Failed, $"answered by {(answer.Length == 0 ? "nobody" : answer)}, expected {target.Workload.Id}");
    }
}
