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

/// <summary>Where an expectation stands after a prover looked at it.</summary>
public enum ExpectationStatus
{
    /// <summary>The actual verdict equals the expected one.</summary>
    Passed,

    /// <summary>The actual verdict contradicts the expected one.</summary>
    Failed,

    /// <summary>The prover tried but cannot tell allowed from denied (a probe that proves nothing); never reported as either.</summary>
    Undetermined,

    /// <summary>The prover cannot make this connection at all (an outside source for in-cluster probes).</summary>
    NotProbeable,
}

/// <summary>How a result was reached.</summary>
public enum ProofMethod
{
    /// <summary>Proved statically by the engine over the snapshot.</summary>
    Proved,

    /// <summary>Probed with real packets (the lab, or pods of a live cluster).</summary>
    Probed,
}

/// <summary>The outcome of one expectation.</summary>
/// <param name="Expectation">What was expected.</param>
/// <param name="Criterion">The criterion it belongs to.</param>
/// <param name="ActualAllowed">What the engine found (every hop allowed for every pod pair).</param>
/// <param name="Hops">The hops evaluated, in order.</param>
/// <param name="Note">Extra facts (the workload reached through a proxy), or null.</param>
public sealed record ExpectationResult(Expectation Expectation, Criterion Criterion, bool ActualAllowed, IReadOnlyList<Hop> Hops, string? Note)
{
    private readonly ExpectationStatus? status;

    /// <summary>True when the actual verdict equals the expected one (and a proxied connection reaches the right workload).</summary>
    public bool Passed { get; init; }

    /// <summary>Passed, failed, undetermined or not probeable; unless set, follows <see cref="Passed"/>.</summary>
    public ExpectationStatus Status
    {
        get => status ?? (Passed ? ExpectationStatus.Passed : ExpectationStatus.Failed);
        init => status = value;
    }

    /// <summary>Proved by the engine or probed with real packets.</summary>
    public ProofMethod Method { get; init; } = ProofMethod.Proved;

    /// <summary>How many source/backend paths were evaluated (static checks), and how many of them are open.</summary>
    public (int Open, int Total) Paths { get; init; }

    /// <summary>True when some but not all paths are open.</summary>
    public bool PartlyAllowed => Paths.Open > 0 && Paths.Open < Paths.Total;

    /// <summary>Observations that decided the result when it came from real packets (lab or cluster probes).</summary>
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>All results of a check, with the lint findings to report beside them.</summary>
public sealed record CheckReport(IReadOnlyList<ExpectationResult> Results, IReadOnlyList<Diagnostics.Diagnostic> Findings)
{
    /// <summary>Number of expectations that passed.</summary>
    public int PassedCount => Count(ExpectationStatus.Passed);

    /// <summary>Number of expectations that failed.</summary>
    public int FailedCount => Count(ExpectationStatus.Failed);

    /// <summary>Number of expectations the prover could not decide.</summary>
    public int UndeterminedCount => Count(ExpectationStatus.Undetermined);

    /// <summary>Number of expectations the prover could not probe.</summary>
    public int NotProbeableCount => Count(ExpectationStatus.NotProbeable);

    /// <summary>True when every expectation passed: nothing failed, nothing left undecided.</summary>
    public bool AllPassed => PassedCount == Results.Count;

    /// <summary>How many results have a status.</summary>
    public int Count(ExpectationStatus status) => Results.Count(r => r.Status == status);

    /// <summary>Results grouped by criterion, in file order.</summary>
    public IEnumerable<IGrouping<Criterion, ExpectationResult>> ByCriterion => Results.GroupBy(r => r.Criterion);
}
