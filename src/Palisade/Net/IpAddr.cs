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
        if (string.IsNullOrWhiteSpace(text) || !IPAddress.TryParse(text.Trim(), out var ip)
            || (ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.ScopeId != 0))
        {
            return false;
        }

        // IPAddress.TryParse accepts "1" or "1.2" as IPv4 shorthand; Kubernetes does not.
        if (ip.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3)
        {
            return false;
        }

        address = From(ip);
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
