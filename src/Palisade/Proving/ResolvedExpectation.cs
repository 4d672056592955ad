using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Model;
using Palisade.Rendering;

namespace Palisade.Proving;

/// <summary>An expectation with its endpoints resolved against the snapshot, once, for every prover.</summary>
/// <param name="Criterion">The criterion it belongs to.</param>
/// <param name="Expectation">What was expected, as written.</param>
/// <param name="From">The source: a workload or pod, or an address.</param>
/// <param name="To">The destination: a workload or pod, a Service, or an address.</param>
/// <param name="Reaches">For proxied expectations: the workload the connection must land in.</param>
public sealed record ResolvedExpectation(Criterion Criterion, Expectation Expectation, ResolvedEndpoint From, ResolvedEndpoint To, WorkloadTarget? Reaches);

/// <summary>
/// Every expectation of a file resolved against one snapshot, with the engine's checker that predicts each (the
/// static prover, and the prediction probing provers report beside what they saw).
/// </summary>
public sealed class ResolvedExpectations
{
    private ResolvedExpectations(ClusterSnapshot cluster, ProxySpec? proxy, string defaultNamespace, IReadOnlyList<ResolvedExpectation> items)
    {
        Snapshot = cluster;
        Proxy = proxy;
        DefaultNamespace = defaultNamespace;
        Items = items;
        Checker = new ExpectationChecker(cluster, proxy, defaultNamespace);
    }

    /// <summary>The snapshot the expectations were resolved against.</summary>
    public ClusterSnapshot Snapshot { get; }

    /// <summary>The proxy routes of the profile, when one is known.</summary>
    public ProxySpec? Proxy { get; }

    /// <summary>The namespace of names written without one.</summary>
    public string DefaultNamespace { get; }

    /// <summary>The expectations in file order.</summary>
    public IReadOnlyList<ResolvedExpectation> Items { get; }

    /// <summary>The engine's checker over the same snapshot and proxy.</summary>
    public ExpectationChecker Checker { get; }

    /// <summary>
    /// Resolves every expectation; returns every diagnostic of every expectation (PAL31x) and no value when any is
    /// an error, so that nothing runs on half-resolved input.
    /// </summary>
    public static Diagnostics.Diagnosed<ResolvedExpectations?> Resolve(ClusterSnapshot cluster, ExpectationSet set, ProxySpec? proxy, string defaultNamespace)
    {
        var resolved = new ResolvedExpectations(cluster, proxy, defaultNamespace, []);
        var errors = resolved.Checker.Validate(set);
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var lookup = new EndpointLookup(cluster);
        var items = new List<ResolvedExpectation>();
        foreach (var c in set.Criteria)
        {
            foreach (var e in c.Expectations)
            {
                // Validate has made sure both ends resolve.
                var from = lookup.Resolve(e.From, defaultNamespace, out _)!;
                // An address set (to: internet) names no single endpoint: To is then unset, and every prover reads the
                // set from the expectation (IsQuantified) instead.
                var to = lookup.Resolve(e.To, defaultNamespace, out _)!;
                var reaches = e.Reaches is { } r ? lookup.Resolve(r, defaultNamespace, out _) as WorkloadTarget : null;
                items.Add(new ResolvedExpectation(c, e, from, to, reaches));
            }
        }

        return new(new ResolvedExpectations(cluster, proxy, defaultNamespace, items), []);
    }

    /// <summary>The engine's verdict for one expectation.</summary>
    public ExpectationResult Predict(ResolvedExpectation e) => Checker.Check(e.Criterion, e.Expectation);
}
