using System.CommandLine;
using Palisade.Lab;
using Palisade.Manifests.Inputs;
using Palisade.Proving;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade check PATH...|DIR --expect FILE [--profile FILE] [--lab]</c>: proves every expectation (statically with
/// the engine, or with real packets in the lab) and reports by acceptance criterion. Exit 1 unless every expectation
/// passed.
/// </summary>
internal static class CheckCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var input = new InputOptions("Manifests (files or folders), or one folder laid out like examples/home-lab (manifests/, expectations.yaml, profile.yaml)");
        var expect = new Option<string?>("--expect", "-e") { Description = "The expectations file (default: DIR/expectations.yaml)" };
        var profile = new Option<string?>("--profile") { Description = "An isolation profile: its rendered policies are added, its proxy routes followed (default: DIR/profile.yaml)" };
        var noProfile = new Option<bool>("--no-profile") { Description = "Do not add the profile's policies (its proxy routes are still followed)" };
        var ignore = new Option<string[]>("--ignore-policy") { Description = "Leave out an input NetworkPolicy (NAMESPACE/NAME); repeatable", Arity = ArgumentArity.ZeroOrMore };
        var output = new OutputOptions(["text", "json", "junit", "md"], legacyDashO: false, "--report");
        var explain = new Option<bool>("--explain") { Description = "Explain passing expectations too" };
        var lab = new Option<bool>("--lab") { Description = "Prove with real packets in the local lab (Linux, root) instead of statically" };
        var deny = new Option<string>("--deny") { Description = "Lab deny mode: reject (K3s/kube-router: refused) or drop (Calico/Cilium: timeout)", DefaultValueFactory = _ => "reject" };
        deny.AcceptOnlyFromAmong("reject", "drop");
        var stateDir = new Option<string>("--state-dir") { Description = "Lab state directory", DefaultValueFactory = _ => Palisade.Lab.LabState.DefaultDir };
        var noLint = new Option<bool>("--no-lint") { Description = "Leave lint findings out of the report" };
        var cmd = input.CreateCommand("check", "Prove the expectations (acceptance criteria) against the cluster's policies", output,
            [expect, profile, noProfile, ignore, explain, lab, deny, stateDir, noLint]);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var (format, file) = output.Resolve(ctx, r);
            var loaded = await InputOptions.LoadAsync(ctx, r, input.Request(ctx, r) with
            {
                FolderLayout = true,
                Expectations = r.GetValue(expect),
                ExpectationsNeed = InputNeed.Required,
                Profile = r.GetValue(profile),
                ApplyProfile = !r.GetValue(noProfile),
                ReadLintConfig = !r.GetValue(noLint),
                LeftOutPolicies = r.GetValue(ignore) ?? [],
            }, cancellationToken).ConfigureAwait(false);
            var cluster = loaded.Snapshot;
            if (r.GetValue(lab))
            {
                // Refused before the lab environment is even checked: the lab never compiles a guess of what it cannot reproduce.
                UnevaluatedTiers.RefuseForLab(cluster);
            }

            using var progress = r.GetValue(lab) ? new ProgressLine(ctx, "lab") : null;
            IExpectationProver prover = r.GetValue(lab)
                ? new LabProver(r.GetValue(deny) == "drop" ? DenyMode.Drop : DenyMode.Reject, r.GetValue(stateDir)!, progress)
                : new EngineProver();
            var proof = await ExpectationProof.ProveAsync(cluster, loaded.Expectations!, loaded.Rendered?.Profile.Proxy, input.DefaultNamespace(r), prover, !r.GetValue(noLint), loaded.LintConfig, cancellationToken)
                .ConfigureAwait(false);
            var result = proof.Value ?? throw new UserInputException(proof.Diagnostics);
            var sources = loaded.Sources;
            var renderedCount = loaded.Rendered is not null && !r.GetValue(noProfile) ? loaded.Rendered.Policies.Count : 0;
            string[] checkedInputs =
            [
                .. input.Live.IsLive(r) ? [input.Live.Description(r)] : sources.Manifests,
                $"expectations {sources.Expectations}",
                .. sources.Profile is null ? [] : new[] { $"profile {sources.Profile}{(r.GetValue(noProfile) ? " (proxy routes only)" : string.Empty)}" },
            ];
            var scope = new Palisade.Reports.CheckScope(checkedInputs, cluster.Policies.Count, renderedCount, cluster.AdminPolicies.Count,
                r.GetValue(lab) ? Palisade.Reports.CheckMethod.Lab : Palisade.Reports.CheckMethod.StaticAnalysis);
            CheckReports.Write(ctx, result, CommonOptions.Format(format), file, r.GetValue(explain), "palisade check", scope);
            return result.AllPassed ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }
}
