using System.Globalization;

namespace Palisade.Net;

/// <summary>
/// A CIDR block. Host bits are cleared on construction: Kubernetes accepts "10.244.1.11/4" in an
/// ipBlock and means its network, 0.0.0.0/4.
/// </summary>
public readonly record struct IpCidr
{
    /// <summary>Creates a block, clearing host bits of <paramref name="address"/>.</summary>
    public IpCidr(IpAddr address, int prefixLength)
    {
        if (prefixLength < 0 || prefixLength > address.Bits)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength));
        }

        Network = new IpAddr(address.Value & Mask(address.Bits, prefixLength), address.IsV6);
        PrefixLength = prefixLength;
    }

    /// <summary>The network address (host bits zero).</summary>
    public IpAddr Network { get; }

    /// <summary>The prefix length in bits.</summary>
    public int PrefixLength { get; }

    /// <summary>True for an IPv6 block.</summary>
    public bool IsV6 => Network.IsV6;

    /// <summary>First address of the block.</summary>
    public IpAddr First => Network;

    /// <summary>Last address of the block.</summary>
    public IpAddr Last => new(Network.Value | ~Mask(Network.Bits, PrefixLength) & AllOnes(Network.Bits), IsV6);

    /// <summary>True when the address is of the same family and inside the block.</summary>
    public bool Contains(IpAddr address) =>
        address.IsV6 == IsV6 && (address.Value & Mask(Network.Bits, PrefixLength)) == Network.Value;

    /// <summary>True when <paramref name="other"/> lies entirely inside this block.</summary>
    public bool Contains(IpCidr other) => other.IsV6 == IsV6 && other.PrefixLength >= PrefixLength && Contains(other.Network);

    /// <summary>True when the two blocks share at least one address.</summary>
    public bool Overlaps(IpCidr other) => Contains(other) || other.Contains(this);

    /// <summary>Parses "a.b.c.d/n" or "x::y/n"; a bare address is not a CIDR.</summary>
    public static bool TryParse(string? text, out IpCidr cidr, out string? error)
    {
        cidr = default;
        error = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "the CIDR is empty";
            return false;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            error = $"'{text}' has no prefix length (write it as {text}/32 or {text}/128)";
            return false;
        }

        if (!IpAddr.TryParse(text[..slash], out var addr))
        {
            error = $"'{text[..slash]}' is not an IP address";
            return false;
        }

        var prefixText = text[(slash + 1)..];
        if (!int.TryParse(prefixText, NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > addr.Bits)
        {
            error = $"'{prefixText}' is not a prefix length between 0 and {addr.Bits}";
            return false;
        }

        cidr = new IpCidr(addr, prefix);
        return true;
    }

    /// <summary>Parses or throws <see cref="FormatException"/>.</summary>
    public static IpCidr Parse(string text) =>
        TryParse(text, out var c, out var e) ? c : throw new FormatException(e);

    /// <inheritdoc />
    public override string ToString() => $"{Network}/{PrefixLength.ToString(CultureInfo.InvariantCulture)}";

    private static UInt128 AllOnes(int bits) => bits == 128 ? UInt128.MaxValue : (UInt128.One << bits) - 1;

    private static UInt128 Mask(int bits, int prefix) =>
        prefix == 0 ? UInt128.Zero : AllOnes(bits) & ~(AllOnes(bits - prefix) & AllOnes(bits));
}
