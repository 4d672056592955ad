using System.CommandLine;
using Palisade.Reports;

namespace Palisade.Cli;

/// <summary>Options shared by several commands, created per command so each has its own instance.</summary>
internal static class CommonOptions
{
    /// <summary>--output with the allowed formats; the first is the default.</summary>
    public static Option<string> Output(params string[] formats)
    {
        var o = new Option<string>("--output", "-o")
        {
            Description = $"Output format: {string.Join(", ", formats)}",
            DefaultValueFactory = _ => formats[0],
        };
        o.AcceptOnlyFromAmong(formats);
        return o;
    }

    /// <summary>Input paths: files, folders (recursive) or "-" for standard input.</summary>
    public static Argument<string[]> Paths(string description = "Manifest files or folders (recursive), or - for standard input")
        => new("paths") { Description = description, Arity = ArgumentArity.OneOrMore };

    /// <summary>-f/--filename, as kubectl's: repeatable input files, folders or "-", besides the positional paths.</summary>
    public static Option<string[]> Filename() => new("--filename", "-f")
    {
        Description = "Manifest file or folder (recursive), or - for standard input; repeatable, besides the positional paths",
        Arity = ArgumentArity.ZeroOrMore,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>The input paths: the positional ones, then those given with -f/--filename.</summary>
    public static string[] Inputs(ParseResult result, Argument<string[]> paths, Option<string[]> filename) =>
        [.. result.GetValue(paths) ?? [], .. result.GetValue(filename) ?? []];

    /// <summary>-n/--namespace: the namespace of objects that name none.</summary>
    public static Option<string> Namespace() => new("--namespace", "-n")
    {
        Description = "Namespace for objects that name none; with --cluster, read only this namespace",
        DefaultValueFactory = _ => "default",
    };

    /// <summary>The global -v/--verbose (declared once on the root, for every command).</summary>
    public const string VerboseName = "--verbose";

    /// <summary>The global --no-color.</summary>
    public const string NoColorName = "--no-color";

    /// <summary>True when the global -v/--verbose was given: list skipped objects and more detail.</summary>
    public static bool IsVerbose(ParseResult result) => result.GetValue<bool>(VerboseName);

    /// <summary>--pods-without-ip-outside-cidrs: the conformance corpus's convention for pods whose IP the input does not give.</summary>
    public static Option<bool> PodsWithoutIpOutsideCidrs() => new("--pods-without-ip-outside-cidrs")
    {
        Description = "Assume a pod whose IP the input does not give is outside every ipBlock and networks CIDR (np-guard's convention) instead of reporting such verdicts undetermined",
    };

    /// <summary>The engine's assumptions as the options ask.</summary>
    public static Engine.EngineOptions Engine(bool podsWithoutIpOutsideCidrs) => new() { PodsWithoutIpOutsideCidrs = podsWithoutIpOutsideCidrs };

    /// <summary>
    /// A command with its arguments and options in the order given, then the output options and the live options
    /// (which find the command's -n/--namespace among those before them).
    /// </summary>
    public static Command CreateCommand(string name, string description, OutputOptions output, ClusterInputOptions live, IEnumerable<Symbol> symbols)
    {
        var command = new Command(name, description);
        foreach (var symbol in symbols)
        {
            switch (symbol)
            {
                case Argument argument:
                    command.Arguments.Add(argument);
                    break;
                case Option option:
                    command.Options.Add(option);
                    break;
                default:
                    throw new ArgumentException($"a command takes arguments and options, not {symbol.GetType().Name}", nameof(symbols));
            }
        }

        output.AddTo(command);
        live.AddTo(command);
        return command;
    }

    /// <summary>Parses a format name.</summary>
    public static OutputFormat Format(string name) => Enum.Parse<OutputFormat>(name, ignoreCase: true);
}
