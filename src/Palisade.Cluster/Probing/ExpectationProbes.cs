using Palisade.Engine;
using Palisade.Proving;

namespace Palisade.Cluster.Probing;

/// <summary>Turns resolved expectations into the probe requests that test them live.</summary>
public static class ExpectationProbes
{
    /// <summary>
    /// One request per expectation, in order: the source workload (an address is outside the cluster), and the
    /// destination as a Service DNS name, a workload's first pod IP, or the address written.
    /// </summary>
    public static IReadOnlyList<ProbeRequest> Plan(ResolvedExpectations expectations) => Plan(expectations.Items);

    /// <summary>One request per given expectation, in order (see the overload).</summary>
    public static IReadOnlyList<ProbeRequest> Plan(IEnumerable<ResolvedExpectation> expectations) =>
        [.. expectations.Select(e => new ProbeRequest(
            e.From is WorkloadTarget w ? w.Workload.Ref : null,
            e.To switch
            {
                ServiceTarget s => s.Service.DnsName,
                WorkloadTarget t => t.Workload.Pods.FirstOrDefault(p => !p.FromTemplate && p.Ips.Count > 0)?.Ips[0].ToString() ?? t.Workload.Id,
                AddressTarget a => a.Address.ToString(),
                _ => e.Expectation.To,
            },
            e.Expectation.Port.Port,
            e.Expectation.Port.Protocol) { SourceText = e.Expectation.From })];
}
