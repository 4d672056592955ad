using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Tests.Linting;

public class LintConfigReaderTests
{
    [Fact]
    public void Parse_ValidConfig_ReadsDisabledAndIgnores()
    {
        var parsed = LintConfigReader.Parse("# ok\ndisable: [pal208]\nignore:\n  - policy: dev/*\n    codes: ['*']\n", "c.yaml");

        Assert.Empty(parsed.Diagnostics);
        Assert.Equal(["PAL208"], parsed.Value.Disabled);
        var ignore = Assert.Single(parsed.Value.Ignores);
        Assert.True(ignore.Covers(new ObjectRef("dev", "anything"), "PAL206"));
        Assert.False(ignore.Covers(new ObjectRef("prod", "anything"), "PAL206"));
    }

    [Fact]
    public void Parse_EmptyFile_IsEmptyConfig()
    {
        var parsed = LintConfigReader.Parse("# nothing yet\n", "c.yaml");
        Assert.Empty(parsed.Diagnostics);
        Assert.Empty(parsed.Value.Disabled);
    }

    [Theory]
    [InlineData("disable: PAL208\n", "PAL290", 1, 10)]
    [InlineData("- PAL208\n", "PAL290", 1, 1)]
    [InlineData("ignore:\n  - policy: dev/web\n", "PAL290", 2, 5)]
    [InlineData("ignore:\n  - policy: dev/web\n    code: [PAL206]\n", "PAL290", 3, 5)]
    [InlineData("ignore:\n  - policy: '*/web'\n    codes: [PAL206]\n", "PAL292", 2, 13)]
    [InlineData("disable: ['*']\n", "PAL290", 1, 11)]
    [InlineData("disable: [PAL2O6]\n", "PAL291", 1, 11)]
    [InlineData("disable: [PAL208\n", "PAL290", 2, 1)]
    public void Parse_BadConfig_ReportsLocatedError(string text, string code, int line, int column)
    {
        var parsed = LintConfigReader.Parse(text, "c.yaml");

        Assert.Contains(parsed.Diagnostics, d => d.Code == code && d.Severity == Severity.Error && d.Location == new SourceLocation("c.yaml", line, column));
        Assert.All(parsed.Diagnostics, d => Assert.Equal(Severity.Error, d.Severity));
    }
}
