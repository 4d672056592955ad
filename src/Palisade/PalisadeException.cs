using Palisade.Diagnostics;

namespace Palisade;

/// <summary>
/// A broken environment the user can fix (not root, a tool missing, a cluster unreachable). The CLI prints
/// <see cref="Exception.Message"/> and <see cref="Help"/> and exits 4; never used for bugs or bad input.
/// </summary>
public sealed class PalisadeException : Exception
{
    /// <summary>Creates one with a user message, the descriptor of its stable PAL4xx code and an optional fix.</summary>
    public PalisadeException(DiagnosticDescriptor descriptor, string message, string? help = null, Exception? inner = null)
        : base(message, inner)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        Code = descriptor.Code;
        Help = help;
    }

    /// <summary>Creates one (for serialisers and analyzers).</summary>
    public PalisadeException() : this(DiagnosticCatalog.Environment, "environment error")
    {
    }

    /// <summary>Creates one (for serialisers and analyzers).</summary>
    public PalisadeException(string message) : this(DiagnosticCatalog.Environment, message)
    {
    }

    /// <summary>Creates one (for serialisers and analyzers).</summary>
    public PalisadeException(string message, Exception inner) : this(DiagnosticCatalog.Environment, message, null, inner)
    {
    }

    /// <summary>The stable code (PAL4xx).</summary>
    public string Code { get; }

    /// <summary>How to fix it.</summary>
    public string? Help { get; }
}
