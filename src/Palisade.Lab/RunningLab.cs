using System.Diagnostics;
using Palisade.Diagnostics;
using Palisade.Engine;
using Palisade.Lab.Netns;
using Palisade.Lab.Nft;
using Palisade.Lab.Probes;
using Palisade.Lab.Processes;
using Palisade.Lab.Servers;
using Palisade.Model;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Lab;

/// <summary>A probe to run: from a lab source ("ns/pod", "ns/workload", "outside", "outside@ADDRESS", "node") to an address and port.</summary>
public sealed record LabProbeRequest(string From, IpAddr Address, PortProtocol Port);

/// <summary>One cell of a lab matrix: the same shape as <see cref="MatrixConnection"/>, decided by real packets.</summary>
public sealed record LabConnection(WorkloadEndpoint From, WorkloadEndpoint To, PortProtocol Port, CheckedObservation Probe)
{
    /// <summary>True when connected, false when blocked, null when the probe proves nothing.</summary>
    public bool? Allowed => Probe.Verdict switch
    {
        ProbeVerdict.Reachable => true,
        ProbeVerdict.Blocked => false,
        _ => null,
    };
}

/// <summary>
/// A running lab: the cluster reproduced with network namespaces, its policies enforced by nftables, servers on
/// every declared port, probed with real packets. Create with <see cref="UpAsync"/>; dispose asynchronously (<c>await using</c>, or
/// <see cref="DownAsync"/> from any process) to remove everything it created.
/// </summary>
public sealed class RunningLab : IAsyncDisposable
{
    private readonly NetnsSockets sockets;
    private readonly List<Daemon> daemons = [];
    private readonly List<Responder> responders = [];
    private readonly LabOptions options;
    private readonly Prober prober;
    private readonly SemaphoreSlim socketGate;
    private readonly SemaphoreSlim commandGate;
    private LabState state;
    private bool disposed;
    private int inFlight;
    private int peakInFlight;

    private RunningLab(LabTopology topology, LabOptions options, LabState state, string ruleset, bool owner)
    {
        Topology = topology;
        this.options = options;
        this.state = state;
        Ruleset = ruleset;
        IsOwner = owner;
        sockets = new NetnsSockets();
        Timing = new ProbeTiming(options.ProbeTimeout);
        prober = new Prober(sockets, Timing);
        socketGate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        commandGate = new SemaphoreSlim(Math.Max(1, options.CommandParallelism));
    }

    /// <summary>How long probes wait: derived from the round trips this lab measures, never below <see cref="LabOptions.ProbeTimeout"/>.</summary>
    public ProbeTiming Timing { get; }

    /// <summary>The most probes (socket probes and client programs, controls included) that were in flight at once so far.</summary>
    public int PeakProbesInFlight => Volatile.Read(ref peakInFlight);

    /// <summary>The lab's plan (pods, addresses, Services).</summary>
    public LabTopology Topology { get; }

    /// <summary>The snapshot as the lab runs it (pod and Service addresses filled in): compare probes with this.</summary>
    public ClusterSnapshot Snapshot => Topology.Snapshot;

    /// <summary>The nftables ruleset loaded in the node namespace.</summary>
    public string Ruleset { get; }

    /// <summary>The deny mode.</summary>
    public DenyMode DenyMode => options.DenyMode;

    /// <summary>What serves each port.</summary>
    public IReadOnlyList<PlannedServer> Servers { get; private set; } = [];

    /// <summary>Ports that could not be served (SCTP without kernel support), with the reason.</summary>
    public IReadOnlyList<string> Unserved { get; private set; } = [];

    /// <summary>How long <see cref="UpAsync"/> took.</summary>
    public TimeSpan UpTime { get; private set; }

    /// <summary>True when this process started the lab (and disposing it takes the lab down).</summary>
    public bool IsOwner { get; }

    /// <summary>The SSH private key that logs in to every lab sshd as root.</summary>
    public string SshKey => Path.Combine(options.StateDir, "client_key");

    /// <summary>The state directory.</summary>
    public string StateDir => options.StateDir;

    /// <summary>Builds and starts a lab for a cluster. Refuses when a lab is already running.</summary>
    public static async Task<RunningLab> UpAsync(ClusterSnapshot cluster, LabOptions options, IReadOnlyList<string>? inputs = null)
    {
        var watch = Stopwatch.StartNew();
        LabEnvironment.Check(options.RealServers);
        await RefuseSecondLabAsync(options.StateDir);

        var topology = LabTopology.Build(cluster, options.OutsideAddresses);
        var ruleset = RulesetCompiler.Compile(topology, options.DenyMode);
        var self = Environment.ProcessId;
        var state = new LabState
        {
            OwnerPid = self,
            OwnerStartTime = ProcStat.StartTime(self) ?? 0,
            DenyMode = options.DenyMode,
            Inputs = inputs ?? [],
            Namespaces = topology.Namespaces,
            Pods = [.. topology.Pods.Select(p => new LabPodRecord(p.Id, p.Netns, p.Address.ToString()))],
        };
        ClaimStateDir(options.StateDir, state);
        var lab = new RunningLab(topology, options, state, ruleset, owner: true);
        try
        {
            await lab.StartAsync();
        }
        catch
        {
            await lab.DisposeAsync();
            throw;
        }

        lab.UpTime = watch.Elapsed;
        return lab;
    }

    /// <summary>
    /// Attaches to a lab another process runs (for probes from <c>lab matrix</c> or <c>lab exec</c>), given the
    /// cluster it was built from. Disposing it does not take the lab down.
    /// </summary>
    public static RunningLab Attach(ClusterSnapshot cluster, string stateDir, TimeSpan? probeTimeout = null)
    {
        var state = LabState.Read(stateDir) ?? throw new PalisadeException(DiagnosticCatalog.NoLab, "no lab is running", "start one with 'palisade lab up DIR'");
        var options = new LabOptions { StateDir = stateDir, DenyMode = state.DenyMode, ProbeTimeout = probeTimeout ?? LabOptions.DefaultProbeTimeout };
        var topology = LabTopology.Build(cluster, options.OutsideAddresses);
        return new RunningLab(topology, options, state, RulesetCompiler.Compile(topology, state.DenyMode), owner: false);
    }

    private static async Task RefuseSecondLabAsync(string stateDir)
    {
        if (LabState.Read(stateDir) is { } existing)
        {
            var alive = ProcStat.IsSame(existing.OwnerPid, existing.OwnerStartTime);
            throw alive
                ? new PalisadeException(DiagnosticCatalog.LabRunning, $"a lab is already running (owner pid {existing.OwnerPid}, state {LabState.PathIn(stateDir)})", "take it down first: palisade lab down")
                : new PalisadeException(DiagnosticCatalog.LabLeftBehind, $"a previous lab (pid {existing.OwnerPid}) was not taken down", "clean it up with: palisade lab down");
        }

        var present = await NamespaceBuilder.ListAsync();
        if (present.Count > 0)
        {
            throw new PalisadeException(DiagnosticCatalog.LabRunning, $"lab namespaces already exist ({string.Join(", ", present.Take(4))}): another lab is running or was left behind",
                "take it down first: palisade lab down (with --state-dir if it used another one)");
        }
    }

    private static void ClaimStateDir(string stateDir, LabState state)
    {
        Directory.CreateDirectory(stateDir);
        var tmp = LabState.PathIn(stateDir) + $".{Environment.ProcessId}.claim";
        File.WriteAllText(tmp, string.Empty);
        state.Write(stateDir, tmp);
        try
        {
            // A rename that refuses to overwrite: of two concurrent "up"s exactly one wins, and readers never see
            // a half-written file.
            File.Move(tmp, LabState.PathIn(stateDir), overwrite: false);
        }
        catch (IOException)
        {
            File.Delete(tmp);
            throw new PalisadeException(DiagnosticCatalog.LabRunning, "another lab is starting in the same state directory", "take it down first: palisade lab down");
        }
    }

    private void Progress(string message) => options.Progress?.Invoke(message);

    private async Task StartAsync()
    {
        Progress($"creating {Topology.Namespaces.Count} namespaces");
        await NamespaceBuilder.CreateAsync(Topology);
        Progress($"loading the ruleset ({options.DenyMode.ToString().ToLowerInvariant()} mode)");
        await NamespaceBuilder.LoadRulesetAsync(Ruleset);

        var routes = options.SshRoutes ?? ServerPlan.DefaultSshRoutes(Topology.Snapshot);
        Servers = ServerPlan.Plan(Topology, options.RealServers, routes, options.ExtraPorts, options.PodPorts);
        var nameServer = ServerPlan.NameServer(Topology);
        if (nameServer is { } ns)
        {
            foreach (var pod in Topology.Pods)
            {
                var dir = Path.Combine("/etc/netns", pod.Netns);
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, "resolv.conf"),
                    $"search {pod.Pod.Namespace}.svc.cluster.local svc.cluster.local cluster.local\nnameserver {ns}\noptions ndots:5 timeout:1 attempts:1\n");
            }
        }

        // Responders (in-process) first, then DNS (nginx may need it), then the other real servers.
        var unserved = new List<string>();
        foreach (var group in Servers.Where(s => s.Kind == ServerKind.Responder).GroupBy(s => s.Pod))
        {
            var r = await Responder.StartAsync(sockets, group.Key.Netns, group.Key.Address, group.Key.Id, group.Select(s => s.Port));
            responders.Add(r);
            unserved.AddRange(r.Unserved.Select(u => $"{group.Key.Id} {u.Port}: {u.Reason}"));
        }

        if (options.OutsidePorts.Count > 0)
        {
            foreach (var address in Topology.OutsideAddresses)
            {
                var r = await Responder.StartAsync(sockets, LabTopology.OutsideNetns, address, $"outside@{address}", options.OutsidePorts);
                responders.Add(r);
                unserved.AddRange(r.Unserved.Select(u => $"outside@{address} {u.Port}: {u.Reason}"));
            }
        }

        Unserved = unserved;
        var serverDir = Path.Combine(options.StateDir, "servers");
        Directory.CreateDirectory(serverDir);
        if (Servers.Any(s => s.Kind == ServerKind.Sshd))
        {
            await CommandRunner.RunCheckedAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", "palisade-lab", "-f", SshKey]);
            File.Copy(SshKey + ".pub", Path.Combine(options.StateDir, "authorized_keys"), overwrite: true);
        }

        var order = new[] { ServerKind.Dnsmasq, ServerKind.Sshd, ServerKind.Postgres, ServerKind.Nginx };
        foreach (var kind in order)
        {
            foreach (var pod in Servers.Where(s => s.Kind == kind).Select(s => s.Pod).Distinct())
            {
                var dir = Path.Combine(serverDir, $"{pod.Netns}-{kind.ToString().ToLowerInvariant()}");
                Directory.CreateDirectory(dir);
                Progress($"starting {kind.ToString().ToLowerInvariant()} in {pod.Id}");
                var daemon = kind switch
                {
                    ServerKind.Dnsmasq => RealServers.StartDnsmasq(pod, dir, ServerPlan.DnsRecords(Topology)),
                    ServerKind.Sshd => await RealServers.StartSshdAsync(pod, dir, Path.Combine(options.StateDir, "authorized_keys")),
                    ServerKind.Postgres => await RealServers.StartPostgresAsync(pod, dir),
                    _ => RealServers.StartNginx(pod, dir, ResolveRoutes(routes, pod)),
                };
                daemons.Add(daemon);
                state = state with { Processes = [.. daemons.Select(d => d.Record)] };
                state.Write(options.StateDir);
            }
        }

        await WaitReadyAsync();
        await CalibrateAsync();
        state = state with { Ready = true };
        state.Write(options.StateDir);
        Progress("lab is up");
    }

    private IEnumerable<ResolvedSshRoute> ResolveRoutes(IReadOnlyList<SshRoute> routes, LabPod pod)
    {
        foreach (var r in routes.Where(r => pod.Pod.Ports.Items.Any(p => p.Number == r.ListenPort && p.Protocol == Protocol.TCP)))
        {
            var address = Topology.Snapshot.FindService(r.Service)?.ClusterIps.Items.FirstOrDefault(ip => !ip.IsV6)
                ?? throw new PalisadeException(DiagnosticCatalog.LabRouteService, $"SSH route {r.ListenPort} names Service {r.Service}, which is not in the input", "fix the route or add the Service");
            yield return new ResolvedSshRoute(r, address);
        }
    }

    private async Task WaitReadyAsync()
    {
        var node = NodeSource();
        var deadline = Stopwatch.StartNew();
        var pending = Servers.Where(s => s.Kind != ServerKind.Responder && s.Port.Protocol == Protocol.TCP).ToList();
        while (pending.Count > 0)
        {
            // Not recorded: the first probes of a process pay for compiling the probe code, and servers are starting.
            var results = await Task.WhenAll(pending.Select(s => prober.ProbeAsync(node, s.Pod.Address, s.Port, record: false)));
            pending = [.. pending.Where((s, i) => results[i].Outcome != ProbeOutcome.Connected)];
            if (pending.Count == 0)
            {
                break;
            }

            var dead = daemons.FirstOrDefault(d => !d.IsRunning);
            if (dead is not null || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                var who = dead ?? daemons.FirstOrDefault(d => d.Name.EndsWith(pending[0].Pod.Id, StringComparison.Ordinal));
                throw new PalisadeException(DiagnosticCatalog.LabServerNotListening,
                    $"{(dead is null ? "a server did not start listening" : $"{dead.Name} exited")}: {string.Join(", ", pending.Select(p => $"{p.Pod.Id} {p.Port}"))}\n{who?.Tail()}",
                    $"see the server logs under {Path.Combine(options.StateDir, "servers")}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Seeds <see cref="Timing"/> with what this machine does now: after one warm-up probe (not recorded: the first
    /// probe of a process pays for compiling the probe code), connects from the node to a few listening ports one after
    /// another (round trips) and starts a process in the node's namespace twice (process starts). Probes keep feeding it.
    /// </summary>
    private async Task CalibrateAsync()
    {
        var node = NodeSource();
        // Servers that answer a PING at once (the responder, sshd's banner), so that calibrating costs no answer window.
        var targets = Servers.Where(s => s.Port.Protocol == Protocol.TCP && s.Kind is ServerKind.Responder or ServerKind.Sshd)
            .DistinctBy(s => s.Pod.Address).Take(8).ToList();
        if (targets.Count > 0)
        {
            await prober.ProbeAsync(node, targets[0].Pod.Address, targets[0].Port, record: false);
        }

        foreach (var s in targets)
        {
            await prober.ProbeAsync(node, s.Pod.Address, s.Port);
        }

        for (var i = 0; i < 2; i++)
        {
            await prober.MeasureProcessStartAsync(LabTopology.NodeNetns);
        }
    }

    /// <summary>Resolves a probe source name: "ns/pod" or "ns/workload", "outside", "outside@ADDRESS", an outside address, or "node".</summary>
    public ProbeSource Source(string name)
    {
        if (name == LabTopology.NodeName)
        {
            return NodeSource();
        }

        if (name == LabTopology.OutsideName)
        {
            return new ProbeSource(name, LabTopology.OutsideNetns, LabTopology.LanClient);
        }

        var at = name.StartsWith(LabTopology.OutsideName + "@", StringComparison.Ordinal) ? name[(LabTopology.OutsideName.Length + 1)..] : name;
        if (IpAddr.TryParse(at, out var address) && Topology.OutsideAddresses.Contains(address))
        {
            return new ProbeSource($"outside@{address}", LabTopology.OutsideNetns, address);
        }

        var pod = FindPod(name) ?? throw new PalisadeException(DiagnosticCatalog.LabProbeSource, $"'{name}' is not a pod of the lab, 'outside', 'outside@ADDRESS' or 'node'",
            $"pods: {string.Join(", ", Topology.Pods.Select(p => p.Id).Take(8))}; outside addresses: {string.Join(", ", Topology.OutsideAddresses)}");
        return new ProbeSource(pod.Id, pod.Netns, null);
    }

    /// <summary>The lab pod for "ns/pod" or "ns/workload" (its first pod), or null.</summary>
    public LabPod? FindPod(string name)
    {
        if (!ObjectRef.TryParse(name, out var reference))
        {
            return null;
        }

        return Topology.PodsByRef.GetValueOrDefault(reference)
            ?? Topology.Pods.FirstOrDefault(p => p.Pod.Owner is { } o && o.Ref == reference);
    }

    private static ProbeSource NodeSource() => new(LabTopology.NodeName, LabTopology.NodeNetns, null);

    /// <summary>Probes one connection and checks it against a control probe from the node.</summary>
    public async Task<CheckedObservation> ProbeAsync(string from, IpAddr address, PortProtocol port) =>
        (await ProbeAllAsync([new LabProbeRequest(from, address, port)]))[0];

    /// <summary>
    /// Probes many connections in parallel; each probe that needs a control (<see cref="ControlProbe.IsNeeded"/>) gets
    /// one control probe per destination from the node, which policy always allows. Every probe of the lab, from any
    /// caller, shares one bound (<see cref="LabOptions.Parallelism"/>), and a timed-out probe is probed once more with
    /// a longer timeout before it counts (docs/lab.md, "Timeouts").
    /// </summary>
    public async Task<IReadOnlyList<CheckedObservation>> ProbeAllAsync(IEnumerable<LabProbeRequest> requests)
    {
        var list = requests.ToList();
        var sources = list.Select(r => Source(r.From)).ToList();
        var probes = await Task.WhenAll(list.Select((r, i) => SocketProbeAsync(sources[i], r.Address, r.Port)));
        var needControl = list.Where((r, i) => ControlProbe.IsNeeded(probes[i].Outcome)).Select(r => (r.Address, r.Port)).Distinct().ToList();
        var node = NodeSource();
        var controls = await Task.WhenAll(needControl.Select(c => SocketProbeAsync(node, c.Address, c.Port)));
        var byTarget = needControl.Zip(controls).ToDictionary(z => z.First, z => z.Second);
        return [.. probes.Select((p, i) => CheckedObservation.Decide(p, byTarget.GetValueOrDefault((list[i].Address, list[i].Port))))];
    }

    private Task<Observation> SocketProbeAsync(ProbeSource from, IpAddr address, PortProtocol port, byte[]? payload = null) =>
        GatedAsync(socketGate, attempt => prober.ProbeAsync(from, address, port, payload, attempt), o => o, (_, o) => o);

    /// <summary>
    /// Runs one probe within a gate and counts it in flight; when it times out, runs it once more (attempt 2, with
    /// <see cref="ProbeTiming.RetryFactor"/> times the time) and reports that attempt, with the time of both: a
    /// time-out is the one outcome load alone can cause, and a blocked verdict must not rest on it.
    /// </summary>
    private async Task<T> GatedAsync<T>(SemaphoreSlim gate, Func<int, Task<T>> probe, Func<T, Observation> observation, Func<T, Observation, T> with)
    {
        await gate.WaitAsync();
        var now = Interlocked.Increment(ref inFlight);
        for (var peak = Volatile.Read(ref peakInFlight); now > peak; peak = Volatile.Read(ref peakInFlight))
        {
            if (Interlocked.CompareExchange(ref peakInFlight, now, peak) == peak)
            {
                break;
            }
        }

        try
        {
            var first = await probe(1);
            var o1 = observation(first);
            if (o1.Outcome != ProbeOutcome.TimedOut)
            {
                return first;
            }

            var second = await probe(2);
            var o2 = observation(second);
            var note = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"probed twice, the first attempt timed out in {(int)(o1.Elapsed ?? TimeSpan.Zero).TotalMilliseconds} ms");
            return with(second, o2 with
            {
                Elapsed = o1.Elapsed + o2.Elapsed,
                Detail = o2.Detail is null ? note : $"{o2.Detail} ({note})",
            });
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
            gate.Release();
        }
    }

    /// <summary>
    /// The full workload matrix by real probes: the cells of <see cref="ConnectivityMatrix"/> over <see cref="ClusterSnapshot"/>
    /// (requested ports plus each destination's declared ports), each decided by a probe from the source endpoint's
    /// pod to the destination pod's address. An endpoint to itself uses a second pod when it has one; a workload
    /// with a single pod cannot be probed against itself (the cell is unproven).
    /// </summary>
    public async Task<IReadOnlyList<LabConnection>> MatrixAsync(IEnumerable<PortProtocol> ports)
    {
        var matrix = new ConnectivityMatrix(new PolicyEngine(Snapshot), ports);
        var cells = matrix.Connections().ToList();
        var requests = new List<LabProbeRequest?>();
        foreach (var c in cells)
        {
            var src = c.From.Representative;
            Pod? dst = c.From == c.To
                ? c.From.Pods.Count > 1 ? c.From.Pods[1] : c.From.Kind == "Pod" ? src : null
                : c.To.Representative;
            requests.Add(dst is null || !Topology.PodsByRef.TryGetValue(dst.Ref, out var d) || !Topology.PodsByRef.ContainsKey(src.Ref)
                ? null
                : new LabProbeRequest(src.Ref.ToString(), d.Address, c.Port));
        }

        var probed = await ProbeAllAsync(requests.Where(r => r is not null)!);
        var result = new List<LabConnection>();
        var k = 0;
        for (var i = 0; i < cells.Count; i++)
        {
            var c = cells[i];
            var probe = requests[i] is null
                ? CheckedObservation.Decide(new Observation(c.From.Id, c.To.Id, c.Port, ProbeOutcome.NotRun) { Detail = "no second pod to probe an endpoint against itself" }, null)
                : probed[k++];
            result.Add(new LabConnection(c.From, c.To, c.Port, probe));
        }

        return result;
    }

    /// <summary>Asks a DNS server in the lab for a name over UDP or TCP; connected when it answers with an address.</summary>
    public async Task<(CheckedObservation Probe, IReadOnlyList<IpAddr> Addresses)> DnsAsync(string from, IpAddr server, string name, Protocol protocol)
    {
        var source = Source(from);
        var (result, addresses) = await GatedAsync(socketGate, attempt => prober.DnsAsync(source, server, name, protocol, attempt), r => r.Result, (r, o) => (o, r.Addresses));
        var node = NodeSource();
        var probe = await WithControlAsync(result, async () =>
            (await GatedAsync(socketGate, attempt => prober.DnsAsync(node, server, name, protocol, attempt), r => r.Result, (r, o) => (o, r.Addresses))).Result);
        return (probe, addresses);
    }

    /// <summary>An SSH login (BatchMode, the lab's key) that reports which container answered (its PALISADE_POD).</summary>
    public async Task<CheckedObservation> SshAsync(string from, IpAddr address, int port)
    {
        var source = Source(from);
        // -F /dev/null: the host's ssh_config must not shape a probe. Debian's turns on GSSAPIAuthentication, whose
        // host-name lookups wait out the resolver timeout (~5 s) inside a lab namespace that has no DNS route.
        IReadOnlyList<string> Command(int connectSeconds) =>
        [
            "ssh", "-F", "/dev/null", "-o", "GSSAPIAuthentication=no", "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
            "-o", $"ConnectTimeout={connectSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)}",
            .. source.SourceAddress is { } b ? new[] { "-b", b.ToString() } : [],
            "-i", SshKey, "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), $"root@{address}", "printenv PALISADE_POD",
        ];
        var tcp = new PortProtocol(port, Protocol.TCP);
        var result = await GatedAsync(commandGate, attempt => prober.CommandAsync(source, address, tcp, Command, attempt), o => o, (_, o) => o);
        return await WithControlAsync(result, () => SocketProbeAsync(NodeSource(), address, tcp));
    }

    /// <summary>PostgreSQL <c>select 1</c> with psql from a source; the answer is psql's output ("1").</summary>
    public async Task<CheckedObservation> PostgresAsync(string from, IpAddr address, int port = 5432)
    {
        var tcp = new PortProtocol(port, Protocol.TCP);
        var source = Source(from);
        string[] command = ["psql", "-h", address.ToString(), "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", "postgres", "-d", "postgres", "-Atc", "select 1"];
        var result = await GatedAsync(commandGate, attempt => prober.CommandAsync(source, address, tcp, _ => command, attempt,
            connectSeconds => new Dictionary<string, string> { ["PGCONNECT_TIMEOUT"] = connectSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) }), o => o, (_, o) => o);
        return await WithControlAsync(result, () => SocketProbeAsync(NodeSource(), address, tcp));
    }

    /// <summary>An HTTP GET; the answer is the responding pod's name (the responder's X-Palisade-Pod header) or the status line.</summary>
    public async Task<CheckedObservation> HttpAsync(string from, IpAddr address, int port)
    {
        var tcp = new PortProtocol(port, Protocol.TCP);
        var result = await SocketProbeAsync(Source(from), address, tcp, System.Text.Encoding.ASCII.GetBytes($"GET / HTTP/1.0\r\nHost: {address}\r\n\r\n"));
        return await WithControlAsync(result, () => SocketProbeAsync(NodeSource(), address, tcp));
    }

    /// <summary>Applies the control-probe rule: runs the control from the node only when the probe needs one.</summary>
    private static async Task<CheckedObservation> WithControlAsync(Observation probe, Func<Task<Observation>> control) =>
        CheckedObservation.Decide(probe, ControlProbe.IsNeeded(probe.Outcome) ? await control() : null);

    /// <summary>
    /// Takes down the lab recorded in a state directory: asks a live owner to stop, stops every recorded process by
    /// pid (checking its start time), deletes the lab's namespaces and /etc/netns entries, and removes the state
    /// directory. Works after the owner was killed; safe to run twice. Returns what it removed, for messages.
    /// </summary>
    public static async Task<IReadOnlyList<string>> DownAsync(string stateDir)
    {
        var done = new List<string>();
        LabState? state;
        try
        {
            state = LabState.Read(stateDir);
        }
        catch (PalisadeException)
        {
            // A damaged state file must not keep the lab's namespaces alive: clean up by the prefix we own.
            state = null;
        }

        if (state is not null && state.OwnerPid != Environment.ProcessId && ProcStat.IsSame(state.OwnerPid, state.OwnerStartTime))
        {
            // The owner reaps its own children; give it the chance to clean up itself.
            _ = Native.Kill(state.OwnerPid, Native.SIGTERM);
            var wait = Stopwatch.StartNew();
            while (ProcStat.IsSame(state.OwnerPid, state.OwnerStartTime) && wait.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50);
            }

            done.Add($"stopped the lab owner (pid {state.OwnerPid})");
        }

        foreach (var p in state?.Processes ?? [])
        {
            if (!ProcStat.IsSame(p.Pid, p.StartTime))
            {
                continue;
            }

            _ = Native.Kill(p.Pid, p.StopSignal);
            var wait = Stopwatch.StartNew();
            while (ProcStat.IsSame(p.Pid, p.StartTime) && wait.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(20);
            }

            if (ProcStat.IsSame(p.Pid, p.StartTime))
            {
                _ = Native.Kill(p.Pid, Native.SIGKILL);
            }

            done.Add($"stopped {p.Name} (pid {p.Pid})");
        }

        var namespaces = (await NamespaceBuilder.ListAsync()).ToList();
        await NamespaceBuilder.DeleteAsync(state?.Namespaces ?? []);
        if (namespaces.Count > 0)
        {
            done.Add($"deleted {namespaces.Count} namespaces");
        }

        // A helper the killed owner had running (a "cp" of the PostgreSQL template) may still write for a moment.
        for (var attempt = 0; Directory.Exists(stateDir); attempt++)
        {
            try
            {
                Directory.Delete(stateDir, recursive: true);
                done.Add($"removed {stateDir}");
            }
            catch (IOException) when (attempt < 50)
            {
                await Task.Delay(100);
            }
        }

        return done;
    }

    /// <summary>
    /// Stops what this process started and, as owner, removes the lab (servers stopped by pid, then
    /// <see cref="DownAsync"/>). Safe to call twice; the second call does nothing.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        foreach (var r in responders)
        {
            r.Dispose();
        }

        if (IsOwner)
        {
            await Task.WhenAll(daemons.Select(d => d.StopAsync(TimeSpan.FromSeconds(5))));
            foreach (var d in daemons)
            {
                d.Dispose();
            }

            await DownAsync(options.StateDir);
        }

        sockets.Dispose();
        socketGate.Dispose();
        commandGate.Dispose();
    }
}
