using Palisade.Diagnostics;

namespace Palisade.Cli;

/// <summary>
/// Thrown inside the CLI layer once user-input diagnostics have been collected, to unwind to the single handler
/// that prints them and exits 2. Never thrown by the libraries.
/// </summary>
public sealed class UserInputException : Exception
{
    /// <summary>Creates one from diagnostics (printed by the handler).</summary>
    public UserInputException(IReadOnlyList<Diagnostic> diagnostics) : base("invalid input") => Diagnostics = diagnostics;

    /// <summary>Creates one from a single argument error.</summary>
    public UserInputException(DiagnosticDescriptor descriptor, string message, string? help = null)
        : this([descriptor.Create(Palisade.Model.SourceLocation.None, message, help)])
    {
    }

    /// <summary>Creates an empty one.</summary>
    public UserInputException() : this([])
    {
    }

    /// <summary>Creates one with a message.</summary>
    public UserInputException(string message) : this(DiagnosticCatalog.CommandLine, message)
    {
    }

    /// <summary>Creates one with a message and an inner exception.</summary>
    public UserInputException(string message, Exception inner) : base(message, inner) => Diagnostics = [];

    /// <summary>The diagnostics to print.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics { get; }
}
