namespace Palisade.Net;

/// <summary>A container port name with its protocol (<c>ssh/TCP</c>): a named port of an expectation's port set, resolved per destination pod, or one that policies name.</summary>
/// <param name="Name">The container port name.</param>
/// <param name="Protocol">The protocol (TCP unless written).</param>
public readonly record struct NamedPortRef(string Name, Protocol Protocol) : IComparable<NamedPortRef>
{
    /// <summary>
    /// Parses <c>NAME</c> or <c>NAME/PROTO</c>; the name follows Kubernetes' IANA_SVC_NAME rule (at most 15 lowercase
    /// letters, digits and '-', with a letter, no '-' at either end, no "--").
    /// </summary>
    public static bool TryParse(string text, out NamedPortRef value, out string? error)
    {
        value = default;
        error = null;
        var parts = text.Split('/');
        var name = parts[0];
        var protocol = Protocol.TCP;
        if (parts.Length > 2 || (parts.Length == 2 && !Protocols.TryParse(parts[1], out protocol)))
        {
            error = $"'{text}' is not NAME or NAME/PROTOCOL (TCP, UDP or SCTP)";
            return false;
        }

        if (name.Length is 0 or > 15 || !name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            || !name.Any(char.IsAsciiLetterLower) || name[0] == '-' || name[^1] == '-' || name.Contains("--", StringComparison.Ordinal))
        {
            error = $"'{name}' is not a port name (at most 15 lowercase letters, digits and '-', with a letter)";
            return false;
        }

        value = new NamedPortRef(name, protocol);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(NamedPortRef other)
    {
        var c = Protocol.CompareTo(other.Protocol);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Name}/{Protocol}";
}
