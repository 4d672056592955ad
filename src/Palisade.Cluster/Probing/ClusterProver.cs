using Palisade.Expectations;
using Palisade.Cluster.Connection;
using Palisade.Model;
using Palisade.Proving;

namespace Palisade.Cluster.Probing;

/// <summary>
/// Proves expectations with probes from pods of a live cluster (<c>palisade cluster probe</c>): one probe per
/// expectation from a running pod of its source workload, control probes from workloads the engine says policy
/// allows, judged like every other probing prover. A quantified expectation is probed with one representative per
/// class of cells (<see cref="RepresentativeProbes"/>): a pod to come and an outside source cannot be probed live.
/// </summary>
public sealed class ClusterProver(ClusterConnection connection, ProbeOptions options) : IExpectationProver
{
    private const string Setting = "cluster";

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExpectationResult>> ProveAsync(ResolvedExpectations expectations, CancellationToken cancellationToken = default)
    {
        var probed = expectations.Items.Where(e => !e.Expectation.IsQuantified).ToList();
        var requests = ExpectationProbes.Plan(probed).ToList();
        var single = requests.Count;
        var plans = new Dictionary<ResolvedExpectation, (IReadOnlyList<(QuantifiedCell Cell, int Request, string? Why)> Probes, ExpectationResult? OverLimit)>(ReferenceEqualityComparer.Instance);
        var workloadOf = WorkloadEndpoint.Group(expectations.Snapshot).SelectMany(w => w.Pods.Select(p => (Pod: p.Ref, Workload: w.Ref))).DistinctBy(x => x.Pod).ToDictionary(x => x.Pod, x => x.Workload);
        foreach (var e in expectations.Items.Where(e => e.Expectation.IsQuantified))
        {
            var representatives = RepresentativeProbes.Plan(expectations, e, Setting, out var overLimit);
            var placed = new List<(QuantifiedCell, int, string?)>();
            foreach (var cell in representatives ?? [])
            {
                var (request, why) = Place(cell, expectations.Snapshot, workloadOf);
                if (request is not null)
                {
                    requests.Add(request with { SourceText = e.Expectation.From, SourceMayBeAbsent = true });
                }

                placed.Add((cell, request is null ? -1 : requests.Count - 1, why));
            }

            plans[e] = (placed, overLimit);
        }

        var prober = new ClusterProber(connection, options, new EngineControlVantage(expectations.Snapshot));
        var probes = await prober.RunAsync(requests, cancellationToken).ConfigureAwait(false);
        var next = 0;
        return [.. expectations.Items.Select(e =>
        {
            if (!e.Expectation.IsQuantified)
            {
                return ObservationJudge.Judge(e, probes[next++].Checked, Setting, expectations.Predict(e).ActualAllowed);
            }

            var (placed, overLimit) = plans[e];
            return overLimit ?? RepresentativeProbes.Judge(expectations, e, [.. placed.Select(p => p.Request < 0
                ? new RepresentativeProbe(p.Cell, null, p.Why)
                : new RepresentativeProbe(p.Cell, probes[p.Request].Checked, null))], Setting);
        })];
    }

    /// <summary>The live probe for a representative: from a running pod of the source's workload to a pod address or the interval's smallest address.</summary>
    private static (ProbeRequest? Request, string? Why) Place(QuantifiedCell cell, ClusterSnapshot cluster, Dictionary<ObjectRef, ObjectRef> workloadOf)
    {
        ObjectRef? source = null;
        switch (cell.Source)
        {
            case PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName }:
                return (null, "a pod to come (hypothetical: true) does not run in the cluster");
            case PodEndpoint p when workloadOf.TryGetValue(p.Pod.Ref, out var w):
                source = w;
                break;
            case PodEndpoint p:
                source = p.Pod.Ref;
                break;
        }

        string? destination;
        switch (cell.Destination)
        {
            case PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName }:
                return (null, "a pod to come (hypothetical: true) does not run in the cluster");
            case PodEndpoint p when p.Pod.Ref.Name.EndsWith("~replica", StringComparison.Ordinal):
                // A workload to itself: a second pod of the same owner, with an address, stands for the replica.
                var twin = cell.Source is PodEndpoint s && s.Pod.Owner is { } owner
                    ? cluster.Pods.FirstOrDefault(x => x.Ref != s.Pod.Ref && !x.FromTemplate && x.Ips.Count > 0 && x.Owner is { } o && o.Ref == owner.Ref)
                    : null;
                if (twin is null)
                {
                    return (null, "the workload has one running pod; a pod is not probed against itself");
                }

                destination = twin.Ips[0].ToString();
                break;
            case PodEndpoint p when !p.Pod.FromTemplate && p.Pod.Ips.Count > 0:
                destination = p.Pod.Ips[0].ToString();
                break;
            case PodEndpoint p:
                return (null, $"{p.Pod.Ref} has no pod address in the snapshot");
            case ExternalEndpoint x:
                destination = (cell.Addresses?.First ?? x.Address).ToString();
                break;
            default:
                return (null, $"the destination {cell.Destination} cannot be probed");
        }

        return (new ProbeRequest(source, destination, cell.Ports.First, cell.Ports.Protocol), null);
    }
}
