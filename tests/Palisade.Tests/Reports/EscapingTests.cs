using System.Xml;
using System.Xml.Linq;
using Palisade.Reports.Escaping;

namespace Palisade.Tests.Reports;

/// <summary>The per-artifact sanitisers: what input text may and may not reach each kind of output.</summary>
public sealed class EscapingTests
{
    [Theory]
    [InlineData("a\nb", "a\\nb")]
    [InlineData("a\rb\tc", "a\\rb\\tc")]
    [InlineData("\u001b[31mred", "\\x1b[31mred")]
    [InlineData("nul\0bel\a", "nul\\x00bel\\x07")]
    [InlineData("del\u007f c1\u009b", "del\\x7f c1\\x9b")]
    [InlineData("rtl\u202eevil", "rtl\\u202eevil")]
    [InlineData("ls\u2028ps\u2029", "ls\\u2028ps\\u2029")]
    [InlineData("plain café ✅", "plain café ✅")]
    public void TerminalText_ControlCharacters_BecomeVisibleEscapes(string input, string expected) =>
        Assert.Equal(expected, TerminalText.Escape(input));

    [Fact]
    public void TerminalText_LoneSurrogate_IsEscapedAndPairsAreKept()
    {
        Assert.Equal("a\\ud800b", TerminalText.Escape("a\ud800b"));
        Assert.Equal("\\udc00", TerminalText.Escape("\udc00"));
        Assert.Equal("😀", TerminalText.Escape("😀"));
    }

    [Fact]
    public void YamlComment_LineBreaks_CannotEndTheComment()
    {
        var comment = "# " + YamlComment.Escape("x\n---\napiVersion: v1\r\u0085\u2028kind: Namespace");
        Assert.DoesNotContain('\n', comment);
        Assert.DoesNotContain('\r', comment);
        Assert.DoesNotContain('\u0085', comment);
        Assert.DoesNotContain('\u2028', comment);
    }

    [Fact]
    public void YamlScalar_ControlCharacters_AreYamlEscapesThatParseBack()
    {
        var value = "a\u001bb\nc\"d\\e\u2028";
        var scalar = Palisade.Manifests.Wire.WireYaml.Scalar(value);
        Assert.Equal("\"a\\x1bb\\nc\\\"d\\\\e\\u2028\"", scalar);
        var yaml = new YamlDotNet.RepresentationModel.YamlStream();
        yaml.Load(new StringReader("k: " + scalar + "\n"));
        var map = (YamlDotNet.RepresentationModel.YamlMappingNode)yaml.Documents[0].RootNode;
        Assert.Equal(value, ((YamlDotNet.RepresentationModel.YamlScalarNode)map.Children[0].Value).Value);
    }

    [Fact]
    public void XmlCharacters_EveryCharacterXmlCannotHold_WritesAndParsesBack()
    {
        var hostile = "nul\0 bel\a esc\u001b fffe\ufffe ffff\uffff lone\ud800 pair😀 tab\t nl\n";
        var sw = new StringWriter();
        using (var x = XmlWriter.Create(sw))
        {
            x.WriteStartElement("t");
            x.WriteAttributeString("name", XmlCharacters.Escape(hostile));
            x.WriteString(XmlCharacters.Escape(hostile));
            x.WriteEndElement();
        }

        var doc = XDocument.Parse(sw.ToString());
        Assert.Equal("nul\\x00 bel\\x07 esc\\x1b fffe\\ufffe ffff\\uffff lone\\ud800 pair😀 tab\t nl\n", doc.Root!.Value);
        Assert.StartsWith("nul\\x00", doc.Root.Attribute("name")!.Value, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("line\nbreak", "line\\nbreak")]
    [InlineData("<img src=x>", "&lt;img src=x>")]
    public void MarkdownCell_Separators_AreEscaped(string input, string expected) =>
        Assert.Equal(expected, MarkdownCell.Escape(input));

    [Fact]
    public void MarkdownCell_CodeSpan_CannotBeClosedOrSplit() =>
        Assert.Equal("`a'b\\|c`", MarkdownCell.Code("a`b|c"));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("q\"uote\\", "\"q\\\"uote\\\\\"")]
    [InlineData("name\nkind", "\"name\\nkind\"")]
    [InlineData("esc\u001b", "\"esc\\\\x1b\"")]
    public void DotString_Quote_EscapesForDot(string input, string expected) =>
        Assert.Equal(expected, DotString.Quote(input));
}
