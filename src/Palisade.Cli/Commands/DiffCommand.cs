using System.CommandLine;
using System.Text.RegularExpressions;
using Palisade.Diagnostics;
using Palisade.Diffing;
using Palisade.Model;
using Palisade.Reports;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade diff OLD NEW</c>: what a change opens or closes, compared semantically (docs/diff-and-report.md).
/// Each side is manifests (files or a folder; a folder holding manifests/ means that subfolder) or an isolation
/// profile, which stands for the other side's cluster plus the profile's rendered policies.
/// </summary>
public static partial class DiffCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var oldPath = new Argument<string>("old") { Description = "The snapshot before the change: a manifest file or folder, or an isolation profile" };
        var newPath = new Argument<string>("new") { Description = "The snapshot after the change: a manifest file or folder, or an isolation profile (= OLD plus its rendered policies)" };
        var ports = new Option<string[]>("--port", "-p")
        {
            Description = "Extra port to compare on its own, as N or N/PROTO; repeatable (every port the policies or containers name is compared anyway)",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var deleted = new Option<string[]>("--delete-policy")
        {
            Description = "A NetworkPolicy (NAMESPACE/NAME) the change deletes: left out of the NEW side; repeatable",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var failOn = new Option<string>("--fail-on")
        {
            Description = "Exit 1 when: new-exposure (the change opens any connection), any-change, or never",
            DefaultValueFactory = _ => "never",
        };
        failOn.AcceptOnlyFromAmong("never", "new-exposure", "any-change");
        var output = CommonOptions.Output("text", "json", "md");
        var report = new Option<string?>("--report") { Description = "Write the report to this file (atomically) instead of standard output" };
        var ns = CommonOptions.Namespace();
        var verbose = CommonOptions.Verbose();
        var cmd = new Command("diff", "What a change opens or closes: the connections two snapshots allow differently, with the policies responsible")
        {
            oldPath, newPath, ports, deleted, failOn, output, report, ns, verbose,
        };
        cmd.SetAction(r =>
        {
            var extras = InputFiles.ParsePorts(r.GetValue(ports) ?? []);
            var (before, after) = LoadSides(ctx, r.GetValue(oldPath)!, r.GetValue(newPath)!, r.GetValue(ns)!, r.GetValue(verbose), r.GetValue(deleted) ?? []);
            var diff = ConnectivityDiff.Compute(before, after, extras);
            var format = CommonOptions.Format(r.GetValue(output)!);
            var (oldName, newName) = (r.GetValue(oldPath)!, r.GetValue(newPath)!);
            if (r.GetValue(report) is { } file)
            {
                AtomicFile.Write(ctx, file, w => DiffReport.Write(diff, format, w, oldName, newName));
                ctx.Err.WriteLine($"{DiffReport.Headline(diff)}; report written to {file}");
            }
            else
            {
                DiffReport.Write(diff, format, ctx.Out, oldName, newName);
            }

            return r.GetValue(failOn) switch
            {
                "new-exposure" when diff.Opened.Any() => ExitCodes.Findings,
                "any-change" when !diff.IsEmpty => ExitCodes.Findings,
                _ => ExitCodes.Ok,
            };
        });
        return cmd;
    }

    /// <summary>Loads both sides; a profile on one side is applied to the other side's cluster.</summary>
    public static (ClusterSnapshot Before, ClusterSnapshot After) LoadSides(CliContext ctx, string oldPath, string newPath, string defaultNamespace, bool verbose) =>
        LoadSides(ctx, oldPath, newPath, defaultNamespace, verbose, []);

    /// <summary>
    /// Loads both sides, leaving the <paramref name="deleted"/> policies out of the NEW side's manifests. A policy
    /// rendered from a NEW profile is never deleted, even when it has the name of a deleted input policy: the
    /// deletion applies to the manifests before the profile's policies are added.
    /// </summary>
    public static (ClusterSnapshot Before, ClusterSnapshot After) LoadSides(CliContext ctx, string oldPath, string newPath, string defaultNamespace, bool verbose, string[] deleted)
    {
        var oldIsProfile = IsProfile(ctx, oldPath);
        var newIsProfile = IsProfile(ctx, newPath);
        if (oldIsProfile && newIsProfile)
        {
            throw new UserInputException(DiagnosticCatalog.ProfilesOnBothSides, "diff: both sides are isolation profiles; at least one side must be manifests",
                "compare manifests with a profile (palisade diff MANIFESTS PROFILE), or render both profiles and compare the results");
        }

        if (newIsProfile)
        {
            var before = InputLoading.Load(ctx, [ManifestsOf(ctx, oldPath)], defaultNamespace, verbose);
            return (before, ProfileRendering.Load(ctx, newPath).ApplyTo(WithoutPolicies(before, deleted)));
        }

        if (oldIsProfile)
        {
            var after = InputLoading.Load(ctx, [ManifestsOf(ctx, newPath)], defaultNamespace, verbose);
            return (ProfileRendering.Load(ctx, oldPath).ApplyTo(after), WithoutPolicies(after, deleted));
        }

        return (InputLoading.Load(ctx, [ManifestsOf(ctx, oldPath)], defaultNamespace, verbose),
            WithoutPolicies(InputLoading.Load(ctx, [ManifestsOf(ctx, newPath)], defaultNamespace, verbose), deleted));
    }

    /// <summary>A folder laid out like examples/home-lab stands for its manifests/ subfolder.</summary>
    public static string ManifestsOf(CliContext ctx, string path)
    {
        var full = ctx.Resolve(path);
        return Directory.Exists(Path.Combine(full, "manifests")) ? Path.Combine(path, "manifests") : path;
    }

    /// <summary>True when the path is a file whose (first) document is <c>kind: IsolationProfile</c>.</summary>
    public static bool IsProfile(CliContext ctx, string path)
    {
        var full = ctx.Resolve(path);
        if (path == "-" || !File.Exists(full))
        {
            return false;
        }

        using var reader = new StreamReader(full);
        for (var i = 0; i < 200 && reader.ReadLine() is { } line; i++)
        {
            if (KindLine().Match(line) is { Success: true } m)
            {
                return m.Groups[1].Value == "IsolationProfile";
            }
        }

        return false;
    }

    private static ClusterSnapshot WithoutPolicies(ClusterSnapshot cluster, string[] deleted)
    {
        if (deleted.Length == 0)
        {
            return cluster;
        }

        var refs = new HashSet<ObjectRef>();
        foreach (var text in deleted)
        {
            if (!ObjectRef.TryParse(text, out var reference) || cluster.Policies.All(p => p.Ref != reference))
            {
                throw new UserInputException(DiagnosticCatalog.UnknownPolicyArgument, $"--delete-policy {text}: no such NetworkPolicy in the NEW side's manifests",
                    "name a policy as NAMESPACE/NAME; known: " + string.Join(", ", cluster.Policies.Select(p => p.Ref.ToString()).Take(8)));
            }

            refs.Add(reference);
        }

        return new ClusterSnapshot(cluster.Namespaces, cluster.Pods, cluster.Workloads, cluster.Services, cluster.Policies.Where(p => !refs.Contains(p.Ref)), cluster.AdminPolicies, cluster.Nodes);
    }

    [GeneratedRegex(@"^kind:\s*[""']?([A-Za-z]+)[""']?\s*(#.*)?$")]
    private static partial Regex KindLine();
}
