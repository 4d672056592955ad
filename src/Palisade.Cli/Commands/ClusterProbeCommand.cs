using System.CommandLine;
using Palisade.Cluster.Connection;
using Palisade.Cluster.Probing;
using Palisade.Cluster.Snapshot;
using Palisade.Diagnostics;
using Palisade.Manifests.Inputs;
using Palisade.Proving;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade cluster probe --expect FILE</c>: tests each expectation live from a pod of its source workload, with
/// the control-probe rule, and writes the same report as <c>check</c>. Exit 1 when a probe contradicts an
/// expectation; probes that prove nothing are reported as undetermined and do not fail the run.
/// </summary>
internal static class ClusterProbeCommand
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
        var output = new OutputOptions(["text", "json", "junit", "md"], legacyDashO: false, "--report");
        var explain = new Option<bool>("--explain") { Description = "Show the evidence of passing expectations too" };
        var ns = CommonOptions.Namespace();
        var cmd = new Command("probe", "Test the expectations live, from inside the cluster") { expect, parallel, timeout, image, noDebug, explain, ns };
        output.AddTo(cmd);
        live.AddTo(cmd, withClusterFlag: false);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            if (r.GetValue(parallel) < 1 || r.GetValue(timeout) < 1)
            {
                throw new UserInputException(DiagnosticCatalog.CommandLine, "--parallel and --timeout must be at least 1", "for example --parallel 4 --timeout 3");
            }

            // The connection opens only once the expectations have read without error (as the input assembly step
            // promises); it stays open for the probes.
            var (format, file) = output.Resolve(ctx, r);
            ClusterConnection? connection = null;
            try
            {
                var input = await CliInputs.LoadAsync(ctx, new InputRequest
                {
                    Expectations = r.GetValue(expect),
                    ExpectationsNeed = InputNeed.Required,
                    Live = async cancel =>
                    {
                        connection = live.Connect(ctx, r);
                        return await ClusterInputOptions.ReadLiveAsync(ctx, connection, ReadOptions.All, cancel).ConfigureAwait(false);
                    },
                    Load = new(r.GetValue(ns)!),
                }, verbose: false, cancellationToken).ConfigureAwait(false);
                var (cluster, expectations) = (input.Snapshot, input.Expectations!);
                var prover = new ClusterProver(connection!, new ProbeOptions
                {
                    Parallelism = r.GetValue(parallel),
                    Timeout = TimeSpan.FromSeconds(r.GetValue(timeout)),
                    DebugImage = r.GetValue(noDebug) ? null : r.GetValue(image),
                });
                ctx.Err.WriteLine($"probing {expectations.All.Count()} expectation(s) live in {connection!.Description}");
                var proof = await ExpectationProof.ProveAsync(cluster, expectations, proxy: null, r.GetValue(ns)!, prover, lint: false, lintConfig: null, cancellationToken)
                    .ConfigureAwait(false);
                var result = proof.Value ?? throw new UserInputException(proof.Diagnostics);
                var scope = new Palisade.Reports.CheckScope([connection.Description, $"expectations {input.Sources.Expectations}"], cluster.Policies.Count, 0, cluster.AdminPolicies.Count, Palisade.Reports.CheckMethod.Cluster);
                CheckReports.Write(ctx, result, CommonOptions.Format(format), file, r.GetValue(explain), "palisade cluster probe", scope);
                return result.FailedCount > 0 ? ExitCodes.Findings : ExitCodes.Ok;
            }
            finally
            {
                connection?.Dispose();
            }
        });
        return cmd;
    }
}
