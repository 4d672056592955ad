using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting;

/// <summary>
/// One lint check with a stable code. Implementations are stateless and pure: they read the
/// <see cref="LintContext"/> and yield findings; they never suppress (the <see cref="Linter"/> does).
/// </summary>
public abstract class LintRule
{
    /// <summary>The stable code, PAL2xx.</summary>
    public abstract string Code { get; }

    /// <summary>A short kebab-case name, such as <c>mutable-namespace-label</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The severity of its findings.</summary>
    public abstract Severity Severity { get; }

    /// <summary>One sentence: the mistake.</summary>
    public abstract string ShortDescription { get; }

    /// <summary>A paragraph: why it matters and how to fix it.</summary>
    public abstract string FullDescription { get; }

    /// <summary>The anchor of the code's entry in <c>docs/diagnostics.md</c>.</summary>
    public string DocsAnchor => Code.ToLowerInvariant();

    /// <summary>Runs the check.</summary>
    public abstract IEnumerable<LintFinding> Check(LintContext context);

    /// <summary>Makes a finding of this rule's code and severity.</summary>
    protected LintFinding Finding(SourceLocation at, NetworkPolicy? policy, string message, string help, params RelatedLocation[] related) =>
        new(new Diagnostic(Code, Severity, at, message, help), policy?.Ref, related.ToEquatableArray());

    /// <summary>
    /// Makes a finding about a cluster-wide policy (no NetworkPolicy to suppress it by annotation; the configuration's
    /// <c>disable</c> list still applies).
    /// </summary>
    protected LintFinding Finding(SourceLocation at, string message, string help, params RelatedLocation[] related) =>
        new(new Diagnostic(Code, Severity, at, message, help), null, related.ToEquatableArray());
}
