using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Lab.Probes;

/// <summary>Makes the core's <see cref="Observation"/> from what a lab probe saw.</summary>
internal static class LabObservation
{
    /// <summary>An observation from a lab source to an address; <paramref name="answer"/> is what the server said (responders name their pod).</summary>
    public static Observation Make(ProbeSource from, IpAddr address, PortProtocol port, ProbeOutcome outcome, TimeSpan elapsed, string? answer, string? detail) =>
        new(from.Name, address.ToString(), port, outcome) { Elapsed = elapsed, Answer = answer, Detail = detail };
}
