using Palisade.Manifests.Yaml;

namespace Palisade.Tests.Manifests;

/// <summary>go-yaml v2's resolution of plain scalars (resolve.go), which Kubernetes' YAML decoding goes through.</summary>
public sealed class PlainScalarTests
{
    [Theory]
    [InlineData("0", 0)]
    [InlineData("-0x51", -81)]
    [InlineData("-0b101", -5)]
    [InlineData("0O17", 15)]
    [InlineData("1_000", 1000)]
    [InlineData("0_120", 80)]
    [InlineData("-9223372036854775808", long.MinValue)]
    public void Integer_AsGoParseIntWithBaseZero(string text, long expected)
    {
        var (type, integer, _) = PlainScalar.Resolve(text);

        Assert.Equal(PlainScalarType.Integer, type);
        Assert.Equal(expected, integer);
    }

    [Theory]
    [InlineData("_80")] // the hint table: only a digit or a sign starts a number
    [InlineData("0x")]
    [InlineData("0xG1")]
    [InlineData("08x")]
    [InlineData("1:20")] // no YAML 1.1 base-60 numbers in go-yaml
    [InlineData("http")]
    public void NotANumber_IsAString(string text)
    {
        Assert.Equal(PlainScalarType.String, PlainScalar.Resolve(text).Type);
    }

    [Theory]
    [InlineData("~", "Null")]
    [InlineData("Null", "Null")]
    [InlineData("Y", "Boolean")]
    [InlineData("Off", "Boolean")]
    [InlineData(".5", "Float")]
    [InlineData("-.inf", "Float")]
    [InlineData("09", "Float")]
    public void OtherTypes_AsGoYamlV2(string text, string expected)
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
