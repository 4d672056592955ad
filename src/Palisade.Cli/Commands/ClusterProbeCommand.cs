using System.CommandLine;
using Palisade.Live.Probing;
using Palisade.Live.Snapshot;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade cluster probe --expect FILE</c>: runs each expectation live from a pod of its source workload
/// and reports connected / refused / timed out / DNS failure with the control-probe rule. Exit 1 when a
/// probe contradicts an expectation.
/// </summary>
public static class ClusterProbeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var live = new ClusterInputOptions();
        var expect = new Option<string>("--expect", "-e") { Description = "The expectations file (the format 'palisade check' reads)", Required = true };
        var parallel = new Option<int>("--parallel") { Description = "Probes in flight at once", DefaultValueFactory = _ => 4 };
        var timeout = new Option<int>("--timeout") { Description = "Connect time-out per probe, in seconds", DefaultValueFactory = _ => 3 };
        var image = new Option<string>("--debug-image") { Description = "Image of the ephemeral debug container used when a pod has no shell or probe tool", DefaultValueFactory = _ => "busybox:1.36" };
        var noDebug = new Option<bool>("--no-debug-container") { Description = "Never add ephemeral debug containers (such probes fail instead)" };
        var ns = CommonOptions.Namespace();
        var cmd = new Command("probe", "Test the expectations live, from inside the cluster") { expect, parallel, timeout, image, noDebug, ns };
        live.AddTo(cmd, withClusterFlag: false);
        cmd.SetAction(r =>
        {
            if (r.GetValue(parallel) < 1 || r.GetValue(timeout) < 1)
            {
                throw new UserInputException("PAL191", "--parallel and --timeout must be at least 1", "for example --parallel 4 --timeout 3");
            }

            var expectations = CheckCommand.ReadExpectations(ctx, r.GetValue(expect)!);
            using var connection = live.Connect(ctx, r);
            var cluster = ClusterInputOptions.ReadLive(ctx, connection, ReadOptions.All);
            var probes = ExpectationProbes.Plan(expectations, cluster, r.GetValue(ns)!);
            var options = new ProbeOptions
            {
                Parallelism = r.GetValue(parallel),
                Timeout = TimeSpan.FromSeconds(r.GetValue(timeout)),
                DebugImage = r.GetValue(noDebug) ? null : r.GetValue(image),
            };
            var prober = new ClusterProber(connection, options, new EngineControlVantage(cluster));
            var results = prober.RunAsync([.. probes.Select(p => p.Request)]).GetAwaiter().GetResult();

            ctx.Out.WriteLine($"Probed {probes.Count} expectation(s) live in {connection.Description}:");
            var counts = new Dictionary<ProbeJudgement, int>();
            for (var i = 0; i < probes.Count; i++)
            {
                var e = probes[i].Expectation;
                var res = results[i];
                var j = ExpectationProbes.Judge(e, res);
                counts[j] = counts.GetValueOrDefault(j) + 1;
                var tag = j switch
                {
                    ProbeJudgement.Passed => "PASS",
                    ProbeJudgement.Failed => "FAIL",
                    ProbeJudgement.Inconclusive => "????",
                    _ => "----",
                };
                var from = res.Pod is null ? string.Empty : $" [from {res.Pod}{(res.Tool is null ? string.Empty : $" with {res.Tool}")}]";
                ctx.Out.WriteLine($"{tag}  {e.Name}: {res.Request} expected {(e.Allowed ? "allowed" : "denied")}; {res.Detail}{from}");
            }

            foreach (var e in expectations.All.Where(x => x.IsQuantified))
            {
                counts[ProbeJudgement.NotProbeable] = counts.GetValueOrDefault(ProbeJudgement.NotProbeable) + 1;
                ctx.Out.WriteLine($"----  {Palisade.Reports.Escaping.TerminalText.Escape(e.Name)}: a quantified expectation (port set or address set) is not probed live; `palisade check` decides it statically");
            }

            ctx.Out.WriteLine($"{counts.GetValueOrDefault(ProbeJudgement.Passed)} passed, {counts.GetValueOrDefault(ProbeJudgement.Failed)} failed, {counts.GetValueOrDefault(ProbeJudgement.Inconclusive)} inconclusive, {counts.GetValueOrDefault(ProbeJudgement.NotProbeable)} not probeable from inside");
            return counts.GetValueOrDefault(ProbeJudgement.Failed) > 0 ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return cmd;
    }
}
