using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>The cluster-wide tiers through the CLI: undetermined cells, the tier chain in explain, refusals (PAL129).</summary>
public sealed class TierCliTests
{
    // deny-b and pass-b have the same priority and both match b/client to a/web on 80: undetermined.
    private static readonly string Input = WebAndClient.Manifests("10.0.2.1", WebAndClient.DenyTeamB, """
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: pass-b}
        spec:
          priority: 10
          subject: {namespaces: {matchLabels: {team: a}}}
          ingress:
          - {name: pass-from-b, action: Pass, from: [{pods: {namespaceSelector: {matchLabels: {team: b}}, podSelector: {}}}], ports: [{portNumber: {port: 80, protocol: TCP}}]}
        """);

    [Fact]
    public void MatrixJson_SamePriorityConflict_CellIsUndeterminedNotAGuess()
    {
        var r = CliRunner.Run(["matrix", "-", "--port", "80/TCP", "--port", "81/TCP", "--output", "json"], Input);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var cells = doc.RootElement.GetProperty("connections").EnumerateArray()
            .Where(c => c.GetProperty("from").GetString() == "b/client" && c.GetProperty("to").GetString() == "a/web")
            .ToDictionary(c => c.GetProperty("port").GetInt32(), c => c);
        Assert.Equal(JsonValueKind.Null, cells[80].GetProperty("allowed").ValueKind);
        Assert.True(cells[80].GetProperty("undetermined").GetBoolean());
        Assert.False(cells[81].GetProperty("allowed").GetBoolean()); // only deny-b matches on 81
    }

    [Fact]
    public void Explain_AdminDecision_ShowsTheTierChain()
    {
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "81"], Input);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("DENIED", r.Out, StringComparison.Ordinal);
        Assert.Contains("denied by AdminNetworkPolicy deny-b (priority 10) ingress rule 1 \"deny-from-b\" [Deny]", r.Out, StringComparison.Ordinal);
        Assert.Contains("admin tier: denies by AdminNetworkPolicy deny-b", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_SamePriorityConflict_SaysUndetermined()
    {
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "80"], Input);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("UNDETERMINED", r.Out, StringComparison.Ordinal);
        Assert.Contains("have the same priority (10) and match with different actions", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void CompactMatrix_WithAdminPolicies_RefusesWithPal129()
    {
        var r = CliRunner.Run(["matrix", "-", "--output", "compact"], Input);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("PAL129", r.Err, StringComparison.Ordinal);
        Assert.Empty(r.Out);
    }

    [Fact]
    public void Lint_SamePriorityAdminPolicies_WarnsPal219WithLocation()
    {
        var r = CliRunner.Run(["lint", "-", "--fail-on", "never"], Input);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("PAL219", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("PAL217", r.Out + r.Err, StringComparison.Ordinal);
    }

    private static readonly string ClientToWeb80 = WebAndClient.ClientToWeb80(allowed: true);

    [Fact]
    public void CheckLab_WithAdminPolicies_RefusesWithPal129BeforeTheLab()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-tiers-");
        try
        {
            var expect = Path.Combine(dir.FullName, "e.yaml");
            File.WriteAllText(expect, ClientToWeb80);
            var r = CliRunner.Run(["check", "-", "--expect", expect, "--lab", "--state-dir", dir.FullName], Input);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("PAL129", r.Err, StringComparison.Ordinal);
            Assert.Contains("check --lab", r.Err, StringComparison.Ordinal);
            Assert.Empty(r.Out);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Check_SamePriorityConflict_ReportsUndeterminedNotFailed()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-tiers-");
        try
        {
            var expect = Path.Combine(dir.FullName, "e.yaml");
            File.WriteAllText(expect, ClientToWeb80);
            var r = CliRunner.Run(["check", "-", "--expect", expect, "--no-lint", "--output", "json"], Input);
            Assert.Equal(1, r.ExitCode);
            using var doc = JsonDocument.Parse(r.Out);
            Assert.Equal(0, doc.RootElement.GetProperty("failed").GetInt32());
            Assert.Equal(1, doc.RootElement.GetProperty("undetermined").GetInt32());
            var e = doc.RootElement.GetProperty("criteria")[0].GetProperty("expectations")[0];
            Assert.Equal("undetermined", e.GetProperty("status").GetString());
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
