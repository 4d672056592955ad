using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using Palisade.Cli.Commands;
using Palisade.Diagnostics;
using Palisade.Reports.Escaping;

namespace Palisade.Cli;

/// <summary>
/// The <c>palisade</c> command line: builds the commands, parses, runs, and maps every outcome to an exit code.
/// This is the one place where exceptions are caught.
/// </summary>
public static class CliApp
{
    /// <summary>The global option that makes unevaluated policy kinds input errors.</summary>
    private const string StrictOption = "--strict";

    /// <summary>The global option that bounds the size of every input file read.</summary>
    private const string MaxFileSizeOption = "--max-file-size";

    /// <summary>The global option that prints stack traces of internal errors.</summary>
    private const string DebugOption = "--debug";

    /// <summary>The width help is wrapped at when it is not shown on a terminal.</summary>
    private const int HelpWidth = 120;

    /// <summary>The command factories, one per file under Commands/.</summary>
    private static readonly Func<CliContext, Command>[] Commands =
    [
        MatrixCommand.Create,
        ExplainCommand.Create,
        RenderCommand.Create,
        CheckCommand.Create,
        ExpectCommand.Create,
        ClusterCommand.Create,
        DiffCommand.Create,
        ReportCommand.Create,
        LintCommand.Create,
        LabCommand.Create,
        GenerateCommand.Create,
        CompletionCommand.Create,
    ];

    /// <summary>
    /// Runs the command line with injected streams and returns the exit code. Synchronous for in-process callers
    /// (tests); System.CommandLine waits for the asynchronous command actions itself.
    /// </summary>
    public static int Run(string[] args, CliContext ctx)
    {
        var (root, rest, debug) = Build(args, ctx);
        if (rest is null)
        {
            return BadMaxFileSize(ctx);
        }

        try
        {
            var parsed = Parse(root, rest, ctx);
            return Refused(root, parsed, rest, ctx) ?? parsed.Invoke(Configuration(ctx));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failure(e, ctx, debug);
        }
        finally
        {
            ctx.Out.Flush();
            ctx.Err.Flush();
        }
    }

    /// <summary>Runs the command line asynchronously (the <c>palisade</c> executable) and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliContext ctx, CancellationToken cancellationToken = default)
    {
        var (root, rest, debug) = Build(args, ctx);
        if (rest is null)
        {
            return BadMaxFileSize(ctx);
        }

        try
        {
            var parsed = Parse(root, rest, ctx);
            return Refused(root, parsed, rest, ctx) ?? await parsed.InvokeAsync(Configuration(ctx), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return Failure(e, ctx, debug);
        }
        finally
        {
            await ctx.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
            await ctx.Err.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The command tree, for tests and documentation (the same one <see cref="Run"/> parses with).</summary>
    public static RootCommand CreateRoot(CliContext ctx) => Build([], ctx).Root;

    /// <summary>
    /// Builds the root command and takes the global options that apply before the parse (--debug, --max-file-size)
    /// out of the arguments; the arguments are null when --max-file-size has a bad value.
    /// </summary>
    private static (RootCommand Root, string[]? Args, bool Debug) Build(string[] args, CliContext ctx)
    {
        var root = new RootCommand("Palisade: declare, render, prove and test Kubernetes NetworkPolicy isolation");
        root.Options.Add(new Option<string>(MaxFileSizeOption)
        {
            Description = $"Largest input file read, in bytes (K, M, G suffixes); default {Manifests.InputLimits.DefaultMaxFileSize / (1024 * 1024)}M",
            Recursive = true,
        });
        root.Options.Add(new Option<bool>(StrictOption)
        {
            Description = "Make objects of policy kinds Palisade does not evaluate (Cilium, Calico, Antrea, ...) errors instead of warnings",
            Recursive = true,
        });
        root.Options.Add(new Option<bool>(CommonOptions.VerboseName, "-v") { Description = "Say more: skipped objects, passes explained", Recursive = true });
        root.Options.Add(new Option<bool>(CommonOptions.NoColorName) { Description = "No colour on a terminal (also: the NO_COLOR environment variable)", Recursive = true });
        root.Options.Add(new Option<bool>(DebugOption) { Description = "On an internal error, print the stack trace", Recursive = true });
        foreach (var option in root.Options)
        {
            // Help is wrapped at the terminal's width on a terminal, at a fixed width elsewhere (stable for logs and tests).
            if (option is HelpOption { Action: HelpAction help } && !(ctx.IsConsole && !Console.IsOutputRedirected))
            {
                help.MaxWidth = HelpWidth;
            }
        }

        foreach (var create in Commands)
        {
            root.Subcommands.Add(create(ctx));
        }

        // --debug is taken before the parse: it must work even when the parse fails.
        var end = Array.IndexOf(args, "--");
        var debug = args.Take(end < 0 ? args.Length : end).Contains(DebugOption);
        string[] rest = [.. args.Where((a, i) => a != DebugOption || (end >= 0 && i > end))];

        // Like --debug, --max-file-size applies to every command and is taken out before the parse.
        return (root, TakeMaxFileSize(ref rest, ctx) ? rest : null, debug);
    }

    /// <summary>Removes "--max-file-size N" (or "--max-file-size=N") from the arguments into the context; false on a bad N.</summary>
    private static bool TakeMaxFileSize(ref string[] args, CliContext ctx)
    {
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            string? value = null;
            if (args[i] == MaxFileSizeOption)
            {
                value = i + 1 < args.Length ? args[++i] : string.Empty;
            }
            else if (args[i].StartsWith(MaxFileSizeOption + "=", StringComparison.Ordinal))
            {
                value = args[i][(MaxFileSizeOption.Length + 1)..];
            }
            else
            {
                rest.Add(args[i]);
                continue;
            }

            var unit = value.Length == 0 ? 1L : char.ToUpperInvariant(value[^1]) switch
            {
                'K' => 1024L,
                'M' => 1024L * 1024,
                'G' => 1024L * 1024 * 1024,
                _ => 1L,
            };
            var digits = unit == 1 ? value : value[..^1];
            if (!long.TryParse(digits, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n)
                || n <= 0 || n > int.MaxValue / unit)
            {
                return false;
            }

            ctx.MaxFileSize = n * unit;
        }

        args = [.. rest];
        return true;
    }

    private static int BadMaxFileSize(CliContext ctx)
    {
        ctx.Err.WriteLine($"palisade: error {DiagnosticCatalog.CommandLine.Code}: --max-file-size needs a number of bytes, optionally with a K, M or G suffix (powers of 1024)");
        ctx.Err.WriteLine("    help: for example --max-file-size 512M");
        ctx.Err.Flush();
        return ExitCodes.Input;
    }

    /// <summary>Parses; on success applies the global options to the context.</summary>
    private static ParseResult Parse(RootCommand root, string[] args, CliContext ctx)
    {
        var parsed = root.Parse(args);
        if (parsed.Errors.Count == 0)
        {
            ctx.Strict = parsed.GetValue<bool>(StrictOption);
        }

        return parsed;
    }

    /// <summary>
    /// The exit code when the command line is refused (an unknown option or command, a bad value) or only asks for
    /// help (bare <c>palisade</c>, a command group without its subcommand); null when the command should run.
    /// Shell completion ([suggest:N]) answers for incomplete command lines and is never refused.
    /// </summary>
    private static int? Refused(RootCommand root, ParseResult parsed, string[] args, CliContext ctx)
    {
        if (args.Length > 0 && args[0].StartsWith("[suggest", StringComparison.Ordinal))
        {
            return null;
        }

        if (UnknownOptions(parsed).FirstOrDefault() is { } unknown)
        {
            ctx.Err.WriteLine($"palisade: error {DiagnosticCatalog.UnknownOption.Code}: unknown option '{TerminalText.Escape(unknown)}' for '{CommandPath(parsed.CommandResult)}'");
            ctx.Err.WriteLine($"    help: run '{CommandPath(parsed.CommandResult)} --help' for its options; a file whose name starts with '-' can be given as ./{TerminalText.Escape(unknown)}");
            return ExitCodes.Input;
        }

        var command = parsed.CommandResult.Command;
        var unmatched = parsed.UnmatchedTokens;
        if (command is RootCommand && unmatched.Count == 0 && root.Options.OfType<VersionOption>().FirstOrDefault() is { } versionOption && parsed.GetResult(versionOption) is not null)
        {
            // "palisade --version": this program's version (the runtime's entry assembly may be a test host).
            var version = typeof(CliApp).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "unknown";
            ctx.Out.WriteLine($"palisade {TerminalText.Escape(version)}");
            return ExitCodes.Ok;
        }

        if (command.Subcommands.Count > 0 && command.Action is null)
        {
            if (unmatched.Count == 0)
            {
                // Bare "palisade" or "palisade lab": the help, as kubectl prints it.
                ShowHelp(root, parsed.CommandResult, ctx.Out);
                return ExitCodes.Ok;
            }

            ctx.Err.WriteLine($"palisade: error {DiagnosticCatalog.UnknownCommand.Code}: unknown command '{TerminalText.Escape(unmatched[0])}' for '{CommandPath(parsed.CommandResult)}'");
            ctx.Err.WriteLine();
            ShowHelp(root, parsed.CommandResult, ctx.Err);
            return ExitCodes.Input;
        }

        return parsed.Errors.Count > 0 ? ParseErrors(parsed, ctx) : null;
    }

    /// <summary>
    /// Tokens that look like options (a dash and more) but matched none: left unmatched, or taken as a positional
    /// argument (a path). Tokens after "--" are arguments whatever they look like.
    /// </summary>
    private static IEnumerable<string> UnknownOptions(ParseResult parsed)
    {
        var tokens = parsed.Tokens;
        var end = tokens.Select((t, i) => (t, i)).FirstOrDefault(x => x.t.Type == TokenType.DoubleDash || x.t.Value == "--", (null!, tokens.Count)).i;
        var beforeEnd = new HashSet<Token>(tokens.Take(end), ReferenceEqualityComparer.Instance);
        static bool LooksLikeOption(string v) => v.Length > 1 && v[0] == '-' && !char.IsAsciiDigit(v[1]);
        foreach (var u in parsed.UnmatchedTokens.Where(LooksLikeOption))
        {
            if (tokens.Take(end).Any(t => t.Value == u))
            {
                yield return u;
            }
        }

        for (var c = (SymbolResult?)parsed.CommandResult; c is not null; c = c.Parent)
        {
            if (c is not CommandResult command)
            {
                continue;
            }

            foreach (var argument in command.Children.OfType<ArgumentResult>())
            {
                foreach (var t in argument.Tokens.Where(t => beforeEnd.Contains(t) && LooksLikeOption(t.Value)))
                {
                    yield return t.Value;
                }
            }
        }
    }

    /// <summary>"palisade lab up": the command's names from the root.</summary>
    private static string CommandPath(CommandResult command)
    {
        var names = new List<string>();
        for (var c = (SymbolResult?)command; c is not null; c = c.Parent)
        {
            if (c is CommandResult r)
            {
                names.Insert(0, r.Parent is null ? "palisade" : r.Command.Name);
            }
        }

        return string.Join(' ', names);
    }

    /// <summary>Writes a command's help to <paramref name="writer"/>.</summary>
    private static void ShowHelp(RootCommand root, CommandResult command, TextWriter writer)
    {
        var path = CommandPath(command).Split(' ').Skip(1).ToList();
        path.Add("--help");
        root.Parse(path).Invoke(new InvocationConfiguration { Output = writer, Error = writer, EnableDefaultExceptionHandler = false });
    }

    private static InvocationConfiguration Configuration(CliContext ctx) => new()
    {
        EnableDefaultExceptionHandler = false,
        Output = ctx.Out,
        Error = ctx.Err,
    };

    private static int ParseErrors(ParseResult parsed, CliContext ctx)
    {
        foreach (var e in parsed.Errors)
        {
            ctx.Err.WriteLine($"palisade: error {DiagnosticCatalog.CommandLine.Code}: {TerminalText.Escape(e.Message)}");
        }

        ctx.Err.WriteLine("    help: run 'palisade --help' or 'palisade COMMAND --help'");
        return ExitCodes.Input;
    }

    /// <summary>The one place exceptions become exit codes: bad input 2, environment 4, anything else a bug (70).</summary>
    private static int Failure(Exception exception, CliContext ctx, bool debug)
    {
        switch (exception)
        {
            case UserInputException e:
                DiagnosticPrinter.Print(ctx.Err, e.Diagnostics);
                ctx.Err.WriteLine($"palisade: {e.Diagnostics.Count(d => d.Severity == Diagnostics.Severity.Error)} error(s) in the input; nothing was done");
                return ExitCodes.Input;
            case PalisadeException e:
                ctx.Err.WriteLine($"palisade: error {e.Code}: {TerminalText.Escape(e.Message)}");
                if (e.Help is not null)
                {
                    ctx.Err.WriteLine($"    help: {TerminalText.Escape(e.Help)}");
                }

                return ExitCodes.Environment;
            default:
                ctx.Err.WriteLine($"palisade: internal error: {exception.GetType().Name}: {TerminalText.Escape(exception.Message)}");
                ctx.Err.WriteLine(debug ? exception.ToString() : "    help: this is a bug in Palisade; run again with --debug for the trace and report it");
                return ExitCodes.Internal;
        }
    }
}
