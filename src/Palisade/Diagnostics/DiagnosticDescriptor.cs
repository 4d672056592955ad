using Palisade.Model;

namespace Palisade.Diagnostics;

/// <summary>
/// What one diagnostic code means, in the style of Roslyn's <c>DiagnosticDescriptor</c>: its stable code, a title,
/// the severity it is reported with unless a caller has a documented reason to differ, the general fix, and its
/// anchor in docs/diagnostics.md. Every descriptor lives in <see cref="DiagnosticCatalog"/>.
/// </summary>
/// <param name="Code">Stable code such as PAL104.</param>
/// <param name="Title">What the problem is, in one phrase (the line of the code in docs/diagnostics.md's index).</param>
/// <param name="DefaultSeverity">The severity of its diagnostics.</param>
/// <param name="Help">The general fix, or a longer description for lint codes; null when there is none.</param>
public sealed record DiagnosticDescriptor(string Code, string Title, Severity DefaultSeverity, string? Help)
{
    /// <summary>The anchor of the code's entry in docs/diagnostics.md (<c>pal104</c>).</summary>
    public string DocsAnchor => Code.ToLowerInvariant();

    /// <summary>A diagnostic of this code at <paramref name="location"/>, with the default severity.</summary>
    /// <param name="location">Where it applies.</param>
    /// <param name="message">What is wrong here, in one sentence.</param>
    /// <param name="help">How to fix it here, or null.</param>
    public Diagnostic Create(SourceLocation location, string message, string? help = null) =>
        new(Code, DefaultSeverity, location, message, help);

    /// <summary>A diagnostic of this code with a severity other than the default (documented with the code).</summary>
    /// <param name="severity">The severity of this occurrence.</param>
    /// <param name="location">Where it applies.</param>
    /// <param name="message">What is wrong here, in one sentence.</param>
    /// <param name="help">How to fix it here, or null.</param>
    public Diagnostic Create(Severity severity, SourceLocation location, string message, string? help = null) =>
        new(Code, severity, location, message, help);
}
