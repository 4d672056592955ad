using System.CommandLine;
using Palisade.Diagnostics;
using Palisade.Lab;
using Palisade.Model;
using Palisade.Proving;
using Palisade.Rendering;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade check PATH...|DIR --expect FILE [--profile FILE] [--lab]</c>: proves every expectation (statically with
/// the engine, or with real packets in the lab) and reports by acceptance criterion. Exit 1 unless every expectation
/// passed.
/// </summary>
public static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var paths = CommonOptions.Paths("Manifests (files or folders), or one folder laid out like examples/home-lab (manifests/, expectations.yaml, profile.yaml)");
        paths.Arity = ArgumentArity.ZeroOrMore;
        var live = new ClusterInputOptions();
        var expect = new Option<string?>("--expect", "-e") { Description = "The expectations file (default: DIR/expectations.yaml)" };
        var profile = new Option<string?>("--profile") { Description = "An isolation profile: its rendered policies are added, its proxy routes followed (default: DIR/profile.yaml)" };
        var noProfile = new Option<bool>("--no-profile") { Description = "Do not add the profile's policies (its proxy routes are still followed)" };
        var ignore = new Option<string[]>("--ignore-policy") { Description = "Leave out an input NetworkPolicy (NAMESPACE/NAME); repeatable", Arity = ArgumentArity.ZeroOrMore };
        var output = CommonOptions.Output("text", "json", "junit", "md");
        var report = new Option<string?>("--report") { Description = "Write the report to this file (atomically) instead of standard output" };
        var explain = new Option<bool>("--explain") { Description = "Explain passing expectations too" };
        var lab = new Option<bool>("--lab") { Description = "Prove with real packets in the local lab (Linux, root) instead of statically" };
        var deny = new Option<string>("--deny") { Description = "Lab deny mode: reject (K3s/kube-router: refused) or drop (Calico/Cilium: timeout)", DefaultValueFactory = _ => "reject" };
        deny.AcceptOnlyFromAmong("reject", "drop");
        var stateDir = new Option<string>("--state-dir") { Description = "Lab state directory", DefaultValueFactory = _ => Palisade.Lab.LabState.DefaultDir };
        var noLint = new Option<bool>("--no-lint") { Description = "Leave lint findings out of the report" };
        var ns = CommonOptions.Namespace();
        var verbose = CommonOptions.Verbose();
        var cmd = new Command("check", "Prove the expectations (acceptance criteria) against the cluster's policies")
        {
            paths, expect, profile, noProfile, ignore, output, report, explain, lab, deny, stateDir, noLint, ns, verbose,
        };
        live.AddTo(cmd);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (manifests, expectationsFile, profileFile) = InputFiles.Layout(ctx, r.GetValue(paths) ?? [], r.GetValue(expect), r.GetValue(profile));
            var expectationsPath = InputFiles.RequireExpectations(expectationsFile);
            var cluster = await live.LoadAsync(ctx, r, manifests, r.GetValue(ns)!, r.GetValue(verbose)).ConfigureAwait(false);
            cluster = WithoutPolicies(ctx, cluster, r.GetValue(ignore) ?? []);
            RenderedIsolation? rendered = profileFile is null ? null : ProfileRendering.Load(ctx, profileFile);
            if (rendered is not null && !r.GetValue(noProfile))
            {
                foreach (var replaced in rendered.Replaces(cluster))
                {
                    ctx.Err.WriteLine($"note: the profile's rendered policy replaces the input's {replaced} (same name, as kubectl apply would)");
                }

                cluster = rendered.ApplyTo(cluster);
            }

            var expectations = InputFiles.ReadExpectations(ctx, expectationsPath);
            if (r.GetValue(lab))
            {
                // Refused before the lab environment is even checked: the lab must never emulate a cluster without its tiers.
                UnevaluatedTiers.Refuse(cluster, "check --lab (the lab's nftables compiler)", "run check without --lab, which evaluates the tiers");
            }

            using var progress = r.GetValue(lab) ? new ProgressLine(ctx, "lab") : null;
            IExpectationProver prover = r.GetValue(lab)
                ? new LabProver(r.GetValue(deny) == "drop" ? DenyMode.Drop : DenyMode.Reject, r.GetValue(stateDir)!, progress)
                : new EngineProver();
            var proof = await ExpectationProof.ProveAsync(cluster, expectations, rendered?.Profile.Proxy, r.GetValue(ns)!, prover, !r.GetValue(noLint), cancellationToken)
                .ConfigureAwait(false);
            var result = proof.Value ?? throw new UserInputException(proof.Diagnostics);
            CheckReports.Write(ctx, result, CommonOptions.Format(r.GetValue(output)!), r.GetValue(report), r.GetValue(explain), "palisade check");
            return result.AllPassed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }

    private static ClusterSnapshot WithoutPolicies(CliContext ctx, ClusterSnapshot cluster, string[] ignored)
    {
        if (ignored.Length == 0)
        {
            return cluster;
        }

        var refs = new HashSet<ObjectRef>();
        foreach (var text in ignored)
        {
            if (!ObjectRef.TryParse(text, out var reference) || cluster.Policies.All(p => p.Ref != reference))
            {
                throw new UserInputException(DiagnosticCatalog.UnknownPolicyArgument, $"--ignore-policy {text}: no such NetworkPolicy in the input",
                    "name a policy as NAMESPACE/NAME; known: " + string.Join(", ", cluster.Policies.Select(p => p.Ref.ToString()).Take(8)));
            }

            refs.Add(reference);
        }

        ctx.Err.WriteLine($"leaving out {string.Join(", ", refs.Order())}");
        return new ClusterSnapshot(cluster.Namespaces, cluster.Pods, cluster.Workloads, cluster.Services, cluster.Policies.Where(p => !refs.Contains(p.Ref)), cluster.AdminPolicies, cluster.Nodes);
    }
}
