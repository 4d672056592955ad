using Palisade.Engine;
using Palisade.Expectations;
using Palisade.Manifests;
using Palisade.Manifests.Documents;
using Palisade.Model;
using Palisade.Net;
using Palisade.Proving;
using Palisade.Rendering;
using Palisade.TestSupport;

namespace Palisade.Tests.Proving;

/// <summary>
/// Quantified expectations in probing provers: the representatives come from the static check's own cells (one
/// per class), and the judge turns what the probes saw into a verdict that is never a pass on a contradiction, a
/// probe that proves nothing, or a sample above the limit.
/// </summary>
public sealed class RepresentativeProbesTests
{
    private static ResolvedExpectations Resolve(string expectations)
    {
        var home = Path.Combine(Golden.RepoRoot, "examples", "home-lab");
        var loaded = ManifestLoader.Load([Path.Combine(home, "manifests")], new LoadOptions());
        Assert.False(loaded.HasErrors);
        var profile = ProfileReader.Read(Path.Combine(home, "profile.yaml"), HomeLab.Profile).Value!;
        var rendered = ProfileRenderer.Render(profile);
        var text = "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: Q1\n    title: quantified\n    expect:\n" + expectations;
        var set = ExpectationsReader.Read("e.yaml", "e.yaml", text);
        Assert.Empty(set.Diagnostics);
        var resolved = ResolvedExpectations.Resolve(rendered.ApplyTo(loaded.Snapshot), set.Value!, rendered.Profile.Proxy, "default");
        Assert.Empty(resolved.Diagnostics);
        return resolved.Value!;
    }

    private static string One(string from, string to, string port, bool allowed) =>
        $"      - name: e\n        from: {from}\n        to: {(to.StartsWith('{') ? to : $"\"{to}\"")}\n        port: \"{port}\"\n        allowed: {(allowed ? "true" : "false")}\n";

    private const string NginxPods = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: nginx}}}";
    private const string DevPods = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: dev-container}}, hypothetical: true}";

    /// <summary>Each representative "probed" with the outcome the function gives (the engine's own verdict by default).</summary>
    private static ExpectationResult Judge(ResolvedExpectations r, Func<QuantifiedCell, ProbeOutcome>? outcome = null)
    {
        var e = r.Items[0];
        var representatives = RepresentativeProbes.Plan(r, e, "test", out var over);
        Assert.Null(over);
        var probes = representatives!.Select(c =>
        {
            if (c.Source is PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName } || c.Destination is PodEndpoint { Pod.Ref.Name: PodSetSelector.HypotheticalName })
            {
                return new RepresentativeProbe(c, null, "a pod to come");
            }

            var o = outcome?.Invoke(c) ?? (c.Verdict == Reachability.Allowed ? ProbeOutcome.Connected : ProbeOutcome.Refused);
            var port = new PortProtocol(c.Ports.First, c.Ports.Protocol);
            var probe = new Observation(c.Source.ToString()!, c.DestinationRange, port, o);
            var control = ControlProbe.IsNeeded(o) ? new Observation("node", c.DestinationRange, port, ProbeOutcome.Connected) : null;
            return new RepresentativeProbe(c, CheckedObservation.Decide(probe, control), null);
        }).ToList();
        return RepresentativeProbes.Judge(r, e, probes, "test");
    }

    [Fact]
    public void Representatives_SelectorToSelector_AreOnePerClassOfTheStaticCells()
    {
        var r = Resolve(One(NginxPods, DevPods, "any", allowed: false));
        var cells = r.Checker.Cells(r.Items[0].Expectation);
        var representatives = cells.Representatives();

        // Every cell has a representative of its class with the same verdict, and every representative is a cell.
        Assert.All(representatives, c => Assert.Contains(c, cells.Cells));
        Assert.True(representatives.Count <= cells.Cells.Count);
        Assert.All(cells.Cells, c => Assert.Contains(representatives, x => x.Ports == c.Ports && x.Verdict == c.Verdict
            && (x.Destination as PodEndpoint)?.Pod.Labels == (c.Destination as PodEndpoint)?.Pod.Labels));
        // The static check decides the same cells: its count is the cells'.
        var result = r.Checker.Check(r.Items[0].Criterion, r.Items[0].Expectation);
        Assert.Equal(cells.Cells.Count, result.Paths.Total);
    }

    [Fact]
    public void Judge_EveryProbeAgrees_PassesSayingRepresentativesWereProbed()
    {
        var result = Judge(Resolve(One("dev/dev-container-belego", "internet", "any", allowed: false)));

        Assert.Equal((ExpectationStatus.Passed, ProofMethod.Probed), (result.Status, result.Method));
        Assert.Matches(@"^\d+ representatives probed \(one per interval\)", result.Note);
        Assert.Contains(result.Evidence, l => l.Contains("representatives probed (one per interval) (test)", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_OneProbeConnectsAgainstTheClaim_FailsNamingItAsCounterexample()
    {
        var result = Judge(Resolve(One("dev/dev-container-belego", "internet", "any", allowed: false)),
            c => c.Ports.Protocol == Protocol.TCP && c.Ports.First <= 8443 && c.Ports.Last >= 8443 ? ProbeOutcome.Connected : ProbeOutcome.Refused);

        Assert.Equal(ExpectationStatus.Failed, result.Status);
        Assert.Matches(@"^counterexample: dev/dev-container-belego\S* -> [0-9.]+ port \d+/TCP is reachable", result.Note);
        Assert.Contains(result.Evidence, l => l.StartsWith("counterexample probe: ", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_AProbeThatProvesNothing_IsUndeterminedNeverPassed()
    {
        // Refused with the node's control refused too: nothing shows the port listens.
        var r = Resolve(One("dev/dev-container-belego", "internet", "80/TCP,443/TCP", allowed: false));
        var e = r.Items[0];
        var probes = RepresentativeProbes.Plan(r, e, "test", out _)!.Select(c => new RepresentativeProbe(c,
            CheckedObservation.Decide(new Observation("belego", c.DestinationRange, new PortProtocol(c.Ports.First, c.Ports.Protocol), ProbeOutcome.Refused),
                new Observation("node", c.DestinationRange, new PortProtocol(c.Ports.First, c.Ports.Protocol), ProbeOutcome.Refused)), null)).ToList();

        var result = RepresentativeProbes.Judge(r, e, probes, "test");

        Assert.Equal(ExpectationStatus.Undetermined, result.Status);
        Assert.False(result.Passed);
    }

    [Fact]
    public void Judge_PodsToCome_AreNotProbeableAndDecidedStaticallySaidSo()
    {
        var result = Judge(Resolve(One(NginxPods, DevPods, "22/TCP", allowed: true)));

        Assert.Equal(ExpectationStatus.Passed, result.Status);
        Assert.Contains(result.Evidence, l => l.Contains("not probeable here (", StringComparison.Ordinal) && l.Contains("a pod to come", StringComparison.Ordinal)
            && l.Contains("decided by static analysis, each as expected", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_NothingProbeable_IsTheStaticResultSayingNotProbed()
    {
        var r = Resolve(One(NginxPods, DevPods, "22/TCP", allowed: true));
        var e = r.Items[0];
        var probes = RepresentativeProbes.Plan(r, e, "test", out _)!.Select(c => new RepresentativeProbe(c, null, "not here")).ToList();

        var result = RepresentativeProbes.Judge(r, e, probes, "test");

        Assert.Equal((ExpectationStatus.Passed, ProofMethod.Proved), (result.Status, result.Method));
        Assert.Contains(result.Evidence, l => l.StartsWith("not probed (test): none of the", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_MoreRepresentativesThanTheLimit_IsUndeterminedWithALocatedPal359()
    {
        // Every pod of every namespace x every address outside the cluster x every port: over 4096 classes.
        var r = Resolve(One("{namespaceSelector: {}}", "any-external", "any", allowed: false));
        Assert.True(r.Checker.Cells(r.Items[0].Expectation).Representatives().Count > QuantifiedCells.MaxRepresentatives);

        var plan = RepresentativeProbes.Plan(r, r.Items[0], "lab", out var over);

        Assert.Null(plan);
        Assert.Equal(ExpectationStatus.Undetermined, over!.Status);
        Assert.False(over.Passed);
        Assert.Matches(@"^e\.yaml:\d+:\d+: warning PAL359: 'e' has \d+ representatives", over.Note);
    }
}
