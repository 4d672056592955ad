using System.Globalization;
using System.Text.RegularExpressions;

namespace Palisade.Manifests.Yaml;

/// <summary>What YAML 1.1, as Kubernetes' decoder reads it, makes of a plain (unquoted) scalar.</summary>
internal enum PlainScalarType
{
    Null,
    Boolean,
    Integer,
    Float,
    String,
}

/// <summary>
/// Resolves plain scalars the way sigs.k8s.io/yaml does through its go-yaml v2 fork (resolve.go): the text with every
/// <c>_</c> removed is tried with Go's <c>strconv.ParseInt(s, 0, 64)</c> (sign, <c>0x</c>, <c>0o</c>, <c>0b</c>, and a
/// leading <c>0</c> for octal), then as a float (<c>089</c> is not octal, so it is the float 89), and the YAML 1.1
/// words (<c>yes</c>, <c>on</c>, <c>y</c>, ...) are booleans. Only text starting with a digit or a sign is numeric.
/// </summary>
internal static partial class PlainScalar
{
    /// <summary>The type go-yaml v2 gives the plain scalar, with its integer or float value.</summary>
    public static (PlainScalarType Type, long Integer, double Float) Resolve(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return (PlainScalarType.Null, 0, 0);
            case "y" or "Y" or "yes" or "Yes" or "YES" or "true" or "True" or "TRUE" or "on" or "On" or "ON"
                or "n" or "N" or "no" or "No" or "NO" or "false" or "False" or "FALSE" or "off" or "Off" or "OFF":
                return (PlainScalarType.Boolean, 0, 0);
            case ".nan" or ".NaN" or ".NAN":
                return (PlainScalarType.Float, 0, double.NaN);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return (PlainScalarType.Float, 0, double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return (PlainScalarType.Float, 0, double.NegativeInfinity);
            default:
                break;
        }

        var first = text[0];
        if (first == '.')
        {
            return double.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var f)
                ? (PlainScalarType.Float, 0, f)
                : (PlainScalarType.String, 0, 0);
        }

        if (!char.IsAsciiDigit(first) && first is not ('+' or '-'))
        {
            return (PlainScalarType.String, 0, 0);
        }

        var plain = text.Replace("_", string.Empty, StringComparison.Ordinal);
        if (TryGoParseInt(plain, out var integer))
        {
            return (PlainScalarType.Integer, integer, 0);
        }

        if (YamlStyleFloat().IsMatch(plain)
            && double.TryParse(plain, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return (PlainScalarType.Float, 0, number);
        }

        return (PlainScalarType.String, 0, 0);
    }

    /// <summary>
    /// The whole number a plain scalar stands for: an integer, or a float without a fraction (sigs.k8s.io/yaml writes
    /// the float 80.0 as the JSON number 80, which an integer field takes).
    /// </summary>
    public static bool TryWholeNumber(string text, out long value)
    {
        var (type, integer, number) = Resolve(text);
        switch (type)
        {
            case PlainScalarType.Integer:
                value = integer;
                return true;
            case PlainScalarType.Float when double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < 9.2e18:
                value = (long)number;
                return true;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>Go's <c>strconv.ParseInt(s, 0, 64)</c> on text whose underscores are already removed.</summary>
    private static bool TryGoParseInt(string s, out long value)
    {
        value = 0;
        var negative = false;
        if (s.Length > 0 && s[0] is '+' or '-')
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (s.Length == 0)
        {
            return false;
        }

        var radix = 10;
        if (s[0] == '0')
        {
            if (s.Length >= 3 && char.ToLowerInvariant(s[1]) is 'x' or 'o' or 'b')
            {
                radix = char.ToLowerInvariant(s[1]) switch { 'x' => 16, 'o' => 8, _ => 2 };
                s = s[2..];
            }
            else
            {
                radix = 8;
                s = s[1..];
            }
        }

        UInt128 magnitude = 0;
        foreach (var c in s)
        {
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= radix)
            {
                return false;
            }

            magnitude = (magnitude * (uint)radix) + (uint)digit;
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                return false;
            }
        }

        if (!negative && magnitude > long.MaxValue)
        {
            return false;
        }

        value = !negative ? (long)magnitude
            : magnitude == (UInt128)long.MaxValue + 1 ? long.MinValue
            : -(long)magnitude;
        return true;
    }

    // go-yaml v2's yamlStyleFloat.
    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex YamlStyleFloat();
}
