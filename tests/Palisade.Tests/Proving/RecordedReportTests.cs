using Palisade.Expectations;
using Palisade.Manifests;
using Palisade.Manifests.Documents;
using Palisade.Proving;
using Palisade.Rendering;
using Palisade.Reports;
using Palisade.TestSupport;

namespace Palisade.Tests.Proving;

/// <summary>
/// Lab and cluster check reports built from recorded observations (tests/scenarios/check/recorded): the real
/// resolution, control-probe rule, judge and writers, without root or a cluster.
/// </summary>
public sealed class RecordedReportTests
{
    private static readonly string Scenario = Golden.Scenario("check", "recorded");

    private static async Task<CheckReport> ProveAsync(string recording)
    {
        var home = Path.Combine(Golden.RepoRoot, "examples", "home-lab");
        var loaded = ManifestLoader.Load([Path.Combine(home, "manifests")], new LoadOptions());
        Assert.False(loaded.HasErrors);
        var profile = ProfileReader.Read(Path.Combine(home, "profile.yaml"), HomeLab.Profile).Value!;
        var rendered = ProfileRenderer.Render(profile);
        var set = ExpectationsReader.Read(Path.Combine(Scenario, "expectations.yaml"), "tests/scenarios/check/recorded/expectations.yaml").Value!;
        var prover = new RecordedProver(File.ReadAllText(Path.Combine(Scenario, recording)));
        var proof = await ExpectationProof.ProveAsync(rendered.ApplyTo(loaded.Snapshot), set, rendered.Profile.Proxy, "default", prover, lint: false, lintConfig: null);
        Assert.Empty(proof.Diagnostics);
        return proof.Value!;
    }

    private static string Write(CheckReport report, OutputFormat format, string title)
    {
        var w = new StringWriter { NewLine = "\n" };
        CheckReportWriter.Write(report, format, w, explainPasses: true, title);
        return w.ToString();
    }

    /// <summary>The lab's report (title "palisade check --lab") and the cluster's ("palisade cluster probe") in every format.</summary>
    [Theory]
    [InlineData("lab", OutputFormat.Text, "txt")]
    [InlineData("lab", OutputFormat.Json, "json")]
    [InlineData("lab", OutputFormat.Junit, "xml")]
    [InlineData("lab", OutputFormat.Md, "md")]
    [InlineData("cluster", OutputFormat.Text, "txt")]
    [InlineData("cluster", OutputFormat.Json, "json")]
    [InlineData("cluster", OutputFormat.Junit, "xml")]
    [InlineData("cluster", OutputFormat.Md, "md")]
    public async Task Report_FromRecordedObservations_MatchesGolden(string prover, OutputFormat format, string extension) =>
        Golden.Check(Path.Combine(Scenario, "golden", $"{prover}.{extension}"),
            Write(await ProveAsync($"{prover}-observations.json"), format, prover == "lab" ? "palisade check --lab" : "palisade cluster probe"));

    [Fact]
    public async Task LabRecording_EveryStatus_IsCountedOnce()
    {
        var report = await ProveAsync("lab-observations.json");

        // connected, blocked while the node connects, SSH to the right container; connected when it must not, SSH to
        // the wrong container; refused while the node is refused too.
        Assert.Equal((4, 2, 1, 0), (report.PassedCount, report.FailedCount, report.UndeterminedCount, report.NotProbeableCount));
        var metrics = report.Results.Single(r => r.Expectation.Name == "belego cannot reach CoreDNS metrics");
        Assert.Equal(ExpectationStatus.Undetermined, metrics.Status);
        Assert.False(metrics.Passed);
        Assert.Equal(ProofMethod.Probed, metrics.Method);
    }

    [Fact]
    public async Task ClusterRecording_OutsideSourcesAndUdp_AreNotProbeableNotFailed()
    {
        var report = await ProveAsync("cluster-observations.json");

        Assert.Equal((2, 0, 1, 4), (report.PassedCount, report.FailedCount, report.UndeterminedCount, report.NotProbeableCount));
        Assert.False(report.AllPassed);
    }
}
