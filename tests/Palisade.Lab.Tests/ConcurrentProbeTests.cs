using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Palisade.Manifests.Documents;
using Palisade.Proving;

namespace Palisade.Lab.Tests;

/// <summary>
/// <c>check --lab</c> probes independent expectations together: in drop mode every blocked expectation waits out a
/// timeout (and its re-probe), so probing them one after another is what made drop mode slow.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class ConcurrentProbeTests
{
    private static readonly string StateDir = Path.Combine(Path.GetTempPath(), "palisade-lab-test-concurrent");

    [LabFact]
    public async Task ProveOn_EighteenBlockedExpectationsInDropMode_AreProbedTogether()
    {
        // x denies all ingress; y and z pods to x pods on 80/TCP: 18 expectations, each a dropped connection.
        var sources = new[] { "y/a", "y/b", "y/c", "z/a", "z/b", "z/c" };
        var targets = new[] { "x/a", "x/b", "x/c" };
        var text = new StringBuilder("apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: C1\n    title: x takes nothing in\n    expect:\n");
        foreach (var from in sources)
        {
            foreach (var to in targets)
            {
                text.Append(CultureInfo.InvariantCulture, $"      - name: {from} cannot reach {to}\n        from: {from}\n        to: {to}\n        port: 80/TCP\n        allowed: false\n");
            }
        }

        await RunningLab.DownAsync(StateDir);
        await using var lab = await RunningLab.UpAsync(Models.E2E(PolicySets.All["e2e-deny-all-ingress"]),
            new LabOptions { DenyMode = DenyMode.Drop, StateDir = StateDir, RealServers = false });
        var set = ExpectationsReader.Read("e.yaml", "e.yaml", text.ToString());
        Assert.Empty(set.Diagnostics);
        var resolved = ResolvedExpectations.Resolve(lab.Snapshot, set.Value!, null, "default");
        Assert.Empty(resolved.Diagnostics);
        var n = resolved.Value!.Items.Count;
        Assert.Equal(18, n);

        var watch = Stopwatch.StartNew();
        var results = await LabProver.ProveOnAsync(lab, resolved.Value!);
        var wall = watch.Elapsed;

        // Every verdict stands: each probe timed out, was probed once more before it counted, and the node's control connected.
        Assert.Equal(n, results.Count);
        Assert.All(results, r => Assert.True(r.Passed, string.Join("\n", r.Evidence)));
        var probes = results.Select(r => r.Evidence.Single(line => line.StartsWith("probe (lab, drop mode)", StringComparison.Ordinal))).ToList();
        Assert.All(probes, p => Assert.Contains("probed twice, the first attempt timed out", p, StringComparison.Ordinal));
        Assert.All(results, r => Assert.Contains(r.Evidence, line => line.StartsWith("control: node ->", StringComparison.Ordinal) && line.Contains("connected", StringComparison.Ordinal)));

        // Structural: all 18 were in flight at one moment (one after another, at most one probe would be).
        Assert.True(lab.PeakProbesInFlight >= n, $"at most {lab.PeakProbesInFlight} probes were in flight at once, expected {n}");

        // And the clock agrees, by a wide margin: one after another the wall time would be at least the sum of the
        // probes' own times; together it is about the longest one.
        var sum = TimeSpan.FromMilliseconds(probes.Sum(p => int.Parse(TimedOutIn().Match(p).Groups[1].Value, CultureInfo.InvariantCulture)));
        Assert.True(sum >= n * lab.Timing.Floor, $"the probes' own times add up to {sum}: each should have waited out at least the floor");
        Assert.True(wall < sum / 2, $"probing took {wall}, the probes' own times add up to {sum}");
    }

    [GeneratedRegex(@"timed out in (\d+) ms")]
    private static partial Regex TimedOutIn();
}
