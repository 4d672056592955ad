using System.Text.RegularExpressions;

namespace Palisade.Manifests;

/// <summary>Kubernetes' syntax rules for label keys, label values and port names (apimachinery validation).</summary>
internal static partial class LabelSyntax
{
    /// <summary>Null when the key is valid, else why not.</summary>
    public static string? CheckKey(string key)
    {
        var slash = key.LastIndexOf('/');
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (slash >= 0)
        {
            var prefix = key[..slash];
            if (prefix.Length == 0 || prefix.Length > 253 || !DnsSubdomain().IsMatch(prefix))
            {
                return $"the prefix '{prefix}' must be a DNS subdomain: lowercase letters, digits, '-' and '.', at most 253 characters";
            }
        }

        return name.Length switch
        {
            0 => "the name part must not be empty",
            > 63 => "the name part must be at most 63 characters",
            _ => QualifiedName().IsMatch(name) ? null
                : "the name part must start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'",
        };
    }

    /// <summary>Null when the value is valid (empty is valid), else why not.</summary>
    public static string? CheckValue(string value) =>
        value.Length > 63 ? "a label value must be at most 63 characters"
        : value.Length == 0 || QualifiedName().IsMatch(value) ? null
        : "a label value must be empty or start and end with a letter or digit and contain only letters, digits, '-', '_' and '.'";

    /// <summary>Null when the text is a valid port name (IANA_SVC_NAME), else why not.</summary>
    public static string? CheckPortName(string name) =>
        name.Length is 0 or > 15 ? "a port name must have 1 to 15 characters"
        : !PortName().IsMatch(name) ? "a port name may contain only lowercase letters, digits and '-'"
        : !name.Any(char.IsAsciiLetterLower) ? "a port name must contain at least one letter"
        : name.StartsWith('-') || name.EndsWith('-') || name.Contains("--", StringComparison.Ordinal)
            ? "a port name must not start or end with '-' or contain '--'"
        : null;

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^[-a-z0-9]+$")]
    private static partial Regex PortName();
}
