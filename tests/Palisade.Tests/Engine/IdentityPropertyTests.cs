using CsCheck;
using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Model;
using Palisade.Net;
using Palisade.TestSupport;

namespace Palisade.Tests.Engine;

/// <summary>
/// Over generated clusters with multi-pod workloads, same-name objects of different kinds and empty label values:
/// every endpoint's report name resolves back to it, and explain and check decide every matrix cell as the matrix does.
/// </summary>
public sealed class IdentityPropertyTests
{
    private static readonly PortProtocol[] Ports = [new(80, Protocol.TCP), new(53, Protocol.UDP), new(8080, Protocol.TCP)];

    [Fact]
    public void EndpointId_OnGeneratedClusters_ResolvesBackToThatEndpoint()
    {
        SmallClusterGen.WorkloadClusterGen.Sample(cluster =>
        {
            var lookup = new EndpointLookup(cluster);
            return lookup.Endpoints.Select(e => e.Id).Distinct().Count() == lookup.Endpoints.Count
                && lookup.Endpoints.All(e => lookup.Resolve(e.Id, "x", out _) is WorkloadTarget t && t.Workload == e
                    && lookup.Resolve(e.QualifiedId, "x", out _) is WorkloadTarget q && q.Workload == e)
                && cluster.Pods.Count == lookup.Endpoints.Sum(e => e.Pods.Count);
        }, iter: 1000);
    }

    [Fact]
    public void ExplainAndCheck_OnGeneratedClusters_EqualMatrixOnEveryCell()
    {
        SmallClusterGen.WorkloadClusterGen.Sample(cluster =>
        {
            var engine = new PolicyEngine(cluster);
            var matrix = new ConnectivityMatrix(engine, Ports);
            var checker = new ExpectationChecker(cluster, proxy: null, defaultNamespace: "x");
            var criterion = new Criterion("C", "t", EquatableArray<Expectation>.Empty);
            foreach (var from in matrix.Endpoints)
            {
                foreach (var to in matrix.Endpoints)
                {
                    foreach (var port in Ports)
                    {
                        // Three answers, not two: an undetermined cell must be undetermined in explain and check too.
                        var verdict = matrix.Decide(from, to, port);
                        var cell = verdict == Reachability.Allowed;
                        var (decided, allowedPairs, pairs) = matrix.ExplainCell(from, to, port);
                        var result = checker.Check(criterion, new Expectation("e", from.Id, to.Id, port, cell, null));
                        var pairNamed = decided.Source is PodEndpoint s && from.Pods.Items.Any(p => p.Ref == s.Pod.Ref)
                            && decided.Destination is PodEndpoint d && to.Pods.Items.Any(p => p.Ref == d.Pod.Ref || (from == to && ConnectivityMatrix.ReplicaOf(p).Ref == d.Pod.Ref));
                        // (A denied expectation on a cell where some pairs are allowed fails, rightly: check's "denied"
                        // is "no pair allowed", so only what the engine found is compared on decided cells.)
                        var checkAgrees = verdict == Reachability.Undetermined ? result.Status == ExpectationStatus.Undetermined : result.ActualAllowed == cell;
                        if (!pairNamed || decided.Reachability != verdict || (allowedPairs == pairs) != cell || !checkAgrees)
                        {
                            throw new InvalidOperationException($"{from.Id} -> {to.Id} {port}: matrix {verdict}, explain {decided.Reachability} ({allowedPairs}/{pairs}), check {result.Status} {result.ActualAllowed}");
                        }
                    }
                }
            }
        }, iter: 500);
    }
}
