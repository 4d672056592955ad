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
        CompletionCommand.Create,
    ];

    /// <summary>Removes "--max-file-size N" (or "--max-file-size=N") from the arguments into the context; false on a bad N.</summary>
    private static bool TakeMaxFileSize(ref string[] args, CliContext ctx)
    {
        var rest = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            string? value = null;
            if (args[i] == "--max-file-size")
            {
                value = i + 1 < args.Length ? args[++i] : string.Empty;
            }
            else if (args[i].StartsWith("--max-file-size=", StringComparison.Ordinal))
            {
                value = args[i]["--max-file-size=".Length..];
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

    /// <summary>Runs the command line with injected streams and returns the exit code.</summary>
    public static int Run(string[] args, CliContext ctx)
    {
        var debug = args.Contains("--debug");
        args = [.. args.Where(a => a != "--debug")];

        // Like --debug, --max-file-size applies to every command and is taken out before the parse.
        if (!TakeMaxFileSize(ref args, ctx))
        {
            ctx.Err.WriteLine("palisade: error PAL139: --max-file-size needs a number of bytes, optionally with a K, M or G suffix (powers of 1024)");
            ctx.Err.WriteLine("    help: for example --max-file-size 512M");
            return ExitCodes.Input;
        }

        var root = new RootCommand("Palisade: declare, render, prove and test Kubernetes NetworkPolicy isolation");
        root.Options.Add(new Option<string>("--max-file-size")
        {
            Description = $"Largest input file read, in bytes (K, M, G suffixes); default {Manifests.InputLimits.DefaultMaxFileSize / (1024 * 1024)}M",
            Recursive = true,
        });
        var strict = new Option<bool>("--strict")
        {
            Description = "Make objects of policy kinds Palisade does not evaluate (Cilium, Calico, Antrea, ...) errors instead of warnings",
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

            // The [suggest:N] directive (shell completion) answers for incomplete command lines, errors included.
            var suggesting = args.Length > 0 && args[0].StartsWith("[suggest", StringComparison.Ordinal);
            if (parsed.Errors.Count > 0 && !suggesting)
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
