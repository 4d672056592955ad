using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Model;

namespace Palisade.Live.Probing;

/// <summary>An expectation and the probe that tests it live.</summary>
public sealed record ExpectationProbe(Expectation Expectation, ProbeRequest Request);

/// <summary>How a probe result bears on an expectation.</summary>
public enum ProbeJudgement
{
    Passed,
    Failed,

    /// <summary>The probe proves nothing either way (a refusal without a listening control, DNS, an error).</summary>
    Inconclusive,

    /// <summary>Cannot be probed from inside the cluster.</summary>
    NotProbeable,
}

/// <summary>Turns expectations into probe requests over a snapshot, and judges results.</summary>
public static class ExpectationProbes
{
    /// <summary>
    /// One request per expectation: the source workload (an address or anything else is outside the cluster),
    /// and the destination as a Service DNS name, a workload's first pod IP, or the address written.
    /// </summary>
    public static IReadOnlyList<ExpectationProbe> Plan(ExpectationSet expectations, Model.Cluster cluster, string defaultNamespace)
    {
        var lookup = new EndpointLookup(cluster);
        var list = new List<ExpectationProbe>();
        // Quantified expectations (port or address sets) are not sampled live: the caller reports them as not probed.
        foreach (var e in expectations.All.Where(x => !x.IsQuantified))
        {
            var source = lookup.Resolve(e.From, defaultNamespace, out _) is WorkloadTarget w ? w.Workload.Ref : (ObjectRef?)null;
            var destination = lookup.Resolve(e.To, defaultNamespace, out _) switch
            {
                ServiceTarget s => s.Service.DnsName,
                WorkloadTarget t => t.Workload.Pods.FirstOrDefault(p => !p.FromTemplate && p.Ips.Count > 0)?.Ips[0].ToString() ?? t.Workload.Id,
                AddressTarget a => a.Address.ToString(),
                _ => e.To,
            };
            list.Add(new ExpectationProbe(e, new ProbeRequest(source, destination, e.Port.Port, e.Port.Protocol) { SourceText = e.From }));
        }

        return list;
    }

    /// <summary>Pass when the live verdict matches the expectation; only Reachable and Blocked decide.</summary>
    public static ProbeJudgement Judge(Expectation expectation, ProbeResult result) => result.Verdict switch
    {
        ProbeVerdict.Reachable => expectation.Allowed ? ProbeJudgement.Passed : ProbeJudgement.Failed,
        ProbeVerdict.Blocked => expectation.Allowed ? ProbeJudgement.Failed : ProbeJudgement.Passed,
        ProbeVerdict.NotProbeable => ProbeJudgement.NotProbeable,
        _ => ProbeJudgement.Inconclusive,
    };
}
