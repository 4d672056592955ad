namespace Palisade.Proving;

/// <summary>What a probe proves about policy once the control-probe rule (<see cref="ControlProbe"/>) is applied.</summary>
public enum ProbeVerdict
{
    /// <summary>The connection was made.</summary>
    Reachable,

    /// <summary>Refused or timed out while a control probe showed that the port listens.</summary>
    Blocked,

    /// <summary>Refused or timed out with no control showing that the port listens, or the name did not resolve.</summary>
    ProvesNothing,

    /// <summary>Not probed: the prober cannot make this connection (an outside source, a protocol other than TCP).</summary>
    NotProbeable,

    /// <summary>The probe itself failed.</summary>
    Failed,
}
