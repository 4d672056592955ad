using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Palisade.Net;

/// <summary>An IPv4 or IPv6 address as a 128-bit number; IPv4 uses the low 32 bits.</summary>
public readonly record struct IpAddr(UInt128 Value, bool IsV6) : IComparable<IpAddr>
{
    /// <summary>Number of bits in this address family.</summary>
    public int Bits => IsV6 ? 128 : 32;

    /// <summary>Parses a literal IPv4 or IPv6 address (no prefix).</summary>
    public static bool TryParse(string? text, out IpAddr address)
    {
        address = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        // IPv4 is read here, never by IPAddress.TryParse: that takes "1.2" shorthand, hex (0x0a) and octal (010 = 8)
        // parts, which Kubernetes does not. Leading zeros are decimal, as Kubernetes' legacy parsing
        // (netutils.ParseIPSloppy) reads them; callers warn about that form (HasLeadingZeros).
        var trimmed = text.Trim();
        if (!trimmed.Contains(':', StringComparison.Ordinal))
        {
            if (!TryParseDottedDecimal(trimmed, out var v4))
            {
                return false;
            }

            address = new IpAddr(v4, false);
            return true;
        }

        if (!IPAddress.TryParse(trimmed, out var ip)
            || ip.AddressFamily != AddressFamily.InterNetworkV6 || ip.ScopeId != 0)
        {
            return false;
        }

        address = From(ip);
        return true;
    }

    /// <summary>
    /// True when an IPv4 address (or a CIDR's address or prefix length) has a part with a leading zero, such as
    /// 010.1.2.3: Palisade and Kubernetes read it as decimal, much other software as octal.
    /// </summary>
    public static bool HasLeadingZeros(string text)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        var address = (slash < 0 ? text : text[..slash]).Trim();
        var prefix = slash < 0 ? string.Empty : text[(slash + 1)..].Trim();
        return (prefix.Length > 1 && prefix[0] == '0')
            || (!address.Contains(':', StringComparison.Ordinal) && address.Split('.').Any(part => part.Length > 1 && part[0] == '0'));
    }

    private static bool TryParseDottedDecimal(string text, out UInt128 value)
    {
        value = 0;
        var parts = text.Split('.');
        if (parts.Length != 4)
        {
            return false;
        }

        foreach (var part in parts)
        {
            var digits = part.TrimStart('0');
            if (part.Length == 0 || !part.All(char.IsAsciiDigit) || digits.Length > 3)
            {
                return false;
            }

            var n = digits.Length == 0 ? 0 : int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
            if (n > 255)
            {
                return false;
            }

            value = (value << 8) | (uint)n;
        }

        return true;
    }

    /// <summary>Parses a literal address or throws <see cref="FormatException"/>.</summary>
    public static IpAddr Parse(string text) =>
        TryParse(text, out var a) ? a : throw new FormatException($"'{text}' is not an IP address");

    /// <summary>Converts from the BCL type.</summary>
    public static IpAddr From(IPAddress ip)
    {
        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var bytes = ip.GetAddressBytes();
        UInt128 v = 0;
        foreach (var b in bytes)
        {
            v = (v << 8) | b;
        }

        return new IpAddr(v, ip.AddressFamily == AddressFamily.InterNetworkV6);
    }

    /// <summary>Converts to the BCL type.</summary>
    public IPAddress ToIPAddress()
    {
        var n = IsV6 ? 16 : 4;
        var bytes = new byte[n];
        var v = Value;
        for (var i = n - 1; i >= 0; i--)
        {
            bytes[i] = (byte)(v & 0xFF);
            v >>= 8;
        }

        return new IPAddress(bytes);
    }

    /// <inheritdoc />
    public int CompareTo(IpAddr other) =>
        IsV6 != other.IsV6 ? IsV6.CompareTo(other.IsV6) : Value.CompareTo(other.Value);

    /// <inheritdoc />
    public override string ToString() => ToIPAddress().ToString();

    /// <summary>The address as a /32 or /128 CIDR.</summary>
    public IpCidr ToCidr() => new(this, Bits);

    /// <summary>Formats for sorting and debugging with invariant culture.</summary>
    public string ToSortKey() => (IsV6 ? "6:" : "4:") + Value.ToString("x32", CultureInfo.InvariantCulture);
}
