using System.CommandLine;
using Palisade.Reports.Escaping;

namespace Palisade.Cli;

/// <summary>
/// The output options every command spells the same way, as kubectl does: <c>-o, --output FORMAT</c> names the format
/// and <c>--output-file FILE</c> writes the output (atomically) to a file instead of standard output. The spellings of
/// earlier releases (<c>--report FILE</c>, <c>--out FILE</c>, <c>-o FILE</c>) still work for one release, with a
/// deprecation warning (PAL168) on standard error.
/// </summary>
internal sealed class OutputOptions
{
    private readonly string[] formats;
    private readonly bool legacyDashO;
    private readonly Option<string?>[] legacyFile;

    /// <summary>
    /// Output options with the allowed formats (the first is the default). <paramref name="legacyDashO"/>: the
    /// command took <c>-o FILE</c> before, so a value of -o that is not a format is still taken as a file, with a
    /// warning. <paramref name="legacyFileOptions"/>: earlier names of <c>--output-file</c>, kept hidden.
    /// </summary>
    public OutputOptions(string[] formats, bool legacyDashO = false, params string[] legacyFileOptions)
    {
        this.formats = formats;
        this.legacyDashO = legacyDashO;
        Format = new Option<string>("--output", "-o")
        {
            Description = $"Output format: {string.Join(", ", formats)}",
            DefaultValueFactory = _ => formats[0],
        };
        if (legacyDashO)
        {
            // The values are checked in Resolve (an old -o FILE is still accepted); completion offers the formats.
            Format.CompletionSources.Add(formats);
        }
        else
        {
            Format.AcceptOnlyFromAmong(formats);
        }

        File = new Option<string?>(FileName) { Description = "Write the output to this file (atomically) instead of standard output; - means standard output" };
        legacyFile = [.. legacyFileOptions.Select(n => new Option<string?>(n) { Hidden = true, Description = $"Deprecated: use {FileName}" })];
    }

    /// <summary>The one spelling of "write to a file".</summary>
    public const string FileName = "--output-file";

    /// <summary>-o, --output FORMAT.</summary>
    public Option<string> Format { get; }

    /// <summary>--output-file FILE.</summary>
    public Option<string?> File { get; }

    /// <summary>Adds the options to a command.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Format);
        command.Options.Add(File);
        foreach (var o in legacyFile)
        {
            command.Options.Add(o);
        }
    }

    /// <summary>True when -o/--output was given (not its default).</summary>
    public bool FormatGiven(ParseResult result) => result.GetResult(Format) is { Implicit: false };

    /// <summary>
    /// The format and the file (null for standard output) asked for, old spellings included (each warned about on
    /// standard error); a value of -o that is no format is a PAL139 input error.
    /// </summary>
    public (string Format, string? File) Resolve(CliContext ctx, ParseResult result)
    {
        var format = result.GetValue(Format)!;
        var file = result.GetValue(File);
        foreach (var old in legacyFile)
        {
            if (result.GetValue(old) is { } value)
            {
                Deprecated(ctx, $"{old.Name} FILE", $"{FileName} FILE");
                file ??= value;
            }
        }

        if (!formats.Contains(format, StringComparer.Ordinal))
        {
            if (!legacyDashO)
            {
                throw new UserInputException(Palisade.Diagnostics.DiagnosticCatalog.CommandLine, $"-o/--output '{Printable(format)}' is not an output format of this command", $"use one of: {string.Join(", ", formats)}; write to a file with {FileName} FILE");
            }

            // An earlier release's -o FILE: the value names a file (or - for standard output).
            Deprecated(ctx, "-o FILE", $"{FileName} FILE (-o now names the output format: {string.Join(", ", formats)})");
            file ??= format;
            format = formats[0];
        }

        return (format, file == "-" ? null : file);
    }

    /// <summary>
    /// Writes the output: to standard output, or atomically to the file when one was asked for (then
    /// <paramref name="summary"/>, when given, is printed on standard error).
    /// </summary>
    public static void Write(CliContext ctx, string? file, Action<TextWriter> write, string? summary = null)
    {
        if (file is null)
        {
            write(ctx.Out);
            return;
        }

        AtomicFile.Write(ctx, file, write);
        ctx.Err.WriteLine($"{summary ?? "output"} written to {TerminalText.Escape(file)}");
    }

    /// <summary>Prints the deprecation warning of an old spelling.</summary>
    public static void Deprecated(CliContext ctx, string old, string replacement)
    {
        ctx.Err.WriteLine($"palisade: warning {Palisade.Diagnostics.DiagnosticCatalog.DeprecatedOutputOption.Code}: {old} is deprecated and goes in the next release; use {replacement}");
    }

    // An option value is echoed in an error: keep it short and free of control characters.
    private static string Printable(string text) =>
        new([.. text.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);
}
