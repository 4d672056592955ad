using Palisade.Model;

namespace Palisade.Diagnostics;

/// <summary>How serious a diagnostic is.</summary>
public enum Severity
{
    Note,
    Warning,
    Error,
}

/// <summary>
/// A located finding about user input or the analysed configuration. Made from its code's descriptor in
/// <see cref="DiagnosticCatalog"/> (<c>DiagnosticCatalog.UnknownField.Create(location, message, help)</c>).
/// </summary>
/// <param name="Code">Stable code such as PAL104.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Location">Where it applies.</param>
/// <param name="Message">What is wrong, in one sentence.</param>
/// <param name="Help">How to fix it, or null.</param>
public sealed record Diagnostic(string Code, Severity Severity, SourceLocation Location, string Message, string? Help = null)
{
    /// <summary>Formats as "path:line:col: error PAL104: message" (without the help line).</summary>
    public override string ToString() =>
        $"{Location}: {Severity.ToString().ToLowerInvariant()} {Code}: {Message}";
}

/// <summary>A value produced together with the diagnostics met while producing it.</summary>
public sealed record Diagnosed<T>(T Value, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when any diagnostic is an error.</summary>
    public bool HasErrors => Diagnostics.Any(d => d.Severity == Severity.Error);
}
