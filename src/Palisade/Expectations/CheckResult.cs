using Palisade.Engine;
using Palisade.Model;

namespace Palisade.Expectations;

/// <summary>
/// One hop of an expectation: a connection the engine decided. A direct expectation has one hop per source/backend
/// pair; a proxied one has the client → proxy hop and then the proxy → backend hop.
/// </summary>
/// <param name="Title">What the hop is, e.g. "192.168.2.50 → LoadBalancer 192.168.2.101:2222 → dev/nginx-proxy:2222".</param>
/// <param name="Verdict">The engine's verdict with both sides explained.</param>
public sealed record Hop(string Title, ConnectionVerdict Verdict);

/// <summary>The outcome of one expectation.</summary>
/// <param name="Expectation">What was expected.</param>
/// <param name="Criterion">The criterion it belongs to.</param>
/// <param name="ActualAllowed">What the engine found (every hop allowed for every pod pair).</param>
/// <param name="Hops">The hops evaluated, in order.</param>
/// <param name="Note">Extra facts (the workload reached through a proxy), or null.</param>
public sealed record ExpectationResult(Expectation Expectation, Criterion Criterion, bool ActualAllowed, IReadOnlyList<Hop> Hops, string? Note)
{
    /// <summary>True when the actual verdict equals the expected one (and a proxied connection reaches the right workload).</summary>
    public bool Passed { get; init; }

    /// <summary>How many source/backend paths were evaluated (static checks), and how many of them are open.</summary>
    public (int Open, int Total) Paths { get; init; }

    /// <summary>True when some path's verdict cannot be determined from the input (then the expectation does not pass).</summary>
    public bool Undetermined { get; init; }

    /// <summary>True when some but not all paths are open.</summary>
    public bool PartlyAllowed => Paths.Open > 0 && Paths.Open < Paths.Total;

    /// <summary>Observations that decided the result when it came from real packets (lab or cluster probes).</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>All results of a check, with the lint findings to report beside them.</summary>
public sealed record CheckReport(IReadOnlyList<ExpectationResult> Results, IReadOnlyList<Diagnostics.Diagnostic> Findings)
{
    /// <summary>Number of expectations that passed.</summary>
    public int PassedCount => Results.Count(r => r.Passed);

    /// <summary>Number of expectations that failed.</summary>
    public int FailedCount => Results.Count(r => !r.Passed);

    /// <summary>Results grouped by criterion, in file order.</summary>
    public IEnumerable<IGrouping<Criterion, ExpectationResult>> ByCriterion => Results.GroupBy(r => r.Criterion);
}
