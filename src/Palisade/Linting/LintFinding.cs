using Palisade.Diagnostics;
using Palisade.Model;

namespace Palisade.Linting;

/// <summary>Another place a finding refers to, such as the rule that makes a rule redundant.</summary>
/// <param name="Location">Where it is.</param>
/// <param name="Message">What it is, in a few words.</param>
public sealed record RelatedLocation(SourceLocation Location, string Message);

/// <summary>
/// One lint finding: the <see cref="Diagnostics.Diagnostic"/> users see, the policy it is about (for
/// suppressions) and the related places it names.
/// </summary>
/// <param name="Diagnostic">Code, severity, location, message and fix.</param>
/// <param name="Policy">The policy the finding is about, or null when it is about no single policy.</param>
/// <param name="Related">Other places the message names, in order.</param>
public sealed record LintFinding(Diagnostic Diagnostic, ObjectRef? Policy, EquatableArray<RelatedLocation> Related)
{
    /// <summary>The stable code, such as PAL206.</summary>
    public string Code => Diagnostic.Code;

    /// <summary>The same finding naming <paramref name="related"/> places, in order.</summary>
    public LintFinding WithRelated(IEnumerable<RelatedLocation> related) => this with { Related = related.ToEquatableArray() };

    /// <summary>The same finding naming one related place.</summary>
    public LintFinding WithRelated(SourceLocation location, string message) => WithRelated([new RelatedLocation(location, message)]);
}
