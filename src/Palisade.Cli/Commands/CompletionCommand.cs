using System.CommandLine;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade completion bash|zsh|fish|pwsh</c>: prints a shell completion script. Every script asks
/// <c>palisade</c> itself through System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match
/// the installed version's commands and options. The scripts never evaluate a suggestion as shell code (no
/// <c>compgen -W</c>, no <c>eval</c>): a suggestion can hold a file name.
/// </summary>
internal static class CompletionCommand
{
    /// <summary>The shells a script exists for.</summary>
    public static readonly string[] Shells = ["bash", "zsh", "fish", "pwsh"];

    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var shell = new Argument<string>("SHELL") { Description = "The shell: bash, zsh, fish or pwsh" };
        shell.AcceptOnlyFromAmong(Shells);
        var cmd = new Command("completion", "Print a shell completion script, e.g. `source <(palisade completion bash)`")
        {
            shell,
        };
        cmd.SetAction(r =>
        {
            ctx.Out.Write(Script(r.GetValue(shell)!));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>The completion script for <paramref name="shell"/> (one of <see cref="Shells"/>).</summary>
    public static string Script(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        "pwsh" => Pwsh,
        _ => throw new ArgumentOutOfRangeException(nameof(shell), shell, "not a supported shell"),
    };

    // The words after the program name up to the cursor word, joined by spaces, are what palisade completes; the
    // directive's position is that text's length (the cursor sits at its end).
    private const string Bash = """
        # bash completion for palisade. Load it with: source <(palisade completion bash)
        _palisade_complete() {
            local cur="${COMP_WORDS[COMP_CWORD]}" line suggestion
            line="${COMP_WORDS[*]:1:COMP_CWORD}"
            COMPREPLY=()
            while IFS= read -r suggestion; do
                [[ "$suggestion" == "$cur"* ]] && COMPREPLY+=("$suggestion")
            done < <(palisade "[suggest:${#line}]" "$line" 2>/dev/null)
        }
        complete -o default -F _palisade_complete palisade

        """;

    private const string Zsh = """
        # zsh completion for palisade. Load it after compinit with: source <(palisade completion zsh)
        _palisade_complete() {
            local line="${(j: :)words[2,CURRENT]}"
            local -a suggestions
            suggestions=("${(@f)$(palisade "[suggest:${#line}]" "$line" 2>/dev/null)}")
            suggestions=("${(@)suggestions:#}")
            if (( ${#suggestions} )); then
                compadd -Q -- "${suggestions[@]}"
            else
                _files
            fi
        }
        compdef _palisade_complete palisade

        """;

    private const string Fish = """
        # fish completion for palisade. Load it with: palisade completion fish | source
        function __palisade_complete
            set -l tokens (commandline -opc) (commandline -ct)
            set -e tokens[1]
            set -l line (string join ' ' -- $tokens)
            palisade "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c palisade -a '(__palisade_complete)'

        """;

    private const string Pwsh = """
        # PowerShell completion for palisade. Load it with: palisade completion pwsh | Out-String | Invoke-Expression
        Register-ArgumentCompleter -Native -CommandName palisade -ScriptBlock {
            param($wordToComplete, $commandAst, $cursorPosition)
            $text = $commandAst.ToString()
            $upTo = $cursorPosition - $commandAst.Extent.StartOffset
            $text = $text.PadRight($upTo).Substring(0, $upTo)
            $line = $text.Substring($commandAst.CommandElements[0].Extent.Text.Length).TrimStart()
            palisade "[suggest:$($line.Length)]" "$line" 2>$null | Where-Object { $_.StartsWith($wordToComplete) } | ForEach-Object {
                [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
            }
        }

        """;
}
