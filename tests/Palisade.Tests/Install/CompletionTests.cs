using Palisade.Cli.Commands;
using Palisade.Tests.Cli;

namespace Palisade.Tests.Install;

/// <summary><c>palisade completion SHELL</c>: the bash script is loaded into a real bash and driven as bash drives it.</summary>
public sealed class CompletionTests
{
    /// <summary>The folder of the built <c>palisade</c> apphost the tests run on.</summary>
    private static string BuiltCli => Path.Combine(Golden.RepoRoot, "src", "Palisade.Cli", "bin", ToolPackageFixture.Configuration, "net10.0");

    [Fact]
    public void CompletionBash_SourcedInBash_RegistersPalisade()
    {
        var r = Bash("complete -p palisade");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal("complete -o default -F _palisade_complete palisade", r.Out.Trim());
    }

    [Fact]
    public void CompletionBash_FirstWord_SuggestsCommandNames()
    {
        var r = Bash("COMP_WORDS=(palisade ''); COMP_CWORD=1; _palisade_complete; printf '%s\\n' \"${COMPREPLY[@]}\"");
        Assert.True(r.ExitCode == 0, r.ToString());
        var suggested = Lines(r.Out);
        foreach (var command in new[] { "check", "render", "matrix", "explain", "lint", "diff", "report", "lab", "cluster", "generate", "completion" })
        {
            Assert.Contains(command, suggested);
        }
    }

    [Fact]
    public void CompletionBash_Prefix_SuggestsOnlyMatches()
    {
        var r = Bash("COMP_WORDS=(palisade c); COMP_CWORD=1; _palisade_complete; printf '%s\\n' \"${COMPREPLY[@]}\"");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["check", "cluster", "completion"], Lines(r.Out).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CompletionBash_OptionValue_SuggestsAcceptedValues()
    {
        var r = Bash("COMP_WORDS=(palisade check --output ''); COMP_CWORD=3; _palisade_complete; printf '%s\\n' \"${COMPREPLY[@]}\"");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["json", "junit", "md", "text"], Lines(r.Out).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CompletionBash_SubcommandOption_SuggestsIt()
    {
        var r = Bash("COMP_WORDS=(palisade check --ou); COMP_CWORD=2; _palisade_complete; printf '%s\\n' \"${COMPREPLY[@]}\"");
        Assert.True(r.ExitCode == 0, r.ToString());
        Assert.Equal(["--output", "--output-file"], Lines(r.Out).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("bash", "complete -o default -F _palisade_complete palisade")]
    [InlineData("zsh", "compdef _palisade_complete palisade")]
    [InlineData("fish", "complete -c palisade")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName palisade")]
    public void Completion_EachShell_PrintsScriptAskingPalisade(string shell, string registration)
    {
        var r = CliRunner.Run(["completion", shell]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(CompletionCommand.Script(shell), r.Out);
        Assert.Contains(registration, r.Out, StringComparison.Ordinal);
        Assert.Contains("[suggest:", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("eval", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("compgen -W", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Completion_UnknownShell_IsInputError()
    {
        var r = CliRunner.Run(["completion", "tcsh"]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("tcsh", r.Err, StringComparison.Ordinal);
        Assert.Empty(r.Out);
    }

    [Fact]
    public void SuggestDirective_IncompleteCommandLine_ListsCompletionsNotErrors()
    {
        var r = CliRunner.Run(["[suggest:9]", "check --o"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(["--output", "--output-file"], Lines(r.Out).Order(StringComparer.Ordinal));
        Assert.Empty(r.Err);
    }

    /// <summary>Runs <paramref name="script"/> in a bash that has sourced <c>palisade completion bash</c>, with the built CLI on PATH.</summary>
    private static ChildProcess.Result Bash(string script)
    {
        var completion = CliRunner.Run(["completion", "bash"]);
        Assert.Equal(0, completion.ExitCode);
        var path = $"{BuiltCli}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        return ChildProcess.Run("bash", ["--norc", "--noprofile", "-c", $"source /dev/stdin <<'PALISADE_EOF'\n{completion.Out}PALISADE_EOF\n{script}"],
            Golden.RepoRoot, new Dictionary<string, string> { ["PATH"] = path }, TimeSpan.FromMinutes(1));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
