using Palisade.Diagnostics;
using Palisade.Cluster.Probing;
using Palisade.Cluster.Snapshot;
using Palisade.Model;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Cluster.Tests.Probing;

/// <summary>
/// Probes through the fake's exec WebSocket. What a connection does is a scripted table here (the fake does not
/// simulate networking): which tools each pod has and what each (pod, host, port) attempt returns.
/// </summary>
public sealed class ClusterProberTests
{
    private static readonly Dictionary<string, string[]> Tools = new(StringComparer.Ordinal)
    {
        ["nginx-proxy"] = ["python3"],
        ["dev-container-belego"] = ["bash"],
        ["dev-container-pilates"] = [], // distroless: not even sh
        ["ollama"] = ["python3"],
        ["postgres-postgresql"] = ["nc"],
        ["n8n"] = ["python3"],
        ["traefik"] = ["python3"],
    };

    private static readonly Dictionary<(string Workload, string Host, string Port), string> Table = new()
    {
        [("nginx-proxy", "dev-container-belego-svc.dev.svc.cluster.local", "22")] = "connected",
        [("dev-container-belego", "ollama.ml.svc.cluster.local", "11434")] = "connected",
        [("ollama", "dev-container-belego-svc.dev.svc.cluster.local", "22")] = "refused",
        [("ollama", "10.42.0.20", "5433")] = "refused",
        [("nginx-proxy", "10.42.0.20", "5433")] = "refused",
        [("dev-container-pilates", "ollama.ml.svc.cluster.local", "11434")] = "connected",
        [("dev-container-belego", "nowhere.invalid", "80")] = "dns",
    };

    private static ExecReply Exec(ExecRequest r)
    {
        var workload = Tools.Keys.Where(k => r.Pod.StartsWith(k, StringComparison.Ordinal)).OrderByDescending(k => k.Length).First();
        var tools = r.Container?.StartsWith("palisade-probe-", StringComparison.Ordinal) == true ? ["busybox"] : Tools[workload];
        if (r.Command[0] != "sh" || (tools.Length == 0 && r.Container is null))
        {
            return new ExecReply(string.Empty, StartFailure: "failed to exec in container: exec: \"sh\": executable file not found in $PATH: unknown");
        }

        Assert.Equal("palisade-probe", r.Command[3]);
        var outcome = Table.TryGetValue((workload, r.Command[4], r.Command[5]), out var o) ? o : "timeout";
        return new ExecReply($"palisade-probe {tools[0]} {outcome}\n");
    }

    private static async Task<(FakeCluster Fake, IReadOnlyList<ProbeResult> Results)> RunAsync(params ProbeRequest[] requests)
    {
        var fake = await FakeCluster.StartAsync();
        fake.Server.Exec = Exec;
        using var connection = fake.Connect();
        var cluster = await ClusterSource.ReadAsync(connection, ReadOptions.All);
        var prober = new ClusterProber(connection, new ProbeOptions { Parallelism = 2, DebugStartTimeout = TimeSpan.FromSeconds(5) }, new EngineControlVantage(cluster.Value));
        return (fake, await prober.RunAsync(requests));
    }

    private static ProbeRequest Tcp(string ns, string name, string host, int port) => new(new ObjectRef(ns, name), host, port, Protocol.TCP);

    [Fact]
    public async Task Probe_AllowedConnection_IsReachableOverTheExecWebSocket()
    {
        var (fake, results) = await RunAsync(Tcp("dev", "nginx-proxy", "dev-container-belego-svc.dev.svc.cluster.local", 22));
        await using var _ = fake;

        var r = Assert.Single(results);
        Assert.Equal((ProbeOutcome.Connected, ProbeVerdict.Reachable, "python3"), (r.Outcome, r.Verdict, r.Tool));
        Assert.Equal("dev/nginx-proxy-6d4cf56db6-abcde", r.Pod);
        var exec = Assert.Single(fake.Server.Requests, q => q.Path.EndsWith("/exec", StringComparison.Ordinal));
        Assert.Equal("/api/v1/namespaces/dev/pods/nginx-proxy-6d4cf56db6-abcde/exec", exec.Path);
    }

    [Fact]
    public async Task Probe_RefusedWhileControlConnects_IsBlocked()
    {
        var (fake, results) = await RunAsync(Tcp("ml", "ollama", "dev-container-belego-svc.dev.svc.cluster.local", 22));
        await using var _ = fake;

        var r = Assert.Single(results);
        Assert.True(r.Verdict == ProbeVerdict.Blocked, r.Detail);
        Assert.Equal((ProbeOutcome.Refused, ProbeVerdict.Blocked), (r.Outcome, r.Verdict));
        Assert.Equal(new ObjectRef("dev", "nginx-proxy"), r.Control!.Request.Source);
        Assert.Equal(ProbeOutcome.Connected, r.Control.Outcome);
    }

    [Fact]
    public async Task Probe_RefusedAndControlRefusedToo_ProvesNothing()
    {
        var (fake, results) = await RunAsync(Tcp("ml", "ollama", "10.42.0.20", 5433));
        await using var _ = fake;

        var r = Assert.Single(results);
        Assert.Equal((ProbeOutcome.Refused, ProbeVerdict.ProvesNothing), (r.Outcome, r.Verdict));
        Assert.NotNull(r.Control);
        Assert.NotEqual(ProbeOutcome.Connected, r.Control.Outcome);
        Assert.Contains(fake.Server.Requests, q => q.Path.Contains("/pods/nginx-proxy-", StringComparison.Ordinal) && q.Path.EndsWith("/exec", StringComparison.Ordinal));
        Assert.Contains("proves nothing", r.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_ContainerWithoutShell_UsesAnEphemeralDebugContainer()
    {
        var (fake, results) = await RunAsync(Tcp("dev", "dev-container-pilates", "ollama.ml.svc.cluster.local", 11434));
        await using var _ = fake;

        var r = Assert.Single(results);
        Assert.Equal((ProbeOutcome.Connected, "busybox"), (r.Outcome, r.Tool));
        Assert.StartsWith("dev/dev-container-pilates-5c8d9f7b6-zxcvb/palisade-probe-", r.Pod, StringComparison.Ordinal);
        var patch = Assert.Single(fake.Server.Requests, q => q.Path.EndsWith("/ephemeralcontainers", StringComparison.Ordinal));
        Assert.Contains("busybox:1.36", patch.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_OutsideSourceUdpAndDns_AreReportedNotGuessed()
    {
        var outside = new ProbeRequest(null, "192.168.2.101", 2222, Protocol.TCP) { SourceText = "192.168.2.50" };
        var (fake, results) = await RunAsync(
            outside,
            new ProbeRequest(new ObjectRef("dev", "dev-container-belego"), "kube-dns.kube-system.svc.cluster.local", 53, Protocol.UDP),
            Tcp("dev", "dev-container-belego", "nowhere.invalid", 80));
        await using var _ = fake;

        Assert.Equal(
            [(ProbeOutcome.NotRun, ProbeVerdict.NotProbeable), (ProbeOutcome.NotRun, ProbeVerdict.NotProbeable), (ProbeOutcome.DnsFailure, ProbeVerdict.ProvesNothing)],
            results.Select(r => (r.Outcome, r.Verdict)));
        Assert.Contains("not probeable from inside", results[0].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_WorkloadWithoutRunningPods_IsAnEnvironmentError()
    {
        var e = await Assert.ThrowsAsync<PalisadeException>(async () =>
        {
            var (fake, _) = await RunAsync(Tcp("kube-system", "coredns", "ollama.ml.svc.cluster.local", 11434));
            await fake.DisposeAsync();
        });

        Assert.Equal(DiagnosticCatalog.NoRunningPod.Code, e.Code);
        Assert.Contains("kube-system/coredns", e.Message, StringComparison.Ordinal);
    }
}
