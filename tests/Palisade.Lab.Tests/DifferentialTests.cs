using Palisade.Engine;
using Palisade.Lab.Probes;
using Palisade.Model;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Lab.Tests;

/// <summary>The lab's real-probe matrix equals the engine's <see cref="ConnectivityMatrix"/> cell for cell.</summary>
[Collection(LabCollection.Name)]
public sealed class DifferentialTests
{
    private static readonly string StateDir = Path.Combine(Path.GetTempPath(), "palisade-lab-test-differential");

    public static TheoryData<string> PolicySetNames => [.. PolicySets.All.Keys];

    [LabFact]
    public async Task AllPolicySets_RejectMode_LabEqualsEngine()
    {
        foreach (var name in PolicySets.All.Keys)
        {
            await Compare(Models.E2E(PolicySets.All[name]), DenyMode.Reject, name);
        }
    }

    [LabFact]
    public async Task SeededRandomPolicies_RejectMode_LabEqualsEngine()
    {
        foreach (var seed in new[] { 1, 2, 3, 4, 5, 6 })
        {
            await Compare(Models.E2E(PolicySets.Random(seed)), DenyMode.Reject, $"random seed {seed}");
        }
    }

    [LabFact]
    public async Task SomePolicySets_DropMode_LabEqualsEngine()
    {
        foreach (var name in new[] { "e2e-deny-all-egress", "e2e-ipblock-except", "e2e-named-port" })
        {
            await Compare(Models.E2E(PolicySets.All[name]), DenyMode.Drop, name, TimeSpan.FromMilliseconds(400));
        }
    }

    [LabFact]
    public async Task TierSets_RejectMode_LabEqualsEngine()
    {
        foreach (var (name, cluster) in TierSets.All)
        {
            await Compare(cluster, DenyMode.Reject, name);
        }
    }

    [LabFact]
    public async Task SeededRandomTiers_RejectMode_LabEqualsEngine()
    {
        foreach (var seed in new[] { 1, 2, 3, 4, 5, 6, 7, 8 })
        {
            var cluster = TierSets.Random(seed);
            Assert.Empty(Palisade.Lab.Nft.TierLimits.Diagnose(cluster));
            await Compare(cluster, DenyMode.Reject, $"random tiers seed {seed}");
        }
    }

    [LabFact]
    public async Task TierSet_DropMode_LabEqualsEngine()
    {
        await Compare(TierSets.All["tiers-admin-pass-baseline"], DenyMode.Drop, "tiers-admin-pass-baseline", TimeSpan.FromMilliseconds(400));
    }

    private static async Task Compare(ClusterSnapshot cluster, DenyMode mode, string label, TimeSpan? timeout = null)
    {
        await RunningLab.DownAsync(StateDir);
        await using var lab = await RunningLab.UpAsync(cluster, new LabOptions
        {
            DenyMode = mode,
            StateDir = StateDir,
            RealServers = false,
            ProbeTimeout = timeout ?? TimeSpan.FromSeconds(1),
        });
        var cells = await lab.MatrixAsync(Models.E2EPorts);
        var engine = new ConnectivityMatrix(new PolicyEngine(lab.Snapshot), Models.E2EPorts);
        var connections = engine.Connections().ToList();
        Assert.DoesNotContain(connections, c => c.Undetermined); // the lab refuses what would make a cell undetermined
        var expected = connections.ToDictionary(c => (c.From.Id, c.To.Id, c.Port), c => c.Allowed);
        Assert.Equal(expected.Count, cells.Count);
        var sctpSupported = cells.Any(c => c.Port.Protocol == Protocol.SCTP && c.Probe.Probe.Outcome != ProbeOutcome.Unsupported);
        var mismatches = new List<string>();
        var compared = 0;
        foreach (var cell in cells)
        {
            if (cell.Port.Protocol == Protocol.SCTP && !sctpSupported)
            {
                Assert.Equal(ProbeOutcome.Unsupported, cell.Probe.Probe.Outcome);
                continue;
            }

            compared++;
            var want = expected[(cell.From.Id, cell.To.Id, cell.Port)];
            if (cell.Allowed != want)
            {
                mismatches.Add($"{cell.From.Id} -> {cell.To.Id} {cell.Port}: engine {(want ? "allows" : "denies")}, lab: {cell.Probe.Explanation}");
            }
            else if (want && cell.From != cell.To)
            {
                // The answer names the pod that answered: the probe reached the right one.
                Assert.Equal(cell.To.Representative.Ref.ToString(), cell.Probe.Probe.Answer);
            }
        }

        Assert.True(mismatches.Count == 0, $"{label} ({mode}): {mismatches.Count} of {compared} cells differ:\n{string.Join("\n", mismatches.Take(20))}");
        Assert.True(compared >= 9 * 9 * 4, $"{label}: only {compared} cells compared");
    }
}
