namespace Palisade.Linting;

/// <summary>
/// How much work one lint run did, counted where the work is done: label selectors tested against a pod or namespace (and pods kept to a set of namespaces),
/// and coverage tests between two rules (PAL212, PAL213). A scaling test reads them on generated clusters of growing
/// size to show that lint grows as n log n, without timing anything. Thread-safe: rules may run in parallel.
/// </summary>
public sealed class LintCounters
{
    private long selectorTests;
    private long coverageTests;
    private long portSummaries;

    /// <summary>Selector tests against one item's labels.</summary>
    public long SelectorTests => Interlocked.Read(ref selectorTests);

    /// <summary>"Does this rule cover that one" tests.</summary>
    public long CoverageTests => Interlocked.Read(ref coverageTests);

    /// <summary>Summaries of what a list of pods declares (PAL209, PAL210, PAL216): one per distinct destination pod list.</summary>
    public long PortSummaries => Interlocked.Read(ref portSummaries);

    internal void AddPortSummary() => Interlocked.Increment(ref portSummaries);

    internal void AddSelectorTests(long count) => Interlocked.Add(ref selectorTests, count);

    internal void AddCoverageTests(long count) => Interlocked.Add(ref coverageTests, count);
}
