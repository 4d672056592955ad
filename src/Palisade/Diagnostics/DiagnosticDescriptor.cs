using System.Globalization;
using Palisade.Model;

namespace Palisade.Diagnostics;

/// <summary>
/// What one diagnostic code means, in the style of Roslyn's <c>DiagnosticDescriptor</c>: its stable code, a title,
/// the severity it is reported with unless a caller has a documented reason to differ, the general fix, its anchor in
/// docs/diagnostics.md, and (for the codes converted so far: every lint code) the wording of one occurrence as a message
/// format and a help format with positional placeholders (<c>{0}</c>, Roslyn style). Every descriptor lives in
/// <see cref="DiagnosticCatalog"/>.
/// </summary>
/// <param name="Code">Stable code such as PAL104.</param>
/// <param name="Title">What the problem is, in one phrase (the line of the code in docs/diagnostics.md's index).</param>
/// <param name="DefaultSeverity">The severity of its diagnostics.</param>
/// <param name="Help">The general fix, or a longer description for lint codes; null when there is none.</param>
public sealed record DiagnosticDescriptor(string Code, string Title, Severity DefaultSeverity, string? Help)
{
    /// <summary>
    /// The message of one occurrence, a composite format (<c>{0}</c> is the first argument, <c>{{</c> a brace),
    /// formatted with the invariant culture by <see cref="CreateWith(SourceLocation, object?[])"/>; null when callers
    /// still write their messages themselves.
    /// </summary>
    public string? MessageFormat { get; init; }

    /// <summary>The fix at one occurrence, a composite format over the same arguments as <see cref="MessageFormat"/>; or null.</summary>
    public string? HelpFormat { get; init; }

    /// <summary>
    /// How many arguments the formats take: one more than the highest placeholder index of either format (0 without a
    /// format). The catalog's test requires every index below it to be used.
    /// </summary>
    public int ArgumentCount => Math.Max(Placeholders.HighestIndex(MessageFormat), Placeholders.HighestIndex(HelpFormat)) + 1;

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

    /// <summary>
    /// A diagnostic of this code at <paramref name="location"/> whose message and help are this descriptor's formats
    /// filled with <paramref name="arguments"/> (invariant culture).
    /// </summary>
    /// <param name="location">Where it applies.</param>
    /// <param name="arguments">Exactly <see cref="ArgumentCount"/> values, in placeholder order.</param>
    /// <exception cref="InvalidOperationException">The descriptor has no message format, or the number of arguments is not <see cref="ArgumentCount"/> (a bug in the caller).</exception>
    public Diagnostic CreateWith(SourceLocation location, params object?[] arguments)
    {
        if (MessageFormat is null)
        {
            throw new InvalidOperationException($"{Code} has no message format: create its diagnostics with a message");
        }

        // string.Format ignores surplus arguments: count them here, so that a rule and its format cannot drift apart silently.
        if (arguments.Length != ArgumentCount)
        {
            throw new InvalidOperationException($"{Code}'s formats take {ArgumentCount} argument(s), but {arguments.Length} were given");
        }

        var message = string.Format(CultureInfo.InvariantCulture, MessageFormat, arguments);
        var help = HelpFormat is null ? null : string.Format(CultureInfo.InvariantCulture, HelpFormat, arguments);
        return new Diagnostic(Code, DefaultSeverity, location, message, help);
    }
}
