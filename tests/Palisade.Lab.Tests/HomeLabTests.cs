using Palisade.Lab.Probes;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Lab.Tests;

[Collection(LabCollection.Name)]
public sealed class HomeLabTests
{
    private static readonly string StateDir = Path.Combine(Path.GetTempPath(), "palisade-lab-test-homelab");

    private static async Task WithHomeLab(DenyMode mode, Func<RunningLab, Task> body)
    {
        await RunningLab.DownAsync(StateDir);
        await using var lab = await RunningLab.UpAsync(Models.HomeLab(), new LabOptions { DenyMode = mode, StateDir = StateDir, ProbeTimeout = TimeSpan.FromSeconds(1) });
        await body(lab);
    }

    [LabFact(realServers: true)]
    public Task HomeLab_RejectMode_StoryHolds() => StoryHolds(DenyMode.Reject);

    [LabFact(realServers: true)]
    public Task HomeLab_DropMode_StoryHolds() => StoryHolds(DenyMode.Drop);

    private static Task StoryHolds(DenyMode mode) => WithHomeLab(mode, async lab =>
    {
        var belego = lab.FindPod("dev/dev-container-belego")!;
        var pilates = lab.FindPod("dev/dev-container-pilates")!;
        var lb = IpAddr.Parse("192.168.2.101");

        // SSH from the LAN through nginx lands in the right container.
        var viaBelego = await lab.SshAsync("outside", lb, 2222);
        var viaPilates = await lab.SshAsync("outside", lb, 2223);
        Assert.True(viaBelego.Verdict == ProbeVerdict.Reachable, viaBelego.Probe.ToString());
        Assert.Equal("dev/dev-container-belego", viaBelego.Probe.Answer);
        Assert.True(viaPilates.Verdict == ProbeVerdict.Reachable, viaPilates.Probe.ToString());
        Assert.Equal("dev/dev-container-pilates", viaPilates.Probe.Answer);

        // belego <-> pilates SSH is blocked, and the control probe proves sshd listens.
        var expected = mode == DenyMode.Reject ? ProbeOutcome.Refused : ProbeOutcome.TimedOut;
        foreach (var (from, to) in new[] { (belego, pilates), (pilates, belego) })
        {
            var p = await lab.ProbeAsync(from.Id, to.Address, new PortProtocol(22, Protocol.TCP));
            Assert.True(p.Verdict == ProbeVerdict.Blocked, p.Explanation);
            Assert.Equal(expected, p.Probe.Outcome);
            Assert.Equal(ProbeOutcome.Connected, p.Control!.Outcome);
            var viaService = await lab.ProbeAsync(from.Id, IpAddr.Parse(to == pilates ? "10.43.22.2" : "10.43.22.1"), new PortProtocol(22, Protocol.TCP));
            Assert.Equal(ProbeVerdict.Blocked, viaService.Verdict);
        }

        // Allowed egress of a dev container: DNS over UDP and TCP, PostgreSQL, Ollama, n8n.
        var dnsServer = IpAddr.Parse("10.43.0.10");
        foreach (var proto in new[] { Protocol.UDP, Protocol.TCP })
        {
            var (dns, addresses) = await lab.DnsAsync(belego.Id, dnsServer, "postgres-postgresql.data.svc.cluster.local", proto);
            Assert.True(dns.Verdict == ProbeVerdict.Reachable, dns.Probe.ToString());
            Assert.Equal([IpAddr.Parse("10.43.54.32")], addresses);
        }

        var pg = await lab.PostgresAsync(belego.Id, IpAddr.Parse("10.43.54.32"));
        Assert.True(pg.Verdict == ProbeVerdict.Reachable, pg.Probe.ToString());
        Assert.Equal("1", pg.Probe.Answer);
        var ollama = await lab.HttpAsync(pilates.Id, IpAddr.Parse("10.43.114.34"), 11434);
        Assert.True(ollama.Verdict == ProbeVerdict.Reachable, ollama.Probe.ToString());
        Assert.Equal("ml/ollama", ollama.Probe.Answer);
        var n8n = await lab.HttpAsync(pilates.Id, IpAddr.Parse("10.43.56.78"), 5678);
        Assert.True(n8n.Verdict == ProbeVerdict.Reachable, n8n.Probe.ToString());
        Assert.Equal("apps/n8n", n8n.Probe.Answer);

        // Denied egress: a dev container cannot reach Traefik, nor an Internet address.
        var traefik = await lab.HttpAsync(belego.Id, IpAddr.Parse("10.43.0.80"), 80);
        Assert.True(traefik.Verdict == ProbeVerdict.Blocked, traefik.Explanation);

        // Traefik (not nginx) cannot reach the dev containers' sshd.
        var fromTraefik = await lab.ProbeAsync("kube-system/traefik", belego.Address, new PortProtocol(22, Protocol.TCP));
        Assert.Equal(ProbeVerdict.Blocked, fromTraefik.Verdict);
    });
}
