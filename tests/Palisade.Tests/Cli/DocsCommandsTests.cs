using System.Text;
using System.Text.RegularExpressions;

namespace Palisade.Tests.Cli;

/// <summary>
/// The docs cannot drift: every <c>$ palisade ...</c> command shown in README.md and docs/*.md with its output is run,
/// and the output shown must be what the command prints (paths and timings normalised). A line <c>...</c> in the shown
/// output stands for any number of lines, so excerpts say they are excerpts.
/// </summary>
public sealed partial class DocsCommandsTests
{
    /// <summary>Every documented command with shown output, as (file, line, command line, shown output).</summary>
    public static TheoryData<string, int> Commands()
    {
        var data = new TheoryData<string, int>();
        foreach (var (file, line, _, _) in Examples())
        {
            data.Add(file, line);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public void DocumentedCommand_Run_PrintsWhatTheDocShows(string file, int line)
    {
        var (_, _, command, shown) = Examples().Single(e => e.File == file && e.Line == line);
        using var work = new TempFolder("palisade-docs-");
        // The command runs in a scratch folder that sees the repository's examples and tests, so the files it
        // writes land there, while the paths it prints are those of the docs.
        foreach (var name in new[] { "examples", "tests", "docs" })
        {
            Directory.CreateSymbolicLink(Path.Combine(work.FullName, name), Path.Combine(Golden.RepoRoot, name));
        }

        var args = Split(command, out var redirect);
        var r = CliRunner.Run(args[1..], workingDirectory: work.FullName);
        Assert.True(r.ExitCode is 0 or 1, $"{file}:{line}: {command}\nexit {r.ExitCode}\n{r.Err}");
        var printed = redirect is null && r.Out.Length > 0 ? r.Out : r.Err;
        AssertShown(shown, Normalise(printed, work.FullName), $"{file}:{line}: {command}");
    }

    [Fact]
    public void Docs_ShowCommandsWithOutput()
    {
        var files = Examples().Select(e => e.File).Distinct().ToList();

        Assert.Contains("README.md", files);
        Assert.True(Examples().Count() >= 4, string.Join(", ", Examples().Select(e => $"{e.File}:{e.Line}")));
    }

    /// <summary>The shown lines, in order; "..." matches any run of lines (none included).</summary>
    private static void AssertShown(IReadOnlyList<string> shown, IReadOnlyList<string> actual, string where)
    {
        if (!Matches(shown, 0, actual, 0))
        {
            Assert.Fail($"{where}: the output shown in the doc is not what the command prints.\n--- shown\n{string.Join('\n', shown)}\n--- printed\n{string.Join('\n', actual)}");
        }
    }

    private static bool Matches(IReadOnlyList<string> shown, int s, IReadOnlyList<string> actual, int a)
    {
        for (; s < shown.Count; s++, a++)
        {
            if (shown[s].Trim() is "..." or "…")
            {
                // Bounded: each elision tries every later position once.
                for (var next = a; next <= actual.Count; next++)
                {
                    if (Matches(shown, s + 1, actual, next))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (a >= actual.Count || !string.Equals(shown[s], actual[a], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return a == actual.Count;
    }

    /// <summary>Absolute scratch paths become relative, timings become N, trailing blanks go.</summary>
    private static List<string> Normalise(string text, string work)
    {
        text = text.Replace(work + "/", string.Empty, StringComparison.Ordinal).Replace(Golden.RepoRoot + "/", string.Empty, StringComparison.Ordinal);
        text = Timing().Replace(text, "N $1");
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        return lines;
    }

    /// <summary>The examples: a "$ palisade" line in a fenced block, its continuation lines, and the output lines up to the next "$" line or the fence.</summary>
    private static IEnumerable<(string File, int Line, string Command, List<string> Shown)> Examples()
    {
        var files = new[] { "README.md" }.Concat(Directory.GetFiles(Path.Combine(Golden.RepoRoot, "docs"), "*.md")
            .Select(f => Path.GetRelativePath(Golden.RepoRoot, f)).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            var lines = File.ReadAllLines(Path.Combine(Golden.RepoRoot, file));
            var inFence = false;
            for (var i = 0; i < lines.Length; i++)
            {
                if (lines[i].StartsWith("```", StringComparison.Ordinal))
                {
                    inFence = !inFence;
                    continue;
                }

                if (!inFence || !lines[i].StartsWith("$ palisade ", StringComparison.Ordinal))
                {
                    continue;
                }

                var start = i;
                var command = new StringBuilder(lines[i][2..]);
                while (command.ToString().EndsWith('\\') && i + 1 < lines.Length)
                {
                    command.Length--;
                    command.Append(' ').Append(lines[++i].Trim());
                }

                var shown = new List<string>();
                while (i + 1 < lines.Length && !lines[i + 1].StartsWith("```", StringComparison.Ordinal) && !lines[i + 1].StartsWith("$ ", StringComparison.Ordinal))
                {
                    shown.Add(Timing().Replace(lines[++i].TrimEnd(), "N $1"));
                }

                if (shown.Count > 0)
                {
                    yield return (file, start + 1, command.ToString(), shown);
                }
            }
        }
    }

    /// <summary>Splits a documented command line as a shell would (quotes, a trailing "&gt; FILE" redirection).</summary>
    private static string[] Split(string commandLine, out string? redirect)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        char? quote = null;
        var inWord = false;
        foreach (var c in commandLine)
        {
            if (quote is { } q)
            {
                if (c == q)
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        redirect = null;
        var gt = words.IndexOf(">");
        if (gt >= 0)
        {
            redirect = words[gt + 1];
            words.RemoveRange(gt, words.Count - gt);
        }

        return [.. words];
    }

    // "in 1.2 s", "(13 ms)": timings differ between runs.
    [GeneratedRegex(@"\b\d+(?:\.\d+)? (s|ms)\b")]
    private static partial Regex Timing();
}
