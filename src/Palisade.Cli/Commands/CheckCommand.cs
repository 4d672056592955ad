using System.CommandLine;
using Palisade.Expectations;
using Palisade.Lab;
using Palisade.Linting;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Rendering;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade check PATH...|DIR --expect FILE [--profile FILE]</c>: proves every expectation (statically, with the
/// engine) and reports by acceptance criterion. Exit 1 when an expectation fails.
/// </summary>
public static class CheckCommand
{
    /// <summary>The files a folder laid out like examples/home-lab holds.</summary>
    public const string ExpectationsFile = "expectations.yaml";

    /// <summary>The profile file of such a folder.</summary>
    public const string ProfileFile = "profile.yaml";

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
        cmd.SetAction(r =>
        {
            var inputs = Inputs.Resolve(ctx, r.GetValue(paths) ?? [], r.GetValue(expect), r.GetValue(profile));
            var cluster = live.Load(ctx, r, inputs.Manifests, r.GetValue(ns)!, r.GetValue(verbose));
            cluster = WithoutPolicies(ctx, cluster, r.GetValue(ignore) ?? []);
            RenderedIsolation? rendered = inputs.Profile is null ? null : ProfileRendering.Load(ctx, inputs.Profile);
            if (rendered is not null && !r.GetValue(noProfile))
            {
                foreach (var replaced in rendered.Replaces(cluster))
                {
                    ctx.Err.WriteLine($"note: the profile's rendered policy replaces the input's {replaced} (same name, as kubectl apply would)");
                }

                cluster = rendered.ApplyTo(cluster);
            }

            var expectations = ReadExpectations(ctx, inputs.Expectations);
            var checker = new ExpectationChecker(cluster, rendered?.Profile.Proxy, r.GetValue(ns)!);
            var errors = checker.Validate(expectations);
            if (errors.Count > 0)
            {
                throw new UserInputException(errors);
            }

            var results = r.GetValue(lab)
                ? LabCheck.Run(ctx, cluster, expectations, checker, rendered?.Profile.Proxy,
                    r.GetValue(deny) == "drop" ? DenyMode.Drop : DenyMode.Reject, r.GetValue(stateDir)!, r.GetValue(ns)!)
                : checker.Check(expectations);
            var findings = r.GetValue(noLint) ? [] : Linter.Lint(cluster, checker.Engine).Diagnostics;
            var result = new CheckReport(results, findings);
            var format = CommonOptions.Format(r.GetValue(output)!);
            if (r.GetValue(report) is { } file)
            {
                AtomicFile.Write(ctx, file, w => CheckReportWriter.Write(result, format, w, r.GetValue(explain)));
                ctx.Err.WriteLine($"{result.PassedCount} passed, {result.FailedCount} failed; report written to {Palisade.Reports.Escaping.TerminalText.Escape(file)}");
            }
            else
            {
                CheckReportWriter.Write(result, format, ctx.Out, r.GetValue(explain));
            }

            return result.FailedCount == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }

    /// <summary>Reads the expectations file or throws a user-input error.</summary>
    public static ExpectationSet ReadExpectations(CliContext ctx, string path)
    {
        var full = ctx.Resolve(path);
        ctx.NoteInput(full);
        var result = ExpectationsReader.Read(full, ProfileRendering.Display(ctx, full), maxFileSize: ctx.MaxFileSize);
        if (result.Value is null)
        {
            throw new UserInputException(result.Diagnostics);
        }

        DiagnosticPrinter.Print(ctx.Err, result.Diagnostics);
        return result.Value;
    }

    private static Cluster WithoutPolicies(CliContext ctx, Cluster cluster, string[] ignored)
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
                throw new UserInputException("PAL135", $"--ignore-policy {text}: no such NetworkPolicy in the input",
                    "name a policy as NAMESPACE/NAME; known: " + string.Join(", ", cluster.Policies.Select(p => p.Ref.ToString()).Take(8)));
            }

            refs.Add(reference);
        }

        ctx.Err.WriteLine($"leaving out {string.Join(", ", refs.Order())}");
        return new Cluster(cluster.Namespaces, cluster.Pods, cluster.Workloads, cluster.Services, cluster.Policies.Where(p => !refs.Contains(p.Ref)), cluster.AdminPolicies, cluster.Nodes);
    }

    /// <summary>The inputs of a check after folder defaults are applied.</summary>
    public sealed record Inputs(IReadOnlyList<string> Manifests, string Expectations, string? Profile)
    {
        /// <summary>Applies the folder layout and requires an expectations file.</summary>
        public static Inputs Resolve(CliContext ctx, string[] paths, string? expect, string? profile)
        {
            var (manifests, expectations, profileFile) = Layout(ctx, paths, expect, profile);
            if (expectations is null)
            {
                throw new UserInputException("PAL136", "no expectations file: pass --expect FILE, or a folder holding expectations.yaml",
                    "see docs/file-formats.md for the expectations format");
            }

            return new Inputs(manifests, expectations, profileFile);
        }

        /// <summary>
        /// The folder layout shared by check and report: one folder argument means DIR/manifests (or DIR itself),
        /// DIR/expectations.yaml and DIR/profile.yaml when present; explicit options win.
        /// </summary>
        public static (IReadOnlyList<string> Manifests, string? Expectations, string? Profile) Layout(CliContext ctx, string[] paths, string? expect, string? profile)
        {
            var manifests = paths.ToList();
            if (paths.Length == 1 && Directory.Exists(ctx.Resolve(paths[0])))
            {
                var dir = paths[0];
                var full = ctx.Resolve(dir);
                if (Directory.Exists(Path.Combine(full, "manifests")))
                {
                    manifests = [Path.Combine(dir, "manifests")];
                }

                expect ??= File.Exists(Path.Combine(full, ExpectationsFile)) ? Path.Combine(dir, ExpectationsFile) : null;
                profile ??= File.Exists(Path.Combine(full, ProfileFile)) ? Path.Combine(dir, ProfileFile) : null;
            }

            return (manifests, expect, profile);
        }
    }
}
