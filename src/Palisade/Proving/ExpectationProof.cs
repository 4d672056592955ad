using Palisade.Diagnostics;
using Palisade.Expectations;
using Palisade.Linting;
using Palisade.Model;
using Palisade.Rendering;

namespace Palisade.Proving;

/// <summary>
/// The proving pipeline behind <c>check</c>, <c>check --lab</c>, <c>cluster probe</c> and <c>report</c>: resolve the
/// expectations once (every diagnostic before anything runs), prove them with one prover, and add the lint findings
/// of the same snapshot. The report writers turn the result into text, JSON, JUnit or markdown.
/// </summary>
public static class ExpectationProof
{
    /// <summary>
    /// Resolves and proves; returns the report, or no report and the resolution's diagnostics. With
    /// <paramref name="lint"/>, the findings honour <paramref name="lintConfig"/> as <c>palisade lint</c> does.
    /// </summary>
    public static async Task<Diagnosed<CheckReport?>> ProveAsync(ClusterSnapshot cluster, ExpectationSet set, ProxySpec? proxy, string defaultNamespace,
        IExpectationProver prover, bool lint, LintConfig? lintConfig, CancellationToken cancellationToken = default)
    {
        var resolved = ResolvedExpectations.Resolve(cluster, set, proxy, defaultNamespace);
        if (resolved.Value is not { } expectations)
        {
            return new(null, resolved.Diagnostics);
        }

        var results = await prover.ProveAsync(expectations, cancellationToken).ConfigureAwait(false);
        var findings = lint ? Linter.Lint(cluster, expectations.Checker.Engine, lintConfig).Diagnostics : [];
        return new(new CheckReport(results, findings), []);
    }
}
