using System.CommandLine;
using Palisade.Cli.Commands;
using Palisade.Reports.Escaping;

namespace Palisade.Cli;

/// <summary>
/// The <c>palisade</c> command line: builds the commands, parses, runs, and maps every outcome to an exit code.
/// This is the one place where exceptions are caught.
/// </summary>
public static class CliApp
{
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

    /// <summary>Runs the command line with injected streams and returns the exit code.</summary>
    public static int Run(string[] args, CliContext ctx)
    {
        var debug = args.Contains("--debug");
        args = [.. args.Where(a => a != "--debug")];
        var root = new RootCommand("Palisade: declare, render, prove and test Kubernetes NetworkPolicy isolation");
        var strict = new Option<bool>("--strict")
        {
            Description = "Make objects of policy kinds Palisade does not evaluate (Cilium, Calico, AdminNetworkPolicy, ...) errors instead of warnings",
            Recursive = true,
        };
        root.Options.Add(strict);
        foreach (var create in Commands)
        {
            root.Subcommands.Add(create(ctx));
        }

        try
        {
            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var e in parsed.Errors)
                {
                    ctx.Err.WriteLine($"palisade: error PAL139: {TerminalText.Escape(e.Message)}");
                }

                ctx.Err.WriteLine("    help: run 'palisade --help' or 'palisade COMMAND --help'");
                return ExitCodes.Input;
            }

            ctx.Strict = parsed.GetValue(strict);
            return parsed.Invoke(new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = ctx.Out,
                Error = ctx.Err,
            });
        }
        catch (UserInputException e)
        {
            DiagnosticPrinter.Print(ctx.Err, e.Diagnostics);
            ctx.Err.WriteLine($"palisade: {e.Diagnostics.Count(d => d.Severity == Diagnostics.Severity.Error)} error(s) in the input; nothing was done");
            return ExitCodes.Input;
        }
        catch (PalisadeException e)
        {
            ctx.Err.WriteLine($"palisade: error {e.Code}: {TerminalText.Escape(e.Message)}");
            if (e.Help is not null)
            {
                ctx.Err.WriteLine($"    help: {TerminalText.Escape(e.Help)}");
            }

            return ExitCodes.Environment;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            ctx.Err.WriteLine($"palisade: internal error: {e.GetType().Name}: {TerminalText.Escape(e.Message)}");
            ctx.Err.WriteLine(debug ? e.ToString() : "    help: this is a bug in Palisade; run again with --debug for the trace and report it");
            return ExitCodes.Internal;
        }
        finally
        {
            ctx.Out.Flush();
            ctx.Err.Flush();
        }
    }
}
