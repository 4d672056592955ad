namespace Palisade.Proving;

/// <summary>
/// The control-probe rule, shared by every prover that sends real packets: a connection that works proves it is
/// allowed, but a refusal or a time-out looks the same whether policy blocks it or nothing listens. It counts as
/// blocked only when a control probe, from a place policy allows, connects to the same address and port.
/// </summary>
public static class ControlProbe
{
    /// <summary>True when an outcome needs a control probe before it can prove anything.</summary>
    public static bool IsNeeded(ProbeOutcome outcome) => outcome is ProbeOutcome.Refused or ProbeOutcome.TimedOut;

    /// <summary>Decides what a probe proves given the outcome of its control probe (null when none ran).</summary>
    public static ProbeVerdict Decide(ProbeOutcome probe, ProbeOutcome? control) => probe switch
    {
        ProbeOutcome.Connected => ProbeVerdict.Reachable,
        ProbeOutcome.Refused or ProbeOutcome.TimedOut when control == ProbeOutcome.Connected => ProbeVerdict.Blocked,
        ProbeOutcome.NotRun => ProbeVerdict.NotProbeable,
        ProbeOutcome.Error => ProbeVerdict.Failed,
        _ => ProbeVerdict.ProvesNothing,
    };

    /// <summary>The outcome in a word or two.</summary>
    public static string Word(ProbeOutcome outcome) => outcome switch
    {
        ProbeOutcome.Connected => "connected",
        ProbeOutcome.Refused => "refused",
        ProbeOutcome.TimedOut => "timed out",
        ProbeOutcome.DnsFailure => "a DNS failure",
        ProbeOutcome.Unreachable => "unreachable",
        ProbeOutcome.Unsupported => "unsupported",
        ProbeOutcome.NotRun => "not run",
        _ => "an error",
    };

    /// <summary>Why the verdict follows from the probe and its control, in one line (the probe's detail is not repeated).</summary>
    public static string Explain(CheckedObservation o)
    {
        var probe = o.Probe;
        var what = Word(probe.Outcome);
        return o.Verdict switch
        {
            ProbeVerdict.Reachable => probe.Answer is null ? "connected" : $"connected, answered by {probe.Answer}",
            ProbeVerdict.Blocked => $"{what}, while a control probe from {o.Control!.Source} (allowed by policy) connected: the port listens, so policy blocks this connection",
            ProbeVerdict.NotProbeable => "not probeable",
            ProbeVerdict.Failed => "the probe failed",
            _ when IsNeeded(probe.Outcome) && o.Control is { } c =>
                $"{what}, and the control probe from {c.Source} was {Word(c.Outcome)} too: nothing shows the port listens, so this proves nothing",
            _ when IsNeeded(probe.Outcome) =>
                $"{what}, and no control probe could run: nothing shows the port listens, so this proves nothing",
            _ => $"{what}: this proves nothing",
        };
    }
}
