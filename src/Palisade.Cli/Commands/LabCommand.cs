using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Palisade.Diagnostics;
using Palisade.Lab;
using Palisade.Lab.Netns;
using Palisade.Lab.Probes;
using Palisade.Manifests.Inputs;
using Palisade.Model;

namespace Palisade.Cli.Commands;

/// <summary>
/// <c>palisade lab up|status|exec|matrix|down</c>: the cluster reproduced with network namespaces and nftables on
/// this machine (Linux, root). <c>lab up</c> stays in the foreground as the lab's owner (its servers are its
/// children) until Ctrl-C, SIGTERM or <c>lab down</c> from another terminal.
/// </summary>
internal static class LabCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(CliContext ctx)
    {
        var lab = new Command("lab", "Run the cluster's policies with real packets in network namespaces (Linux, root)");
        lab.Subcommands.Add(Up(ctx));
        lab.Subcommands.Add(Status(ctx));
        lab.Subcommands.Add(Exec(ctx));
        lab.Subcommands.Add(Matrix(ctx));
        lab.Subcommands.Add(Down(ctx));
        return lab;
    }

    private static Option<string> StateDir() => new("--state-dir")
    {
        Description = "Where the lab keeps its state file, keys and server files",
        DefaultValueFactory = _ => LabState.DefaultDir,
    };

    private static Command Up(CliContext ctx)
    {
        var paths = CommonOptions.Paths();
        var deny = new Option<string>("--deny") { Description = "What denied packets get: reject (K3s) or drop (Calico, Cilium)", DefaultValueFactory = _ => "reject" };
        deny.AcceptOnlyFromAmong("reject", "drop");
        var noServers = new Option<bool>("--no-servers") { Description = "Serve every port with the probe responder instead of sshd, nginx, PostgreSQL, dnsmasq" };
        var ports = new Option<string[]>("--port", "-p") { Description = "Extra port every pod serves (N or N/PROTO); repeatable", Arity = ArgumentArity.ZeroOrMore };
        var ns = CommonOptions.Namespace();
        var state = StateDir();
        var cmd = new Command("up", "Build the lab and keep it running until Ctrl-C or 'palisade lab down'") { paths, deny, noServers, ports, ns, state };
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var inputs = r.GetValue(paths)!.Select(ctx.Resolve).ToList();
            var cluster = (await CliInputs.LoadAsync(ctx, new InputRequest { Paths = inputs, Load = new(r.GetValue(ns)!) }, verbose: false, cancellationToken)
                .ConfigureAwait(false)).Snapshot;
            UnevaluatedTiers.RefuseForLab(cluster);
            var options = new LabOptions
            {
                DenyMode = r.GetValue(deny) == "drop" ? DenyMode.Drop : DenyMode.Reject,
                RealServers = !r.GetValue(noServers),
                ExtraPorts = InputFiles.ParsePorts(r.GetValue(ports) ?? []),
                StateDir = r.GetValue(state)!,
            };
            using var progress = new ProgressLine(ctx, "lab");
            options = options with { Progress = progress.Step };
            var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
            await using (var running = await Palisade.Lab.RunningLab.UpAsync(cluster, options, [.. inputs.Append("--namespace=" + r.GetValue(ns))]).ConfigureAwait(false))
            {
                progress.Done($"up in {running.UpTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
                WritePods(ctx.Out, running);
                ctx.Out.WriteLine($"lab is up in {running.UpTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({options.DenyMode.ToString().ToLowerInvariant()} mode); "
                    + "try: palisade lab exec outside -- ssh -i " + running.SshKey + " -p 2222 root@192.168.2.101");
                ctx.Out.WriteLine("stop it with Ctrl-C or: palisade lab down");
                ctx.Out.Flush();
                await stop.Task.ConfigureAwait(false);
                progress.Step("taking the lab down");
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static void WritePods(TextWriter w, Palisade.Lab.RunningLab lab)
    {
        foreach (var p in lab.Topology.Pods)
        {
            var servers = lab.Servers.Where(s => s.Pod == p).Select(s => $"{s.Port}={s.Kind.ToString().ToLowerInvariant()}");
            w.WriteLine($"{p.Id,-40} {p.Netns,-8} {p.Address,-15} {string.Join(" ", servers)}");
        }

        w.WriteLine($"{"outside",-40} {LabTopology.OutsideNetns,-8} {string.Join(", ", lab.Topology.OutsideAddresses)}");
    }

    private static Command Status(CliContext ctx)
    {
        var state = StateDir();
        var cmd = new Command("status", "Show the running lab") { state };
        cmd.SetAction(r =>
        {
            var s = LabState.Read(r.GetValue(state)!);
            if (s is null)
            {
                ctx.Out.WriteLine("no lab is running");
                return ExitCodes.Ok;
            }

            ctx.Out.WriteLine($"lab owner pid {s.OwnerPid}, {s.DenyMode.ToString().ToLowerInvariant()} mode, {(s.Ready ? "ready" : "starting or broken")}");
            foreach (var p in s.Pods)
            {
                ctx.Out.WriteLine($"{p.Pod,-40} {p.Netns,-8} {p.Address}");
            }

            ctx.Out.WriteLine($"{"outside",-40} {LabTopology.OutsideNetns,-8} {string.Join(", ", LabTopology.DefaultOutsideAddresses)}");
            foreach (var p in s.Processes)
            {
                ctx.Out.WriteLine($"process {p.Pid}: {p.Name}");
            }

            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static Command Exec(CliContext ctx)
    {
        var target = new Argument<string>("pod") { Description = "NAMESPACE/POD or NAMESPACE/WORKLOAD, 'outside' or 'node'" };
        var command = new Argument<string[]>("command") { Description = "The command to run inside the namespace (after --)", Arity = ArgumentArity.OneOrMore };
        var state = StateDir();
        var cmd = new Command("exec", "Run a command inside a lab namespace") { target, command, state };
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var s = LabState.Read(r.GetValue(state)!) ?? throw new PalisadeException(DiagnosticCatalog.NoLab, "no lab is running", "start one with 'palisade lab up DIR'");
            var name = r.GetValue(target)!;
            var netns = name switch
            {
                LabTopology.OutsideName => LabTopology.OutsideNetns,
                LabTopology.NodeName => LabTopology.NodeNetns,
                _ => s.Pods.FirstOrDefault(p => p.Pod == name)?.Netns
                    ?? s.Pods.FirstOrDefault(p => p.Pod.StartsWith(name + "-", StringComparison.Ordinal) || p.Pod == name)?.Netns,
            };
            if (netns is null)
            {
                throw new UserInputException(DiagnosticCatalog.UnknownEndpointArgument, $"'{name}' is not a pod of the lab, 'outside' or 'node'", $"pods: {string.Join(", ", s.Pods.Select(p => p.Pod).Take(8))}");
            }

            // On a console the command inherits the terminal (an interactive ssh works); with injected writers (tests,
            // embedding) its output goes through them.
            var piped = !ctx.IsConsole;
            var psi = new ProcessStartInfo("ip")
            {
                UseShellExecute = false,
                RedirectStandardInput = piped,
                RedirectStandardOutput = piped,
                RedirectStandardError = piped,
            };
            foreach (var a in new[] { "netns", "exec", netns }.Concat(r.GetValue(command)!))
            {
                psi.ArgumentList.Add(a);
            }

            ctx.Out.Flush();
            using var p = Process.Start(psi)!;
            if (piped)
            {
                var output = p.StandardOutput.ReadToEndAsync(cancellationToken);
                var error = p.StandardError.ReadToEndAsync(cancellationToken);
                await p.StandardInput.WriteAsync(await ctx.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
                p.StandardInput.Close();
                await ctx.Out.WriteAsync(await output.ConfigureAwait(false)).ConfigureAwait(false);
                await ctx.Err.WriteAsync(await error.ConfigureAwait(false)).ConfigureAwait(false);
            }

            await p.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            return p.ExitCode;
        });
        return cmd;
    }

    private static Command Matrix(CliContext ctx)
    {
        var ports = new Option<string[]>("--port", "-p") { Description = "Port to probe for every pair, as N or N/PROTO; repeatable", Arity = ArgumentArity.ZeroOrMore };
        var state = StateDir();
        var timeout = new Option<double>("--timeout") { Description = "Seconds a probe waits at least (the lab waits longer when the round trips it measures are slow)", DefaultValueFactory = _ => Palisade.Lab.LabOptions.DefaultProbeTimeout.TotalSeconds };
        var cmd = new Command("matrix", "Probe every pair of workloads with real packets and compare with the engine") { ports, state, timeout };
        cmd.SetAction(async (r, cancellationToken) =>
        {
            var dir = r.GetValue(state)!;
            var s = LabState.Read(dir) ?? throw new PalisadeException(DiagnosticCatalog.NoLab, "no lab is running", "start one with 'palisade lab up DIR'");
            var nsArg = s.Inputs.FirstOrDefault(i => i.StartsWith("--namespace=", StringComparison.Ordinal));
            var request = new InputRequest
            {
                Paths = [.. s.Inputs.Where(i => !i.StartsWith("--namespace=", StringComparison.Ordinal))],
                Load = new(nsArg?["--namespace=".Length..] ?? "default"),
            };
            var cluster = (await CliInputs.LoadAsync(ctx, request, verbose: false, cancellationToken).ConfigureAwait(false)).Snapshot;
            await using var lab = Palisade.Lab.RunningLab.Attach(cluster, dir, TimeSpan.FromSeconds(r.GetValue(timeout)));
            var watch = Stopwatch.StartNew();
            using var progress = new ProgressLine(ctx, "lab");
            progress.Detail($"probing every pair of {lab.Topology.Pods.Count} pods...");
            var cells = await lab.MatrixAsync(InputFiles.ParsePorts(r.GetValue(ports) ?? [])).ConfigureAwait(false);
            progress.Clear();

            var engine = new Palisade.Engine.ConnectivityMatrix(new Palisade.Engine.PolicyEngine(lab.Snapshot), InputFiles.ParsePorts(r.GetValue(ports) ?? []));
            var expected = engine.Connections().ToDictionary(c => (c.From.Id, c.To.Id, c.Port), c => c.Allowed);
            var differ = 0;
            foreach (var c in cells)
            {
                var want = expected[(c.From.Id, c.To.Id, c.Port)];
                var same = c.Allowed is null ? "?" : c.Allowed == want ? "=" : "!";
                differ += c.Allowed is not null && c.Allowed != want ? 1 : 0;
                ctx.Out.WriteLine($"{same} {c.From.Id} -> {c.To.Id} {c.Port}: {c.Probe.Explanation}{(c.Allowed is null && c.Probe.Probe.Detail is { } why ? $" ({why})" : string.Empty)} ({(int)(c.Probe.Probe.Elapsed ?? TimeSpan.Zero).TotalMilliseconds} ms)");
            }

            ctx.Out.WriteLine($"{cells.Count} cells probed in {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s; "
                + $"{cells.Count(c => c.Allowed is null)} unproven, {differ} differ from the engine");
            return differ == 0 ? ExitCodes.Ok : ExitCodes.Findings;
        });
        return cmd;
    }

    private static Command Down(CliContext ctx)
    {
        var state = StateDir();
        var cmd = new Command("down", "Remove everything the lab created (works after a crash)") { state };
        cmd.SetAction(async (r, _) =>
        {
            LabEnvironment.Check();
            foreach (var line in await Palisade.Lab.RunningLab.DownAsync(r.GetValue(state)!).ConfigureAwait(false))
            {
                ctx.Out.WriteLine(line);
            }

            ctx.Out.WriteLine("lab is down");
            return ExitCodes.Ok;
        });
        return cmd;
    }
}
