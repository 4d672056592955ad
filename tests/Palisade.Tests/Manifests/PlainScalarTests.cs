using Palisade.Manifests.Yaml;

namespace Palisade.Tests.Manifests;

/// <summary>go-yaml v2's resolution of plain scalars (resolve.go), which Kubernetes' YAML decoding goes through.</summary>
public sealed class PlainScalarTests
{
    /// <summary>Integers as Go's ParseInt with base 0 reads them (signs, 0x, 0b, 0o, underscores, a leading 0 for octal).</summary>
    public static TheoryData<string, long> Integers => new()
    {
        { "0", 0 }, { "-0x51", -81 }, { "-0b101", -5 }, { "0O17", 15 }, { "1_000", 1000 }, { "0_120", 80 },
        { "-9223372036854775808", long.MinValue },
    };

    /// <summary>What each other plain scalar resolves to.</summary>
    public static TheoryData<string, string> Types => new()
    {
        { "_80", "String" }, // the hint table: only a digit or a sign starts a number
        { "0x", "String" }, { "0xG1", "String" }, { "08x", "String" },
        { "1:20", "String" }, // no YAML 1.1 base-60 numbers in go-yaml
        { "http", "String" },
        { "~", "Null" }, { "Null", "Null" },
        { "Y", "Boolean" }, { "Off", "Boolean" },
        { ".5", "Float" }, { "-.inf", "Float" }, { "09", "Float" },
    };

    [Theory]
    [MemberData(nameof(Integers))]
    public void Integer_AsGoParseIntWithBaseZero(string text, long expected)
    {
        var (type, integer, _) = PlainScalar.Resolve(text);

        Assert.Equal(PlainScalarType.Integer, type);
        Assert.Equal(expected, integer);
    }

    [Theory]
    [MemberData(nameof(Types))]
    public void OtherScalar_AsGoYamlV2(string text, string expected)
    {
        Assert.Equal(expected, PlainScalar.Resolve(text).Type.ToString());
    }

    [Theory]
    [InlineData("80.5")]
    [InlineData(".nan")]
    [InlineData("yes")]
    [InlineData("1e30")]
    public void NoWholeNumber_ForFractionsBooleansAndHugeFloats(string text)
    {
        Assert.False(PlainScalar.TryWholeNumber(text, out _));
    }
}
