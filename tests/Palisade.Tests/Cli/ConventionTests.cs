using System.CommandLine;
using Palisade.Cli;

namespace Palisade.Tests.Cli;

/// <summary>The kubectl-like conventions every command follows (issue 15): -o, --output-file, -f, unknown options, help.</summary>
public sealed class ConventionTests
{

    [Theory]
    [InlineData("matrix", "--foo", HomeLab.Manifests)]
    [InlineData("matrix", HomeLab.Manifests, "--foo")]
    [InlineData("check", "--foo", HomeLab.Folder)]
    [InlineData("render", HomeLab.Profile, "--foo")]
    [InlineData("lint", "-x", HomeLab.Manifests)]
    [InlineData("diff", HomeLab.Manifests, "--foo", HomeLab.Profile)]
    public void UnknownOption_AnyCommand_IsErrorNamingItExit2(params string[] args)
    {
        var r = CliRunner.Run(args);

        r.Exits(2).OutIsEmpty();
        var unknown = args.First(a => a.StartsWith('-'));
        r.ErrHas($"error PAL166: unknown option '{unknown}' for 'palisade {args[0]}'").ErrLacks("   at ");
    }

    [Fact]
    public void Version_PrintsPalisadesVersion_NotTheHelp()
    {
        var r = CliRunner.Run(["--version"]);

        r.Succeeds().ErrIsEmpty().OutLacks("Usage");
        Assert.Matches(@"^palisade \d+\.\d+\.\d+\S*\r?\n$", r.Out);
    }

    [Fact]
    public void UnknownOption_AfterDoubleDash_IsAPath()
    {
        var r = CliRunner.Run(["matrix", "--", "--foo"]);

        r.Exits(2).ErrLacks("PAL166");
        Assert.Contains("--foo", r.Err, StringComparison.Ordinal); // a file that does not exist
    }

    [Fact]
    public void StandardInputDash_IsNotAnOption()
    {
        var yaml = File.ReadAllText(Path.Combine(Golden.RepoRoot, HomeLab.Manifests, "dev-containers.yaml"));
        var r = CliRunner.Run(["matrix", "-", "-o", "csv"], stdin: yaml);

        r.Succeeds();
    }

    [Fact]
    public void BarePalisade_PrintsHelpWithDebugAndVerbose_Exit0()
    {
        var r = CliRunner.Run([]);

        r.Succeeds().OutHas("Usage:", "--debug", "-v, --verbose", "--no-color", "check");
    }

    [Fact]
    public void UnknownCommand_PrintsErrorAndHelp_Exit2()
    {
        var r = CliRunner.Run(["frobnicate", "x"]);

        r.Exits(2).OutIsEmpty();
        Assert.StartsWith("palisade: error PAL167: unknown command 'frobnicate' for 'palisade'", r.Err, StringComparison.Ordinal);
        r.ErrHas("Usage:");
    }

    [Fact]
    public void CommandGroupWithoutSubcommand_PrintsItsHelp()
    {
        var r = CliRunner.Run(["lab"]);

        r.Succeeds();
        Assert.Contains("palisade lab [command] [options]", AsPalisade(r.Out), StringComparison.Ordinal);
    }

    [Fact]
    public void Filename_Repeatable_SameAsPositionalPaths()
    {
        var positional = CliRunner.Run(["matrix", $"{HomeLab.Manifests}/dev-containers.yaml", $"{HomeLab.Manifests}/networkpolicy.yaml", "-o", "csv"]);
        var flags = CliRunner.Run(["matrix", "-f", $"{HomeLab.Manifests}/dev-containers.yaml", "--filename", $"{HomeLab.Manifests}/networkpolicy.yaml", "-o", "csv"]);
        var mixed = CliRunner.Run(["matrix", $"{HomeLab.Manifests}/dev-containers.yaml", "-f", $"{HomeLab.Manifests}/networkpolicy.yaml", "-o", "csv"]);

        positional.Succeeds();
        Assert.Equal(positional.Out, flags.Out);
        Assert.Equal(positional.Out, mixed.Out);
    }

    [Theory]
    [InlineData("lint")]
    [InlineData("check")]
    [InlineData("report")]
    [InlineData("explain")]
    public void Filename_EveryManifestCommand_IsAccepted(string command)
    {
        string[] args = command switch
        {
            "check" => ["check", "-f", HomeLab.Manifests, "--expect", HomeLab.Expectations, "--no-lint"],
            "explain" => ["explain", "-f", HomeLab.Manifests, "--from", "dev/nginx-proxy", "--to", "dev/dev-container-belego", "--port", "22"],
            _ => [command, "-f", HomeLab.Manifests],
        };

        var r = CliRunner.Run(args);

        Assert.True(r.ExitCode is 0 or 1, r.Err);
        Assert.NotEmpty(r.Out);
    }

    /// <summary>Every command that writes a report takes -o FORMAT and --output-file FILE, and the file holds what standard output would.</summary>
    [Theory]
    [InlineData("json", "matrix", HomeLab.Manifests, "--port", "22")]
    [InlineData("json", "explain", HomeLab.Manifests, "--from", "dev/nginx-proxy", "--to", "dev/dev-container-belego", "--port", "22")]
    [InlineData("json", "lint", HomeLab.Manifests, "--fail-on", "never")]
    [InlineData("json", "check", HomeLab.Folder)]
    [InlineData("json", "diff", HomeLab.Manifests, HomeLab.Profile)]
    [InlineData("dot", "report", HomeLab.Folder)]
    [InlineData("yaml", "render", HomeLab.Profile)]
    [InlineData("yaml", "generate", "--tier", "S")]
    public void OutputFormatAndFile_EveryCommand_FileEqualsStandardOutput(string format, params string[] args)
    {
        using var dir = new TempFolder("palisade-conv-");
        var file = dir.In("out");
        var toStdout = CliRunner.Run([.. args, "-o", format]);
        var toFile = CliRunner.Run([.. args, "--output", format, "--output-file", file]);

        toStdout.Succeeds();
        toFile.Succeeds();
        Assert.NotEmpty(toStdout.Out);
        toFile.OutIsEmpty();
        Assert.Equal(toStdout.Out, File.ReadAllText(file));
        Assert.DoesNotContain("deprecated", toStdout.Err + toFile.Err, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("matrix", HomeLab.Manifests)]
    [InlineData("check", HomeLab.Folder)]
    [InlineData("lint", HomeLab.Manifests)]
    [InlineData("diff", HomeLab.Manifests, HomeLab.Profile)]
    public void OutputFormat_NotAFormat_IsInputErrorExit2(params string[] args)
    {
        var r = CliRunner.Run([.. args, "-o", "xml"]);

        r.Exits(2).ErrHas("PAL139", "xml").OutIsEmpty();
    }

    /// <summary>The spellings of the last release still write the file, and say they are deprecated.</summary>
    [Theory]
    [InlineData("check", HomeLab.Folder, "--report")]
    [InlineData("diff", HomeLab.Manifests, HomeLab.Profile, "--report")]
    [InlineData("render", HomeLab.Profile, "-o")]
    [InlineData("render", HomeLab.Profile, "--out")]
    [InlineData("report", HomeLab.Folder, "-o")]
    [InlineData("report", HomeLab.Folder, "--out")]
    [InlineData("generate", "--tier", "S", "-o")]
    public void OldOutputSpelling_StillWritesTheFile_WithDeprecationWarning(params string[] args)
    {
        using var dir = new TempFolder("palisade-conv-");
        var file = dir.In("out.txt");
        var old = CliRunner.Run([.. args, file]);
        var now = CliRunner.Run([.. args[..^1], "--output-file", file + ".new"]);

        old.Succeeds();
        old.OutIsEmpty().ErrHas($"warning PAL168: {(args[^1] == "-o" ? "-o FILE" : args[^1] + " FILE")} is deprecated", "--output-file FILE");
        Assert.Equal(File.ReadAllText(file + ".new"), File.ReadAllText(file));
        now.ErrLacks("deprecated");
    }

    [Fact]
    public void Check_Text_StartsWithWhatWasCheckedAndHow()
    {
        var r = CliRunner.Run(["check", HomeLab.Folder]);

        r.Succeeds();
        var lines = r.Out.Split('\n');
        Assert.Equal("Checked:  examples/home-lab/manifests, expectations examples/home-lab/expectations.yaml, profile examples/home-lab/profile.yaml", lines[0]);
        Assert.StartsWith("Policies: ", lines[1], StringComparison.Ordinal);
        Assert.Contains("rendered from the profile", lines[1], StringComparison.Ordinal);
        Assert.Equal("Method:   static analysis: no packets sent", lines[2]);
    }

    [Fact]
    public void Check_NoProfile_CountsNoRenderedPolicy()
    {
        var r = CliRunner.Run(["check", HomeLab.Folder, "--no-profile", "-o", "json"]);

        r.OutHas("\"renderedFromProfile\": 0", "\"method\": \"static analysis: no packets sent\"", "(proxy routes only)");
    }

    /// <summary>The help of every command, as a golden file per command: options cannot change unnoticed.</summary>
    [Fact]
    public void Help_EveryCommand_MatchesGolden()
    {
        var root = CliApp.CreateRoot(new CliContext(TextReader.Null, TextWriter.Null, TextWriter.Null, Golden.RepoRoot));
        var paths = new List<string[]>();
        void Walk(Command c, string[] path)
        {
            paths.Add(path);
            foreach (var sub in c.Subcommands)
            {
                Walk(sub, [.. path, sub.Name]);
            }
        }

        Walk(root, []);
        Assert.True(paths.Count >= 16, string.Join(", ", paths.Select(p => string.Join(' ', p))));
        foreach (var path in paths)
        {
            var r = CliRunner.Run([.. path, "--help"]).Succeeds();
            var name = path.Length == 0 ? "palisade" : string.Join('-', path);
            Golden.Check($"tests/scenarios/cli/help/{name}.txt", AsPalisade(r.Out));
        }
    }

    /// <summary>Help names the executable; under the test host that is not "palisade".</summary>
    private static string AsPalisade(string help) =>
        help.Replace($"  {RootCommand.ExecutableName} ", "  palisade ", StringComparison.Ordinal);
}
