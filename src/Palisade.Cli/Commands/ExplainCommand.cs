using System.CommandLine;
using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade explain PATH... --from X --to Y --port N/PROTO</c>: the verdict and its reasons.</summary>
internal static class ExplainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var input = new InputOptions(InputOptions.PathsOrCluster);
        var from = new Option<string>("--from") { Description = "Source: NAMESPACE/NAME of a workload or pod, KIND/NAMESPACE/NAME, or an IP address", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: NAMESPACE/NAME, KIND/NAMESPACE/NAME (svc/ for a Service), or an IP address", Required = true };
        var port = new Option<string>("--port", "-p") { Description = "Destination port as N or N/PROTO", Required = true };
        var output = new OutputOptions(["text", "json"]);
        var outsideCidrs = CommonOptions.PodsWithoutIpOutsideCidrs();
        var cmd = input.CreateCommand("explain", "Why a connection is allowed or denied: the policies and rules on both sides", output, [from, to, port], outsideCidrs);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var pp = InputFiles.ParsePorts([r.GetValue(port)!])[0];
            var cluster = (await InputOptions.LoadAsync(ctx, r, input.Request(ctx, r), cancellationToken).ConfigureAwait(false)).Snapshot;
            var engine = new PolicyEngine(cluster, CommonOptions.Engine(r.GetValue(outsideCidrs)));
            var lookup = new EndpointLookup(cluster);
            var source = Resolve(lookup, engine, r.GetValue(from)!, "--from", input.DefaultNamespace(r));
            if (source is Service)
            {
                throw new UserInputException(DiagnosticCatalog.ServiceAsSourceArgument, $"--from {r.GetValue(from)}: a Service cannot be a source", "name a workload or pod, or an IP address");
            }

            var destination = Resolve(lookup, engine, r.GetValue(to)!, "--to", input.DefaultNamespace(r));
            var (formatName, file) = output.Resolve(ctx, r);
            var format = CommonOptions.Format(formatName);
            using var buffer = new StringWriter();
            if (source is WorkloadEndpoint sw && destination is WorkloadEndpoint dw)
            {
                // A workload is explained as the matrix decides its cell: over all pod pairs, naming the deciding pair.
                var matrix = new ConnectivityMatrix(engine, [pp]);
                var (decided, allowedPairs, pairs) = matrix.ExplainCell(sw, dw, pp);
                var cell = pairs > 1 || sw == dw ? new ExplainedCell(sw.Id, dw.Id, allowedPairs, pairs) : null;
                ExplainReport.Write(decided, format, buffer, cell);
                OutputOptions.Write(ctx, file, w => w.Write(buffer.ToString()), "explanation");
                return ExitCodes.Ok;
            }

            var sources = source switch
            {
                WorkloadEndpoint w => [.. w.Pods.Items.Select(p => (Endpoint)new PodEndpoint(p))],
                Endpoint e => new List<Endpoint> { e },
                _ => [],
            };
            var targets = new List<(Endpoint Target, int Port)>();
            if (destination is Service svc)
            {
                targets.AddRange(ServiceRouting.Backends(cluster, svc, pp.Port, pp.Protocol).Select(b => ((Endpoint)new PodEndpoint(b.Pod), b.TargetPort)));
            }
            else if (destination is WorkloadEndpoint w)
            {
                targets.AddRange(w.Pods.Items.Select(p => ((Endpoint)new PodEndpoint(p), pp.Port)));
            }
            else
            {
                targets.Add(((Endpoint)destination, pp.Port));
            }

            if (targets.Count == 0)
            {
                throw new UserInputException(DiagnosticCatalog.ServiceWithoutEndpointArgument, $"{r.GetValue(to)} has no endpoint pod serving {pp}", "check the Service's selector and ports");
            }

            // One verdict per destination pod; when the source is a workload, its pods are all evaluated and the one
            // that decides (the first denied, else the first) is shown.
            foreach (var (target, targetPort) in targets)
            {
                var verdicts = sources.Select(src => engine.Evaluate(src, target, targetPort, pp.Protocol)).ToList();
                var decided = verdicts.FirstOrDefault(v => !v.Allowed) ?? verdicts[0];
                ExplainReport.Write(decided, format, buffer,
                    source is WorkloadEndpoint ws && ws.Pods.Count > 1 ? new ExplainedCell(ws.Id, target.ToString() ?? string.Empty, verdicts.Count(v => v.Allowed), verdicts.Count) : null);
            }

            OutputOptions.Write(ctx, file, w => w.Write(buffer.ToString()), "explanation");
            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>
    /// Resolves to a <see cref="WorkloadEndpoint"/> (a workload, a bare pod, or one named pod), an <see cref="Endpoint"/>
    /// (an address), or a <see cref="Service"/> (by name or by one of its addresses).
    /// </summary>
    private static object Resolve(EndpointLookup lookup, PolicyEngine engine, string text, string option, string defaultNamespace)
    {
        var resolved = lookup.Resolve(text, defaultNamespace, out var error, out var failure);
        if (failure == LookupFailure.Ambiguous)
        {
            throw new UserInputException(DiagnosticCatalog.AmbiguousEndpointArgument, $"{option} {text}: {error}", "qualify the name with its kind as KIND/NAMESPACE/NAME, e.g. deployment/NAMESPACE/NAME or pod/NAMESPACE/NAME");
        }

        return resolved switch
        {
            WorkloadTarget w => w.Workload,
            AddressTarget a when ServiceRouting.FindByAddress(engine.Snapshot, a.Address) is { } s => s,
            AddressTarget a => engine.ResolveAddress(a.Address),
            ServiceTarget s => s.Service,
            _ => throw new UserInputException(DiagnosticCatalog.UnknownEndpointArgument, $"{option} {text}: {error}", "name a workload or pod as NAMESPACE/NAME, a Service as svc/NAMESPACE/NAME, or an IP address"),
        };
    }
}
