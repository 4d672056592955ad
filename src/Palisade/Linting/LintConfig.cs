using Palisade.Model;

namespace Palisade.Linting;

/// <summary>Per-policy suppression from a lint configuration: codes to ignore for one policy or a whole namespace.</summary>
/// <param name="Policy">"namespace/name", or "namespace/*" for every policy of the namespace.</param>
/// <param name="Codes">Codes to ignore; "*" ignores all.</param>
public sealed record LintIgnore(string Policy, EquatableArray<string> Codes)
{
    /// <summary>Where it was written.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>True when it applies to the policy and code.</summary>
    public bool Covers(ObjectRef policy, string code)
    {
        var slash = Policy.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return false;
        }

        var ns = Policy[..slash];
        var name = Policy[(slash + 1)..];
        return ns == policy.Namespace && (name == "*" || name == policy.Name)
            && Codes.Any(c => c == "*" || string.Equals(c, code, StringComparison.OrdinalIgnoreCase));
    }
}

/// <summary>
/// What a lint run leaves out: codes disabled everywhere and per-policy ignores. Policies can also carry the
/// <see cref="Linter.IgnoreAnnotation"/> annotation.
/// </summary>
/// <param name="Disabled">Codes never reported.</param>
/// <param name="Ignores">Per-policy ignores.</param>
public sealed record LintConfig(EquatableArray<string> Disabled, EquatableArray<LintIgnore> Ignores)
{
    /// <summary>No suppression.</summary>
    public static LintConfig Empty { get; } = new(EquatableArray<string>.Empty, EquatableArray<LintIgnore>.Empty);
}
