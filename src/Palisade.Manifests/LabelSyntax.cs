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

    /// <summary>Null when the name is a DNS-1123 label (apimachinery IsDNS1123Label), else why not.</summary>
    public static string? CheckDnsLabel(string name) =>
        name.Length is 0 or > 63 ? "a DNS label has 1 to 63 characters"
        : DnsLabel().IsMatch(name) ? null
        : "a DNS label has only lowercase letters, digits and '-', and starts and ends with a letter or digit";

    /// <summary>Null when the name is a DNS-1123 subdomain (apimachinery IsDNS1123Subdomain), else why not.</summary>
    public static string? CheckDnsSubdomain(string name) =>
        name.Length is 0 or > 253 ? "a DNS subdomain has 1 to 253 characters"
        : DnsSubdomain().IsMatch(name) ? null
        : "a DNS subdomain has only lowercase letters, digits, '-' and '.', and each part starts and ends with a letter or digit";

    /// <summary>The text with control and format characters written as \uXXXX, safe to quote in a message.</summary>
    public static string Printable(string text)
    {
        if (!text.Any(c => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format))
        {
            return text;
        }

        var b = new System.Text.StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            if (char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format)
            {
                b.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                b.Append(c);
            }
        }

        return b.ToString();
    }

    // \z, not $: in .NET '$' also matches before a final newline, which would let "web\n" pass.
    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\\z")]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?\\z")]
    private static partial Regex DnsLabel();

    [GeneratedRegex("^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?\\z")]
    private static partial Regex QualifiedName();

    [GeneratedRegex("^[-a-z0-9]+\\z")]
    private static partial Regex PortName();
}
