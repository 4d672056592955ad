using System.CommandLine;
using Palisade.Cli.Commands;

namespace Palisade.Cli;

/// <summary>
/// The <c>palisade</c> command line: builds the commands, parses, runs, and maps every outcome to an exit code.
/// This is the one place where exceptions are caught.
/// </summary>
public static class CliApp
{
    /// <summary>The global option that makes unevaluated policy kinds input errors.</summary>
    private const string StrictOption = "--strict";

    /// <summary>The command factories, one per file under Commands/.</summary>
    private static readonly Func<CliContext, Command>[] Commands =
    [
        MatrixCommand.Create,
        ExplainCommand.Create,
        RenderCommand.Create,
        CheckCommand.Create,
        ClusterCommand.Create,
        DiffCommand.Create,
        ReportCommand.Create,
        LintCommand.Create,
        LabCommand.Create,
        GenerateCommand.Create,
    ];

    /// <summary>
    /// Runs the command line with injected streams and returns the exit code. Synchronous for in-process callers
    /// (tests); System.CommandLine waits for the asynchronous command actions itself.
    /// </summary>
    public static int Run(string[] args, CliContext ctx)
    {
        var (root, rest, debug) = Build(args, ctx);
        try
        {
            var parsed = Parse(root, rest, ctx);
            return parsed.Errors.Count > 0 ? ParseErrors(parsed, ctx) : parsed.Invoke(Configuration(ctx));
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
        try
        {
            var parsed = Parse(root, rest, ctx);
            return parsed.Errors.Count > 0 ? ParseErrors(parsed, ctx) : await parsed.InvokeAsync(Configuration(ctx), cancellationToken).ConfigureAwait(false);
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

    private static (RootCommand Root, string[] Args, bool Debug) Build(string[] args, CliContext ctx)
    {
        var root = new RootCommand("Palisade: declare, render, prove and test Kubernetes NetworkPolicy isolation");
        root.Options.Add(new Option<bool>(StrictOption)
        {
            Description = "Make objects of policy kinds Palisade does not evaluate (Cilium, Calico, AdminNetworkPolicy, ...) errors instead of warnings",
            Recursive = true,
        });
        foreach (var create in Commands)
        {
            root.Subcommands.Add(create(ctx));
        }

        return (root, [.. args.Where(a => a != "--debug")], args.Contains("--debug"));
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
            ctx.Err.WriteLine($"palisade: error PAL139: {e.Message}");
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
                ctx.Err.WriteLine($"palisade: error {e.Code}: {e.Message}");
                if (e.Help is not null)
                {
                    ctx.Err.WriteLine($"    help: {e.Help}");
                }

                return ExitCodes.Environment;
            default:
                ctx.Err.WriteLine($"palisade: internal error: {exception.GetType().Name}: {exception.Message}");
                ctx.Err.WriteLine(debug ? exception.ToString() : "    help: this is a bug in Palisade; run again with --debug for the trace and report it");
                return ExitCodes.Internal;
        }
    }
}
