using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Lab.Tests;

/// <summary>
/// In reject mode every denied connection is refused at once, however many the lab sends together: the kernel's ICMP
/// rate limit (after a burst of six, one destination-unreachable a second to each pod) turned most of a burst's
/// refusals into silent drops, and those probes waited out a timeout and a re-probe as in drop mode.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RejectModeTests
{
    private const string HostRateMask = "/proc/sys/net/ipv4/icmp_ratemask";

    [LabFact]
    public async Task ProbeAll_SixtyFourDeniedProbesFromOnePodToOutsideAddresses_AreAllRefusedOnTheFirstAttempt()
    {
        // x denies all egress: x/a reaches no outside address. The outside namespace listens on both ports, so a
        // refusal is the policy's (the node's control probe connects).
        var ports = new[] { new PortProtocol(80, Protocol.TCP), new PortProtocol(81, Protocol.UDP) };
        await RunningLab.DownAsync(LabCollection.StateDir);
        var hostMask = File.ReadAllText(HostRateMask);
        await using var lab = await RunningLab.UpAsync(Models.E2E(PolicySets.All["e2e-deny-all-egress"]),
            new LabOptions { DenyMode = DenyMode.Reject, StateDir = LabCollection.StateDir, RealServers = false, OutsidePorts = ports });
        var requests = (
            from repeat in Enumerable.Range(0, 8)
            from address in lab.Topology.OutsideAddresses
            from port in ports
            select new LabProbeRequest("x/a", address, port)).ToList();
        Assert.Equal(64, requests.Count);

        var results = await lab.ProbeAllAsync(requests);

        // The structural fact: each probe's own outcome is "refused" on its first attempt; none timed out and none
        // was probed again. Without the node's exemption from the rate limit, all but about six of them (the kernel's
        // burst) time out: the 64 go out well within the second in which the limit allows one more.
        Assert.All(results, r =>
        {
            Assert.True(r.Probe.Outcome == ProbeOutcome.Refused, r.Probe.ToString());
            Assert.DoesNotContain("probed twice", r.Probe.Detail ?? string.Empty, StringComparison.Ordinal);
            Assert.Equal(ProbeVerdict.Blocked, r.Verdict);
            Assert.Equal(ProbeOutcome.Connected, r.Control!.Outcome);
        });

        // The exemption lives in the lab's node namespace only: the host's own setting is untouched.
        Assert.Equal(hostMask, File.ReadAllText(HostRateMask));
    }
}
