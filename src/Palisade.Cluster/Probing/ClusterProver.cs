using Palisade.Expectations;
using Palisade.Cluster.Connection;
using Palisade.Proving;

namespace Palisade.Cluster.Probing;

/// <summary>
/// Proves expectations with probes from pods of a live cluster (<c>palisade cluster probe</c>): one probe per
/// expectation from a running pod of its source workload, control probes from workloads the engine says policy
/// allows, judged like every other probing prover.
/// </summary>
public sealed class ClusterProver(ClusterConnection connection, ProbeOptions options) : IExpectationProver
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<ExpectationResult>> ProveAsync(ResolvedExpectations expectations, CancellationToken cancellationToken = default)
    {
        // Quantified expectations (selectors, port or address sets) are not sampled live: they are decided statically, and say so.
        var probed = expectations.Items.Where(e => !e.Expectation.IsQuantified).ToList();
        var requests = ExpectationProbes.Plan(probed);
        var prober = new ClusterProber(connection, options, new EngineControlVantage(expectations.Snapshot));
        var probes = await prober.RunAsync(requests, cancellationToken).ConfigureAwait(false);
        var next = 0;
        return [.. expectations.Items.Select(e => e.Expectation.IsQuantified
            ? ObservationJudge.DecidedStatically(expectations.Predict(e), "cluster")
            : ObservationJudge.Judge(e, probes[next++].Checked, "cluster", expectations.Predict(e).ActualAllowed))];
    }
}
