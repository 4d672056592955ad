namespace Palisade.Cli;

/// <summary>The process exit codes, as documented in the README.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>Findings: failed expectations, lint findings at or above --fail-on.</summary>
    public const int Findings = 1;

    /// <summary>Bad user input (manifests, profile, expectations, arguments).</summary>
    public const int Input = 2;

    /// <summary>A broken environment (not root, a tool missing, a cluster unreachable).</summary>
    public const int Environment = 4;

    /// <summary>A bug in Palisade.</summary>
    public const int Internal = 70;
}
