using System.CommandLine;
using Palisade.Engine;
using Palisade.Model;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary><c>palisade explain PATH... --from X --to Y --port N/PROTO</c>: the verdict and its reasons.</summary>
public static class ExplainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var paths = CommonOptions.Paths("Manifest files or folders (recursive), or - for standard input; omit with --cluster");
        paths.Arity = ArgumentArity.ZeroOrMore;
        var live = new ClusterInputOptions();
        var from = new Option<string>("--from") { Description = "Source: NAMESPACE/NAME of a workload or pod, or an IP address", Required = true };
        var to = new Option<string>("--to") { Description = "Destination: NAMESPACE/NAME, svc/NAMESPACE/NAME, or an IP address", Required = true };
        var port = new Option<string>("--port", "-p") { Description = "Destination port as N or N/PROTO", Required = true };
        var output = CommonOptions.Output("text", "json");
        var ns = CommonOptions.Namespace();
        var verbose = CommonOptions.Verbose();
        var cmd = new Command("explain", "Why a connection is allowed or denied: the policies and rules on both sides")
        {
            paths, from, to, port, output, ns, verbose,
        };
        live.AddTo(cmd);
        cmd.SetAction(async (r, _) =>
        {
            var pp = InputFiles.ParsePorts([r.GetValue(port)!])[0];
            var cluster = await live.LoadAsync(ctx, r, r.GetValue(paths) ?? [], r.GetValue(ns)!, r.GetValue(verbose)).ConfigureAwait(false);
            var engine = new PolicyEngine(cluster);
            var lookup = new EndpointLookup(cluster);
            var source = Resolve(lookup, engine, r.GetValue(from)!, "--from", r.GetValue(ns)!);
            if (source is not Endpoint src)
            {
                throw new UserInputException("PAL132", $"--from {r.GetValue(from)}: a Service cannot be a source", "name a workload or pod, or an IP address");
            }

            var destination = Resolve(lookup, engine, r.GetValue(to)!, "--to", r.GetValue(ns)!);
            var verdicts = new List<ConnectionVerdict>();
            if (destination is Service svc)
            {
                foreach (var b in ServiceRouting.Backends(cluster, svc, pp.Port, pp.Protocol))
                {
                    verdicts.Add(engine.Evaluate(src, new PodEndpoint(b.Pod), b.TargetPort, pp.Protocol));
                }
            }
            else
            {
                verdicts.Add(engine.Evaluate(src, (Endpoint)destination, pp.Port, pp.Protocol));
            }

            var format = CommonOptions.Format(r.GetValue(output)!);
            if (verdicts.Count == 0)
            {
                throw new UserInputException("PAL133", $"{r.GetValue(to)} has no endpoint pod serving {pp}", "check the Service's selector and ports");
            }

            foreach (var v in verdicts)
            {
                ExplainReport.Write(v, format, ctx.Out);
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    /// <summary>Resolves to an <see cref="Endpoint"/>, or a <see cref="Service"/> (by name or by one of its addresses).</summary>
    private static object Resolve(EndpointLookup lookup, PolicyEngine engine, string text, string option, string defaultNamespace)
    {
        var resolved = lookup.Resolve(text, defaultNamespace, out var error);
        return resolved switch
        {
            WorkloadTarget w => new PodEndpoint(w.Workload.Representative),
            AddressTarget a when ServiceRouting.FindByAddress(engine.Cluster, a.Address) is { } s => s,
            AddressTarget a => engine.ResolveAddress(a.Address),
            ServiceTarget s => s.Service,
            _ => throw new UserInputException("PAL131", $"{option} {text}: {error}", "name a workload or pod as NAMESPACE/NAME, a Service as svc/NAMESPACE/NAME, or an IP address"),
        };
    }
}
