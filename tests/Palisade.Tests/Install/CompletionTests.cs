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
        var r = Bash("complete -p palisade").Succeeds();
        Assert.Equal("complete -o default -F _palisade_complete palisade", r.Out.Trim());
    }

    [Fact]
    public void CompletionBash_FirstWord_SuggestsCommandNames()
    {
        var suggested = Suggestions("palisade ''", 1);
        foreach (var command in new[] { "check", "render", "matrix", "explain", "lint", "diff", "report", "lab", "cluster", "generate", "completion" })
        {
            Assert.Contains(command, suggested);
        }
    }

    [Fact]
    public void CompletionBash_Prefix_SuggestsOnlyMatches() =>
        Assert.Equal(["check", "cluster", "completion"], Suggestions("palisade c", 1));

    [Fact]
    public void CompletionBash_OptionValue_SuggestsAcceptedValues() =>
        Assert.Equal(["json", "junit", "md", "text"], Suggestions("palisade check --output ''", 3));

    [Fact]
    public void CompletionBash_SubcommandOption_SuggestsIt() =>
        Assert.Equal(["--output", "--output-file"], Suggestions("palisade check --ou", 2));

    [Theory]
    [InlineData("bash", "complete -o default -F _palisade_complete palisade")]
    [InlineData("zsh", "compdef _palisade_complete palisade")]
    [InlineData("fish", "complete -c palisade")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName palisade")]
    public void Completion_EachShell_PrintsScriptAskingPalisade(string shell, string registration)
    {
        var r = CliRunner.Run(["completion", shell]).Succeeds();
        Assert.Equal(CompletionCommand.Script(shell), r.Out);
        r.OutHas(registration, "[suggest:").OutLacks("eval", "compgen -W");
    }

    [Fact]
    public void Completion_UnknownShell_IsInputError()
    {
        CliRunner.Run(["completion", "tcsh"]).Exits(2).ErrHas("tcsh").OutIsEmpty();
    }

    [Fact]
    public void SuggestDirective_IncompleteCommandLine_ListsCompletionsNotErrors()
    {
        var r = CliRunner.Run(["[suggest:9]", "check --o"]).Succeeds();
        Assert.Equal(["--output", "--output-file"], Lines(r.Out).Order(StringComparer.Ordinal));
        r.ErrIsEmpty();
    }

    /// <summary>Runs <paramref name="script"/> in a bash that has sourced <c>palisade completion bash</c>, with the built CLI on PATH.</summary>
    private static CliRunner.Result Bash(string script)
    {
        var completion = CliRunner.Run(["completion", "bash"]).Succeeds();
        var path = $"{BuiltCli}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}";
        return ChildProcess.Run("bash", ["--norc", "--noprofile", "-c", $"source /dev/stdin <<'PALISADE_EOF'\n{completion.Out}PALISADE_EOF\n{script}"],
            Golden.RepoRoot, new Dictionary<string, string> { ["PATH"] = path }, TimeSpan.FromMinutes(1));
    }

    /// <summary>What bash's completion suggests for the words <paramref name="words"/> with the cursor on word <paramref name="cword"/>, in ordinal order.</summary>
    private static string[] Suggestions(string words, int cword) =>
        [.. Lines(Bash($"COMP_WORDS=({words}); COMP_CWORD={cword}; _palisade_complete; printf '%s\\n' \"${{COMPREPLY[@]}}\"").Succeeds().Out).Order(StringComparer.Ordinal)];

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
