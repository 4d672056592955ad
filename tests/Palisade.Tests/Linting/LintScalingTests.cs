using Palisade.Generation;
using Palisade.Linting;
using Palisade.Model;
using Xunit.Abstractions;

namespace Palisade.Tests.Linting;

/// <summary>
/// Lint grows as n log n in the size of the input (issue 17), shown without timing anything: the work a lint run does
/// (selectors tested against a pod or namespace, rule-covers-rule tests, summaries of the ports a pod list declares) is counted on generated clusters of growing
/// size, and quadrupling the input may at most multiply it by 4 × log(4n)/log(n), with a margin of a quarter for the
/// generator's randomness. A quadratic rule multiplies its work by 16.
/// </summary>
public sealed class LintScalingTests(ITestOutputHelper output)
{
    private static ClusterSnapshot Generate(int pods) =>
        SyntheticCluster.Realistic(seed: 1, pods: pods, policies: pods / 2, namespaces: Math.Max(3, pods / 66));

    private static LintCounters Lint(ClusterSnapshot cluster)
    {
        var context = new LintContext(cluster);
        new Linter { Parallelism = 1 }.Run(context);
        return context.Counters;
    }

    [Fact]
    public void LintWork_FourTimesTheInput_GrowsAtMostNLogN()
    {
        const int small = 1_000, large = 4_000;
        var a = Lint(Generate(small));
        var b = Lint(Generate(large));
        var bound = 4.0 * Math.Log(large) / Math.Log(small) * 1.25;

        var selectors = (double)b.SelectorTests / a.SelectorTests;
        var coverage = (double)b.CoverageTests / a.CoverageTests;
        var summaries = (double)b.PortSummaries / a.PortSummaries;
        output.WriteLine($"selector tests {a.SelectorTests} -> {b.SelectorTests} ({selectors:F2}x); coverage tests {a.CoverageTests} -> {b.CoverageTests} ({coverage:F2}x); port summaries {a.PortSummaries} -> {b.PortSummaries} ({summaries:F2}x); bound {bound:F2}x");

        Assert.True(a.SelectorTests > 0 && a.CoverageTests > 0, "the counters count nothing: the test would prove nothing");
        Assert.True(selectors <= bound, $"selector tests grew {selectors:F2}x for 4x the input (bound {bound:F2}x)");
        Assert.True(coverage <= bound, $"coverage tests grew {coverage:F2}x for 4x the input (bound {bound:F2}x)");
        Assert.True(summaries <= bound, $"port summaries grew {summaries:F2}x for 4x the input (bound {bound:F2}x)");
    }
}
