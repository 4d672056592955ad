using Palisade.Diagnostics;

namespace Palisade.Linting;

/// <summary>The outcome of a lint run: the findings that were kept, sorted, and how many were suppressed.</summary>
/// <param name="Findings">Kept findings, sorted by location, then code, then message.</param>
/// <param name="Suppressed">How many findings the configuration or annotations suppressed.</param>
public sealed record LintResult(IReadOnlyList<LintFinding> Findings, int Suppressed)
{
    /// <summary>The findings as plain diagnostics (for reports that merge lint into other output, such as check).</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => [.. Findings.Select(f => f.Diagnostic)];

    /// <summary>Number of kept findings of a severity.</summary>
    public int Count(Severity severity) => Findings.Count(f => f.Diagnostic.Severity == severity);

    /// <summary>True when any kept finding is at least as severe as the threshold.</summary>
    public bool Reaches(Severity threshold) => Findings.Any(f => f.Diagnostic.Severity >= threshold);
}
