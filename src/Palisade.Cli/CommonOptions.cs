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

    /// <summary>-n/--namespace: the namespace of objects that name none.</summary>
    public static Option<string> Namespace() => new("--namespace", "-n")
    {
        Description = "Namespace for objects that name none",
        DefaultValueFactory = _ => "default",
    };

    /// <summary>--verbose: list skipped objects and more detail.</summary>
    public static Option<bool> Verbose() => new("--verbose", "-v") { Description = "Say more: skipped objects, passes explained" };

    /// <summary>--pods-without-ip-outside-cidrs: the conformance corpus's convention for pods whose IP the input does not give.</summary>
    public static Option<bool> PodsWithoutIpOutsideCidrs() => new("--pods-without-ip-outside-cidrs")
    {
        Description = "Assume a pod whose IP the input does not give is outside every ipBlock and networks CIDR (np-guard's convention) instead of reporting such verdicts undetermined",
    };

    /// <summary>The engine's assumptions as the options ask.</summary>
    public static Engine.EngineOptions Engine(bool podsWithoutIpOutsideCidrs) => new() { PodsWithoutIpOutsideCidrs = podsWithoutIpOutsideCidrs };

    /// <summary>Parses a format name.</summary>
    public static OutputFormat Format(string name) => Enum.Parse<OutputFormat>(name, ignoreCase: true);
}
