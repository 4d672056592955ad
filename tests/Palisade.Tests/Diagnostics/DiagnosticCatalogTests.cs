using System.Text.RegularExpressions;
using Palisade.Diagnostics;
using Palisade.Linting;
using Palisade.TestSupport;

namespace Palisade.Tests.Diagnostics;

/// <summary>
/// The catalog is the one source of diagnostic codes: unique codes, the same codes, titles and severities as
/// docs/diagnostics.md (both ways), no code literal in src/ outside it, and lint rules that take theirs from it.
/// </summary>
public sealed partial class DiagnosticCatalogTests
{
    private static readonly string DocsText = File.ReadAllText(Path.Combine(Golden.RepoRoot, "docs", "diagnostics.md"));

    [Fact]
    public void Catalog_Codes_AreUniqueAndInTheirRange()
    {
        var codes = DiagnosticCatalog.All.Select(d => d.Code).ToList();

        Assert.True(codes.Count > 100, $"only {codes.Count} descriptors registered");
        Assert.Empty(codes.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key));
        Assert.All(codes, c => Assert.Matches(CodeShape(), c));
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.All(DiagnosticCatalog.All, d => Assert.False(string.IsNullOrWhiteSpace(d.Title), d.Code));
    }

    [Fact]
    public void Catalog_Index_MatchesDocsBothWays() => AssertDocsMatchCatalog(
        "index",
        IndexRow(),
        m => (m.Groups["title"].Value, m.Groups["severity"].Value),
        DiagnosticCatalog.All,
        d => (d.Title, d.DefaultSeverity.ToString().ToLowerInvariant()));

    [Fact]
    public void Catalog_EveryCode_HasAnEntryWithItsAnchor()
    {
        var anchors = AnchoredRow().Matches(DocsText).Select(m => m.Groups["code"].Value)
            .Concat(Heading().Matches(DocsText).Select(m => m.Groups["code"].Value))
            .ToList();

        Assert.Empty(anchors.GroupBy(c => c, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => $"{g.Key} is explained twice"));
        Assert.Equal(
            DiagnosticCatalog.All.Select(d => d.Code).Order(StringComparer.Ordinal),
            anchors.Order(StringComparer.Ordinal));
        Assert.All(DiagnosticCatalog.All, d => Assert.True(
            DocsText.Contains($"<a id=\"{d.DocsAnchor}\"></a>{d.Code} |", StringComparison.Ordinal)
                || DocsText.Contains($"\n### {d.Code}\n", StringComparison.Ordinal),
            $"{d.Code} has no entry at #{d.DocsAnchor}"));
    }

    [Fact]
    public void Sources_OutsideTheCatalog_HaveNoCodeLiteral()
    {
        var src = Path.Combine(Golden.RepoRoot, "src");
        var catalog = Path.Combine(src, "Palisade", "Diagnostics", "DiagnosticCatalog.cs");
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(src, file);
            if (file == catalog || relative.Split(Path.DirectorySeparatorChar).Any(p => p is "obj" or "bin"))
            {
                continue;
            }

            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var code = CodeOf(lines[i]);
                if (CodeLiteral().IsMatch(code))
                {
                    offenders.Add($"src/{relative.Replace('\\', '/')}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(Directory.Exists(Path.Combine(src, "Palisade.Cli")), "the scan did not find the sources");
        Assert.Empty(offenders);
    }

    [Fact]
    public void CodeOf_CommentsAndStrings_KeepsOnlyCode()
    {
        Assert.Equal(string.Empty, CodeOf("    /// <summary>PAL104: an unknown field.</summary>"));
        Assert.Equal("x = 1; ", CodeOf("x = 1; // PAL104"));
        Assert.Matches(CodeLiteral(), CodeOf("var url = \"https://x\"; var c = \"PAL104\";"));
    }

    [Fact]
    public void LintRules_Descriptors_AreTheCatalogs()
    {
        Assert.NotEmpty(Linter.Rules);
        Assert.All(Linter.Rules, r =>
        {
            Assert.Same(DiagnosticCatalog.Find(r.Code), r.Descriptor);
            Assert.StartsWith("PAL2", r.Code, StringComparison.Ordinal);
            Assert.Equal(r.Descriptor.DefaultSeverity, r.Severity);
            Assert.Equal(r.Descriptor.Title, r.ShortDescription);
        });
    }

    [Fact]
    public void Descriptor_Create_CarriesCodeSeverityAndText()
    {
        var at = new Palisade.Model.SourceLocation("a.yaml", 3, 4);

        var d = DiagnosticCatalog.FieldCase.Create(at, "m", "h");
        var strict = DiagnosticCatalog.UnevaluatedPolicyKind.Create(Severity.Error, at, "m");

        Assert.Equal(new Diagnostic("PAL125", Severity.Warning, at, "m", "h"), d);
        Assert.Equal(Severity.Error, strict.Severity);
        Assert.Equal("pal125", DiagnosticCatalog.FieldCase.DocsAnchor);
    }

    [Fact]
    public void LintDescriptors_Each_HasMessageAndHelpFormats()
    {
        Assert.All(Linter.Rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Descriptor.MessageFormat), $"{r.Code} has no message format");
            Assert.False(string.IsNullOrWhiteSpace(r.Descriptor.HelpFormat), $"{r.Code} has no help format");
        });
    }

    [Fact]
    public void Catalog_Formats_UseEveryArgumentFromZeroAndParse()
    {
        var formatted = DiagnosticCatalog.All.Where(d => d.MessageFormat is not null).ToList();

        Assert.True(formatted.Count >= Linter.Rules.Count, $"only {formatted.Count} descriptors carry a message format");
        Assert.All(formatted, d =>
        {
            var used = Placeholders.Indexes(d.MessageFormat).Concat(Placeholders.Indexes(d.HelpFormat)).Distinct().Order();
            Assert.Equal(Enumerable.Range(0, d.ArgumentCount), used);
            var arguments = Enumerable.Range(0, d.ArgumentCount).Select(i => (object?)$"<{i}>").ToArray();
            var made = d.CreateWith(new Palisade.Model.SourceLocation("a.yaml", 1, 1), arguments);
            Assert.All(arguments, a => Assert.True(made.Message.Contains((string)a!, StringComparison.Ordinal) || made.Help!.Contains((string)a!, StringComparison.Ordinal), $"{d.Code} drops {a}"));
            Assert.Equal(d.Code, made.Code);
        });
    }

    [Fact]
    public void Descriptor_CreateWith_FillsBothFormatsWithTheSameArguments()
    {
        var at = new Palisade.Model.SourceLocation("a.yaml", 3, 4);

        var d = DiagnosticCatalog.DuplicatePolicy.CreateWith(at, "ns/b", "ns/a", "app=web");

        Assert.Equal(new Diagnostic(
            "PAL213",
            Severity.Warning,
            at,
            "policy ns/b duplicates policy ns/a: same podSelector app=web, same policyTypes and equivalent rules",
            "delete one of them (keep ns/a or ns/b, not both)"), d);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public void Descriptor_CreateWith_WrongArgumentCount_Throws(int count)
    {
        var at = new Palisade.Model.SourceLocation("a.yaml", 1, 1);
        var arguments = Enumerable.Repeat((object?)"x", count).ToArray();

        var e = Assert.Throws<InvalidOperationException>(() => DiagnosticCatalog.DuplicatePolicy.CreateWith(at, arguments));
        Assert.Contains("PAL213's formats take 3 argument(s)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Descriptor_CreateWith_NoFormat_Throws()
    {
        Assert.Throws<InvalidOperationException>(() => DiagnosticCatalog.PathNotFound.CreateWith(new Palisade.Model.SourceLocation("a", 1, 1)));
    }

    [Theory]
    [InlineData("none", new int[0])]
    [InlineData("{0} and {1:x} then {0,5}", new[] { 0, 1, 0 })]
    [InlineData("`{{protocol: TCP}}` {2}", new[] { 2 })]
    [InlineData("{{{3}}}", new[] { 3 })]
    public void Placeholders_Indexes_SkipsEscapedBraces(string format, int[] expected)
    {
        Assert.Equal(expected, Placeholders.Indexes(format));
    }

    [Theory]
    [InlineData("a } b")]
    [InlineData("a { b")]
    [InlineData("a {x}")]
    public void Placeholders_LoneBrace_Throws(string format)
    {
        Assert.Throws<FormatException>(() => Placeholders.Indexes(format));
    }

    [Fact]
    public void Docs_LintSections_ShowTheCatalogsFormats() => AssertDocsMatchCatalog(
        "format blocks",
        FormatBlock(),
        m => (m.Groups["message"].Value, m.Groups["help"].Value),
        DiagnosticCatalog.All.Where(d => d.MessageFormat is not null),
        d => (d.MessageFormat!, d.HelpFormat ?? string.Empty));

    /// <summary>
    /// The codes the docs' <paramref name="pattern"/> finds (group <c>code</c>) are the descriptors' codes, both ways, and
    /// each with the value the descriptor gives.
    /// </summary>
    private static void AssertDocsMatchCatalog<T>(string what, Regex pattern, Func<Match, T> documentedValue, IEnumerable<DiagnosticDescriptor> descriptors, Func<DiagnosticDescriptor, T> catalogValue)
    {
        var documented = pattern.Matches(DocsText).ToDictionary(m => m.Groups["code"].Value, documentedValue, StringComparer.Ordinal);
        var catalog = descriptors.ToDictionary(d => d.Code, catalogValue, StringComparer.Ordinal);

        Assert.Empty(catalog.Keys.Except(documented.Keys).Select(c => $"{c} is in the catalog but not in the docs' {what}"));
        Assert.Empty(documented.Keys.Except(catalog.Keys).Select(c => $"{c} is in the docs' {what} but not in the catalog"));
        Assert.All(catalog, entry => Assert.Equal((entry.Key, entry.Value), (entry.Key, documented[entry.Key])));
    }

    /// <summary>The line without its comment: whole-line comments, and a trailing // outside string quotes.</summary>
    private static string CodeOf(string line)
    {
        if (line.TrimStart().StartsWith("//", StringComparison.Ordinal))
        {
            return string.Empty;
        }

        var quotes = 0;
        for (var i = 0; i + 1 < line.Length; i++)
        {
            if (line[i] == '"' && (i == 0 || line[i - 1] != '\\'))
            {
                quotes++;
            }
            else if (quotes % 2 == 0 && line[i] == '/' && line[i + 1] == '/')
            {
                return line[..i];
            }
        }

        return line;
    }

    [GeneratedRegex("^PAL[1-4][0-9]{2}$")]
    private static partial Regex CodeShape();

    [GeneratedRegex("PAL[0-9]{3}")]
    private static partial Regex CodeLiteral();

    [GeneratedRegex(@"^\| \[(?<code>PAL[0-9]{3})\]\(#pal[0-9]{3}\) \| (?<title>.+) \| (?<severity>error|warning|note) \|$", RegexOptions.Multiline)]
    private static partial Regex IndexRow();

    [GeneratedRegex(@"^\| <a id=""pal[0-9]{3}""></a>(?<code>PAL[0-9]{3}) \|", RegexOptions.Multiline)]
    private static partial Regex AnchoredRow();

    [GeneratedRegex(@"^### (?<code>PAL[0-9]{3})$", RegexOptions.Multiline)]
    private static partial Regex Heading();

    [GeneratedRegex(@"^### (?<code>PAL[0-9]{3})\n(?:(?!### ).*\n)*?```text\nmessage: (?<message>.*)\nhelp: (?<help>.*)\n```$", RegexOptions.Multiline)]
    private static partial Regex FormatBlock();
}
