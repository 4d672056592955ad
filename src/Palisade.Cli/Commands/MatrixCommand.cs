using System.CommandLine;
using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Net;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade matrix PATH... [--port N/PROTO]... [--output text|json|csv|md|compact]</c>; <c>compact</c> covers every
/// port between pod classes with the class engine and is streamed (docs/performance.md).
/// </summary>
internal static class MatrixCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var input = new InputOptions(InputOptions.PathsOrCluster);
        var ports = new Option<string[]>("--port", "-p")
        {
            Description = "Port to report for every pair, as N or N/PROTO (TCP, UDP, SCTP); repeatable. Declared container ports are always reported.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var output = new OutputOptions(["text", "json", "csv", "md", "compact"]);
        var outsideCidrs = CommonOptions.PodsWithoutIpOutsideCidrs();
        var cmd = input.CreateCommand("matrix", "Who can reach whom: every ordered pair of workloads, per port and protocol", output, [ports], outsideCidrs);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var requested = InputFiles.ParsePorts(r.GetValue(ports) ?? []);
            var (format, file) = output.Resolve(ctx, r);
            if (format == "compact" && requested.Count > 0)
            {
                throw new UserInputException(DiagnosticCatalog.CommandLine, "--port cannot be combined with --output compact", "compact output covers every port of every protocol; drop --port");
            }

            var cluster = (await InputOptions.LoadAsync(ctx, r, input.Request(ctx, r), cancellationToken).ConfigureAwait(false)).Snapshot;
            if (format == "compact")
            {
                // With --pods-without-ip-outside-cidrs such pods are in no ipBlock, and the class engine's verdicts are exact.
                if (!r.GetValue(outsideCidrs))
                {
                    UnevaluatedTiers.RefuseUnknownAddresses(cluster, "matrix --output compact (the class engine)",
                        "use --output json, text, csv or md, which mark such cells undetermined, give the pods' status.podIP, or pass --pods-without-ip-outside-cidrs");
                }

                var engine = new PolicyEngine(cluster, CommonOptions.Engine(r.GetValue(outsideCidrs)));
                OutputOptions.Write(ctx, file, w => CompactMatrixReport.Write(engine, w), "matrix");
                return ExitCodes.Ok;
            }

            var matrix = new ConnectivityMatrix(new PolicyEngine(cluster, CommonOptions.Engine(r.GetValue(outsideCidrs))), requested);
            // Say which destinations declare no container ports, and where their ports come from instead.
            var undeclared = matrix.UndeclaredPorts;
            var fromServices = undeclared.Where(u => u.ServicePorts.Count > 0).Select(u => $"{u.Endpoint.Id} ({string.Join(", ", u.ServicePorts)})").ToList();
            var none = undeclared.Where(u => u.ServicePorts.Count == 0).Select(u => u.Endpoint.Id).ToList();
            if (fromServices.Count > 0)
            {
                ctx.Err.WriteLine($"note: {fromServices.Count} endpoint(s) declare no container ports; reporting the target ports of the Services in front of them: {string.Join(", ", fromServices)}");
            }

            if (none.Count > 0 && requested.Count == 0)
            {
                ctx.Err.WriteLine($"note: {none.Count} endpoint(s) declare no container ports and no Service targets them by number; no column is reported for them without --port: {string.Join(", ", none.Take(10))}{(none.Count > 10 ? ", ..." : string.Empty)}");
            }

            if (matrix.AllPorts.Count == 0)
            {
                ctx.Err.WriteLine("note: no port to report: no pod declares a container port and no Service targets one; name ports with --port N/PROTO");
            }

            OutputOptions.Write(ctx, file, w => MatrixReport.Write(matrix, CommonOptions.Format(format), w), "matrix");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
