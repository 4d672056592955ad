using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting;

/// <summary>
/// One lint check with a stable code. Implementations are stateless and pure: they read the
/// <see cref="LintContext"/> and yield findings; they never suppress (the <see cref="Linter"/> does). A rule names its
/// descriptor and its kebab-case name once, in its base constructor call; everything else about it derives from them.
/// </summary>
/// <param name="descriptor">The rule's code, title, severity, description and wording, from <see cref="DiagnosticCatalog"/>.</param>
/// <param name="name">A short kebab-case name, such as <c>mutable-namespace-label</c>.</param>
/// <param name="needsPods">
/// True for a rule whose findings mean something only when the input holds pods or workloads ("matches no pod" is a
/// gap in a policies-only input, not a finding): <see cref="Check"/> finds nothing without them.
/// </param>
public abstract class LintRule(DiagnosticDescriptor descriptor, string name, bool needsPods = false)
{
    /// <summary>The rule's code, title, severity and description, from <see cref="DiagnosticCatalog"/>.</summary>
    public DiagnosticDescriptor Descriptor { get; } = descriptor;

    /// <summary>The stable code, PAL2xx.</summary>
    public string Code => Descriptor.Code;

    /// <summary>A short kebab-case name, such as <c>mutable-namespace-label</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The severity of its findings.</summary>
    public Severity Severity => Descriptor.DefaultSeverity;

    /// <summary>One sentence: the mistake.</summary>
    public string ShortDescription => Descriptor.Title;

    /// <summary>A paragraph: why it matters and how to fix it.</summary>
    public string FullDescription => Descriptor.Help ?? Descriptor.Title;

    /// <summary>The anchor of the code's entry in <c>docs/diagnostics.md</c>.</summary>
    public string DocsAnchor => Descriptor.DocsAnchor;

    /// <summary>True when the rule finds nothing unless the input holds pods or workloads.</summary>
    public bool NeedsPods { get; } = needsPods;

    /// <summary>Runs the check (nothing when it <see cref="NeedsPods"/> and the input has none).</summary>
    public IEnumerable<LintFinding> Check(LintContext context) => NeedsPods && !context.HasPods ? [] : Find(context);

    /// <summary>The findings of this rule over the context.</summary>
    protected abstract IEnumerable<LintFinding> Find(LintContext context);

    /// <summary>
    /// Makes a finding of this rule's code and severity: the descriptor's message and help formats filled with
    /// <paramref name="arguments"/>, so the rule's wording lives once, in <see cref="DiagnosticCatalog"/>. A count
    /// of arguments other than the formats' is a bug and throws.
    /// </summary>
    /// <param name="at">Where the finding is reported.</param>
    /// <param name="policy">
    /// The NetworkPolicy it is about (its annotation may suppress it), or null for a cluster-wide policy (only the
    /// configuration's <c>disable</c> list applies).
    /// </param>
    /// <param name="arguments">The values of the formats' placeholders, in order.</param>
    protected LintFinding Finding(SourceLocation at, NetworkPolicy? policy, params object?[] arguments) =>
        new(Descriptor.CreateWith(at, arguments), policy?.Ref, EquatableArray<RelatedLocation>.Empty);
}
