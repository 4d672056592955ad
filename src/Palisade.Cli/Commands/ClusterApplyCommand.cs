using System.CommandLine;
using Palisade.Cluster.Apply;
using Palisade.Manifests;
using Palisade.Manifests.Inputs;
using Palisade.Manifests.Wire;
using Palisade.Diagnostics;
using Palisade.Rendering;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade cluster apply PROFILE [--dry-run]</c> or <c>palisade cluster apply -f FILE... [--dry-run]</c>:
/// prints the plan (create / update / unchanged / skipped per object), then server-side applies it as field
/// manager <c>palisade</c>. Exit 1 when an object was skipped (not Palisade's, or a missing namespace).
/// </summary>
internal static class ClusterApplyCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var live = new ClusterInputOptions();
        var profile = new Argument<string?>("profile") { Description = "An isolation profile to render and apply", Arity = ArgumentArity.ZeroOrOne };
        var files = new Option<string[]>("--file", "-f") { Description = "Rendered YAML (NetworkPolicy, the cluster-wide policy kinds and Namespace objects, as 'palisade render' writes) instead of a profile; repeatable", Arity = ArgumentArity.ZeroOrMore };
        var dryRun = new Option<bool>("--dry-run") { Description = "Server-side dry run (dryRun=All): the API server validates every change and stores nothing" };
        var cmd = new Command("apply", "Apply rendered policies and namespace labels with server-side apply (field manager 'palisade')") { profile, files, dryRun };
        live.AddTo(cmd, withClusterFlag: false);
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var desired = await DesiredAsync(ctx, r.GetValue(profile), r.GetValue(files) ?? [], cancellationToken).ConfigureAwait(false);
            using var connection = live.Connect(ctx, r);
            var plan = await ClusterApplier.PlanAsync(connection, desired, cancellationToken).ConfigureAwait(false);
            var dry = r.GetValue(dryRun);
            ctx.Out.WriteLine($"Plan for {connection.Description} (server-side apply, field manager '{ClusterApplier.FieldManager}'{(dry ? ", dry run" : string.Empty)}):");
            foreach (var c in plan.Changes)
            {
                var word = c.Change switch
                {
                    ChangeKind.Create => "create",
                    ChangeKind.Update => "update",
                    ChangeKind.Unchanged => "unchanged",
                    ChangeKind.NotOwned => "skip",
                    _ => "missing",
                };
                ctx.Out.WriteLine($"  {word,-9}  {c.Kind} {c.Name}{(c.Details.Count > 0 ? ": " + string.Join("; ", c.Details) : string.Empty)}");
            }

            int Count(ChangeKind k) => plan.Changes.Count(c => c.Change == k);
            ctx.Out.WriteLine($"{Count(ChangeKind.Create)} to create, {Count(ChangeKind.Update)} to update, {Count(ChangeKind.Unchanged)} unchanged, {Count(ChangeKind.NotOwned) + Count(ChangeKind.Missing)} skipped");
            await ClusterApplier.ApplyAsync(connection, plan, dry, cancellationToken).ConfigureAwait(false);
            var sent = plan.Changes.Count(c => c.WillApply);
            ctx.Out.WriteLine(sent == 0 ? "Nothing to apply."
                : dry ? $"Dry run: the API server accepted {sent} change(s) (dryRun=All); nothing was stored."
                : $"Applied {sent} change(s).");
            return plan.HasSkips ? ExitCodes.Findings : ExitCodes.Ok;
        });
        return cmd;
    }

    private static async Task<DesiredState> DesiredAsync(CliContext ctx, string? profile, string[] files, CancellationToken cancellationToken)
    {
        if ((profile is null) == (files.Length == 0))
        {
            throw new UserInputException(DiagnosticCatalog.InputChoice, "give either a PROFILE or -f FILE..., not both and not neither", "palisade cluster apply examples/home-lab/profile.yaml --dry-run");
        }

        // Rendered objects go to the cluster as the wire writer writes the model: a profile's directly, files' after the
        // strict loader read them (read leniently, a typo such as podSelecter: would vanish, and the API server would
        // default the lost selector to {} and isolate every pod of the namespace).
        var diagnostics = new List<Diagnostic>();
        var parts = new List<DesiredState>();
        if (profile is not null)
        {
            var input = await CliInputs.LoadAsync(ctx, new InputRequest { Profile = profile, ReadsManifests = false }, verbose: false, cancellationToken).ConfigureAwait(false);
            var d = DesiredStateReader.Read(input.Rendered!);
            diagnostics.AddRange(d.Diagnostics);
            parts.Add(d.Value);
        }

        // Read through the bounded reader: regular files only (a FIFO or /dev/zero is PAL101), at most --max-file-size.
        foreach (var f in files)
        {
            var full = ctx.Resolve(f);
            ctx.NoteInput(full);
            if (InputFile.Read(full, f, ctx.MaxFileSize, diagnostics) is { } text)
            {
                var d = DesiredStateReader.Read(text, f, ctx.Strict);
                diagnostics.AddRange(d.Diagnostics);
                parts.Add(d.Value);
            }
        }

        var policies = parts.SelectMany(p => p.Policies).ToList();
        var labels = parts.SelectMany(p => p.NamespaceLabels).ToList();
        var tiers = parts.SelectMany(p => p.TierPolicies).ToList();
        if (diagnostics.Any(d => d.Severity == Severity.Error))
        {
            throw new UserInputException(diagnostics);
        }

        DiagnosticPrinter.Print(ctx.Err, diagnostics);
        return new DesiredState(policies, labels) { TierPolicies = tiers };
    }
}
