using System.Xml.Linq;

namespace Palisade.Tests.Cli;

/// <summary>Text copied from input (file names, names, descriptions) is escaped for each artifact it reaches.</summary>
public sealed class SanitisingTests : IDisposable
{
    private const string Esc = "\u001b";

    private readonly TempFolder dir = new("palisade-sanitise-");

    public void Dispose() => dir.Dispose();

    [Fact]
    public void Render_ProfileFileNameWithNewlines_CannotInjectYaml()
    {
        var plain = dir.In("p.yaml");
        File.Copy(Path.Combine(Golden.RepoRoot, HomeLab.Profile), plain);
        var hostile = dir.In("p\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: injected}\n# " + Esc + "[2J.yaml");
        File.Copy(plain, hostile);

        var expected = CliRunner.Run(["render", plain]);
        var r = CliRunner.Run(["render", hostile]);

        r.Succeeds().OutLacks(Esc, "\nkind: Namespace");
        Assert.StartsWith("# Rendered by palisade from p\\n---\\napiVersion: v1\\nkind: Namespace", r.Out, StringComparison.Ordinal);
        // Only the header comment differs: the same objects, byte for byte.
        Assert.Equal(expected.Out[expected.Out.IndexOf('\n', StringComparison.Ordinal)..], r.Out[r.Out.IndexOf('\n', StringComparison.Ordinal)..]);
        var loaded = Palisade.Manifests.ManifestLoader.LoadText(r.Out, "r.yaml", new Palisade.Manifests.LoadOptions());
        Assert.DoesNotContain(loaded.Snapshot.Namespaces, n => n.Name == "injected");
    }

    [Fact]
    public void Diagnostics_FileNameWithNewlineAndEsc_ArePrintedEscapedOnOneLine()
    {
        var name = "bad\nx.yaml:1:1: error PAL000: forged\n" + Esc + "[31mred.yaml";
        File.WriteAllText(dir.In(name), "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: a, namespace: b}\nspec:\n  podSelecter: {}\n");

        var r = CliRunner.Run(["lint", dir.FullName]);

        r.Exits(2).ErrLacks(Esc).ErrHas("\\x1b[31mred.yaml");
        Assert.DoesNotContain(r.Err.Split('\n'), l => l.Contains("PAL000", StringComparison.Ordinal) && !l.Contains("PAL104", StringComparison.Ordinal));
        Assert.Contains(r.Err.Split('\n'), l => l.Contains("bad\\nx.yaml:1:1: error PAL000: forged\\n", StringComparison.Ordinal) && l.Contains("error PAL104", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckJunit_ExpectationNameWithNulBelEscAndFffe_IsValidXml()
    {
        var expect = WriteExpectations("\"a\\0b\\ac\\ed\\uFFFEe\"", "\"t\\e[1m\"");

        var r = CliRunner.Run(["check", HomeLab.Folder, "--expect", expect, "--no-lint", "--output", "junit"]);

        Assert.True(r.ExitCode is 0 or 1, $"exit {r.ExitCode}: {r.Err}");
        var doc = XDocument.Parse(r.Out);
        var testcase = Assert.Single(doc.Descendants("testcase"));
        Assert.Equal("a\\x00b\\x07c\\x1bd\\ufffee", testcase.Attribute("name")!.Value);
        Assert.Contains("t\\x1b[1m", doc.Descendants("testsuite").Single().Attribute("name")!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckText_ExpectationNameWithEscAndNewline_HasNoRawControlCharacters()
    {
        var expect = WriteExpectations("\"x\\e]0;owned\\a\\nFAIL  forged\"", "t");

        var r = CliRunner.Run(["check", HomeLab.Folder, "--expect", expect, "--no-lint"]);

        r.Succeeds().OutLacks(Esc);
        Assert.DoesNotContain('\a', r.Out);
        r.OutHas("PASS  x\\x1b]0;owned\\x07\\nFAIL  forged");
    }

    [Fact]
    public void CheckMarkdown_NameWithPipeAndNewline_StaysInItsCell()
    {
        var expect = WriteExpectations("\"a | b\\n| c\"", "t | u");

        var r = CliRunner.Run(["check", HomeLab.Folder, "--expect", expect, "--no-lint", "--output", "md"]);

        r.Succeeds();
        var row = Assert.Single(r.Out.Split('\n'), l => l.StartsWith("| ✅", StringComparison.Ordinal));
        Assert.Contains("a \\| b\\n\\| c", row, StringComparison.Ordinal);
        // Seven cells: eight separators once escaped pipes are left out.
        Assert.Equal(8, row.Replace("\\|", string.Empty, StringComparison.Ordinal).Count(c => c == '|'));
        r.OutHas("t \\| u");
    }

    /// <summary>One passing expectation (nginx-proxy reaches belego's sshd) with the given YAML name and title.</summary>
    private string WriteExpectations(string name, string title)
    {
        var path = dir.In("e.yaml");
        File.WriteAllText(path, $"""
            apiVersion: palisade.dev/v1alpha1
            kind: Expectations
            criteria:
              - id: AC1
                title: {title}
                expect:
                  - name: {name}
                    from: dev/nginx-proxy
                    to: dev/dev-container-belego
                    port: 22/TCP
                    allowed: true
            """);
        return path;
    }
}
