using System.Globalization;
using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Model;

namespace Palisade.Proving;

/// <summary>What a probing prover did with one representative of a quantified expectation.</summary>
/// <param name="Cell">The representative (its class's first cell).</param>
/// <param name="Observation">The probe and its control, or null when the prover could not make the connection.</param>
/// <param name="NotProbeable">Why the prover could not make it (a pod to come, an IPv6 address in the lab), or null.</param>
public sealed record RepresentativeProbe(QuantifiedCell Cell, CheckedObservation? Observation, string? NotProbeable);

/// <summary>
/// Quantified expectations in probing provers (docs/file-formats.md, "Quantified expectations in the lab and in a
/// cluster"): the cells the static check decides (<see cref="ExpectationChecker.Cells"/>) are grouped into classes
/// and one representative per class is probed. Every probe must agree with the claim; a representative the prover
/// cannot make is decided statically and the report says which and why; above
/// <see cref="QuantifiedCells.MaxRepresentatives"/> nothing is probed and the expectation is undetermined.
/// </summary>
public static class RepresentativeProbes
{
    /// <summary>
    /// The representatives to probe, or null and the result to report when there are more than the limit (a located
    /// PAL359 warning in the note, status undetermined: never passed on a sample).
    /// </summary>
    public static IReadOnlyList<QuantifiedCell>? Plan(ResolvedExpectations expectations, ResolvedExpectation e, string setting, out ExpectationResult? overLimit)
    {
        overLimit = null;
        var representatives = expectations.Checker.Cells(e.Expectation).Representatives();
        if (representatives.Count <= QuantifiedCells.MaxRepresentatives)
        {
            return representatives;
        }

        var limit = QuantifiedCells.MaxRepresentatives.ToString(CultureInfo.InvariantCulture);
        var diagnostic = DiagnosticCatalog.TooManyRepresentatives.Create(e.Expectation.Location,
            $"'{e.Expectation.Name}' has {representatives.Count.ToString(CultureInfo.InvariantCulture)} representatives (one per interval), more than the {limit} a {setting} run probes; it is not probed",
            "narrow the selector, the address set or the port set, or check it statically (without --lab or cluster probe)");
        var predicted = expectations.Predict(e);
        overLimit = predicted with
        {
            Passed = false,
            Status = ExpectationStatus.Undetermined,
            Method = ProofMethod.Probed,
            Note = diagnostic.ToString(),
            Evidence = [$"not probed ({setting}): {representatives.Count.ToString(CultureInfo.InvariantCulture)} representatives exceed the limit of {limit}", $"help: {diagnostic.Help}", $"engine predicted: {(predicted.Passed ? "as expected" : "not as expected")}"],
        };
        return null;
    }

    /// <summary>
    /// Judges a quantified expectation from its representatives' probes: failed when a probe contradicts the claim
    /// (the first one is the counterexample) or a statically decided representative does; undetermined when a probe
    /// proves nothing; passed when every probe agrees. With no representative probeable the result is the static one,
    /// which says it was not probed.
    /// </summary>
    public static ExpectationResult Judge(ResolvedExpectations expectations, ResolvedExpectation e, IReadOnlyList<RepresentativeProbe> probes, string setting)
    {
        var expectation = e.Expectation;
        var predicted = expectations.Predict(e);
        var probed = probes.Where(p => p.NotProbeable is null && p.Observation is { Verdict: not ProbeVerdict.NotProbeable } o && o.Probe.Outcome != ProbeOutcome.Unsupported).ToList();
        var skipped = probes.Except(probed).ToList();
        if (probed.Count == 0)
        {
            return ObservationJudge.DecidedStatically(predicted, setting) with
            {
                Evidence = [.. predicted.Evidence, $"not probed ({setting}): none of the {probes.Count.ToString(CultureInfo.InvariantCulture)} representatives can be probed here ({Reasons(skipped)}); decided by static analysis over every interval"],
            };
        }

        bool Against(bool allowed) => allowed != expectation.Allowed;
        var contradicting = probed.FirstOrDefault(p => p.Observation!.Verdict is ProbeVerdict.Reachable or ProbeVerdict.Blocked && Against(p.Observation.Verdict == ProbeVerdict.Reachable));
        var unknown = probed.Where(p => p.Observation!.Verdict is not (ProbeVerdict.Reachable or ProbeVerdict.Blocked)).ToList();
        var staticAgainst = skipped.FirstOrDefault(p => p.Cell.Verdict == Reachability.Undetermined || Against(p.Cell.Verdict == Reachability.Allowed));
        var reachable = probed.Count(p => p.Observation!.Verdict == ProbeVerdict.Reachable);
        var blocked = probed.Count(p => p.Observation!.Verdict == ProbeVerdict.Blocked);
        var evidence = new List<string>
        {
            $"{I(probed.Count)} representatives probed (one per interval) ({setting}): {I(reachable)} reachable, {I(blocked)} blocked"
                + (unknown.Count > 0 ? $", {I(unknown.Count)} proved nothing" : string.Empty),
        };
        if (skipped.Count > 0)
        {
            evidence.Add($"{I(skipped.Count)} representatives not probeable here ({Reasons(skipped)}): decided by static analysis, "
                + (staticAgainst is null ? "each as expected" : "not all as expected"));
        }

        ExpectationStatus status;
        string note;
        if (contradicting is { } c)
        {
            status = ExpectationStatus.Failed;
            evidence.Add($"counterexample probe: {c.Observation!.Probe}");
            if (c.Observation.Control is { } control)
            {
                evidence.Add($"control: {control}");
            }

            evidence.Add($"verdict: {c.Observation.Explanation}");
            note = $"counterexample: {Cell(c.Cell)} is {(c.Observation.Verdict == ProbeVerdict.Reachable ? "reachable" : "blocked")} (it stands for {c.Cell.DestinationRange} on {c.Cell.Ports})";
        }
        else if (staticAgainst is { } s)
        {
            status = s.Cell.Verdict == Reachability.Undetermined ? ExpectationStatus.Undetermined : ExpectationStatus.Failed;
            note = $"{(status == ExpectationStatus.Failed ? "counterexample (decided statically)" : "undetermined (statically)")}: {Cell(s.Cell)} is {s.Cell.Verdict.ToString().ToLowerInvariant()}; it could not be probed here: {s.NotProbeable ?? s.Observation?.Explanation}";
        }
        else if (unknown.Count > 0)
        {
            status = ExpectationStatus.Undetermined;
            var u = unknown[0];
            evidence.Add($"probe: {u.Observation!.Probe}");
            evidence.Add($"verdict: {u.Observation.Explanation}");
            note = $"undetermined: {I(unknown.Count)} of {I(probed.Count)} representative probes prove nothing";
        }
        else
        {
            status = ExpectationStatus.Passed;
            note = $"{I(probed.Count)} representatives probed (one per interval)" + (skipped.Count > 0 ? $", {I(skipped.Count)} decided statically" : string.Empty);
        }

        evidence.Add($"engine predicted: {(predicted.Passed ? "as expected" : "not as expected")}");
        return predicted with
        {
            Passed = status == ExpectationStatus.Passed,
            Status = status,
            Method = ProofMethod.Probed,
            Note = note,
            Hops = status == ExpectationStatus.Passed ? [] : predicted.Hops,
            Evidence = evidence,
        };
    }

    private static string Reasons(IEnumerable<RepresentativeProbe> skipped) =>
        string.Join("; ", skipped.GroupBy(p => p.NotProbeable ?? p.Observation?.Probe.Detail ?? "not probeable").Select(g => $"{I(g.Count())} x {g.Key}"));

    private static string Cell(QuantifiedCell c) =>
        $"{Name(c.Source)} -> {Name(c.Destination)} port {I(c.Ports.First)}/{c.Ports.Protocol}";

    private static string Name(Endpoint e) => e switch
    {
        PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName } p => $"{p.Pod.Ref} (a pod to come)",
        PodEndpoint p => p.Pod.Ref.ToString(),
        ExternalEndpoint x => x.Address.ToString(),
        _ => e.ToString() ?? string.Empty,
    };

    private static string I(int n) => n.ToString(CultureInfo.InvariantCulture);
}
