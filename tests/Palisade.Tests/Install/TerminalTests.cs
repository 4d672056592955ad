using Palisade.Tests.Cli;

namespace Palisade.Tests.Install;

/// <summary>
/// Colour and progress on a real terminal: the built <c>palisade</c> runs under <c>script</c>, which gives it a
/// pseudo-terminal; the same command piped gets neither.
/// </summary>
public sealed class TerminalTests
{
    private const string Escape = "\u001b[";

    /// <summary>The start of a colour (SGR) sequence: red, green or yellow foreground.</summary>
    private const string Colour = "\u001b[3";

    private static string BuiltCli => Path.Combine(Golden.RepoRoot, "src", "Palisade.Cli", "bin", ToolPackageFixture.Configuration, "net10.0", "palisade");

    [Fact]
    public void Check_OnATerminal_ColoursVerdicts()
    {
        var r = OnTerminal($"{BuiltCli} check examples/home-lab", new() { ["NO_COLOR"] = string.Empty });

        r.Succeeds().OutHas($"{Escape}32mPASS{Escape}0m", $"[{Escape}32mproved{Escape}0m]");
    }

    [Theory]
    [InlineData("NO_COLOR", "1", "")]
    [InlineData("TERM", "xterm", "--no-color")]
    public void Check_OnATerminal_NoColorAsked_IsPlain(string variable, string value, string flag)
    {
        var r = OnTerminal($"{BuiltCli} check examples/home-lab {flag}", new() { [variable] = value });

        r.Succeeds().OutHas("PASS");
        Assert.DoesNotContain(Colour, r.Out, StringComparison.Ordinal); // the progress line may still be erased with escapes
    }

    [Fact]
    public void Check_Piped_IsPlain()
    {
        var r = ChildProcess.Run(BuiltCli, ["check", HomeLab.Folder], Golden.RepoRoot,
            new Dictionary<string, string> { ["NO_COLOR"] = string.Empty, ["TERM"] = "xterm" }, TimeSpan.FromMinutes(2));

        r.Succeeds().OutHas("PASS");
        Assert.DoesNotContain(Escape, r.Out + r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void Lint_OnATerminal_ColoursSeverities()
    {
        var r = OnTerminal($"{BuiltCli} lint tests/scenarios/check/nginx-in-ingress/manifests --fail-on never", new() { ["NO_COLOR"] = string.Empty });

        r.Succeeds();
        Assert.Matches(@"\u001b\[3[13]m(error|warning)\u001b\[0m PAL2\d\d:", r.Out);
    }

    /// <summary>A matrix of 10,000 pods takes seconds: progress shows on the terminal's standard error, never in the redirected standard output.</summary>
    [Fact]
    public void LongStaticWork_OnATerminal_ShowsProgressOnStandardErrorOnly()
    {
        using var dir = new TempFolder("palisade-term-");
        var input = dir.In("m.json");
        CliRunner.Run(["generate", "--tier", "M", "--seed", "1", "--output-file", input]).Succeeds();
        var output = dir.In("out.txt");

        var terminal = OnTerminal($"{BuiltCli} matrix {input} -o compact > {output}", []);
        var piped = ChildProcess.Run(BuiltCli, ["matrix", input, "-o", "compact"], Golden.RepoRoot,
            new Dictionary<string, string> { ["TERM"] = "xterm" }, TimeSpan.FromMinutes(5));

        terminal.Succeeds().OutHas("palisade: loading inputs… ");
        var written = File.ReadAllText(output);
        Assert.NotEmpty(written);
        Assert.DoesNotContain("palisade:", written, StringComparison.Ordinal);
        Assert.DoesNotContain(Escape, written, StringComparison.Ordinal);
        piped.Succeeds();
        Assert.Equal(written, piped.Out);
        piped.ErrLacks("…");
    }

    /// <summary>Runs a shell command line under <c>script</c> (a pseudo-terminal); the transcript is the result's Out.</summary>
    private static CliRunner.Result OnTerminal(string commandLine, Dictionary<string, string> environment)
    {
        environment.TryAdd("TERM", "xterm");
        return ChildProcess.Run("script", ["-q", "-e", "-c", commandLine, "/dev/null"], Golden.RepoRoot, environment, TimeSpan.FromMinutes(5));
    }
}
