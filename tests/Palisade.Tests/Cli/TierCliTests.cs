using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>The cluster-wide tiers through the CLI: undetermined cells, the tier chain in explain, the class engine's tiers, refusals (PAL225 for the lab).</summary>
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
        var r = CliRunner.Run(["matrix", "-", "--port", "80/TCP", "--port", "81/TCP", "--output", "json"], Input).Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        var cells = doc.RootElement.GetProperty("connections").EnumerateArray()
            .Where(c => c.GetProperty("from").GetString() == "b/client" && c.GetProperty("to").GetString() == "a/web")
            .ToDictionary(c => c.GetProperty("port").GetInt32(), c => c);
        Assert.Equal(JsonValueKind.Null, cells[80].GetProperty("allowed").ValueKind);
        Assert.True(cells[80].GetProperty("undetermined").GetBoolean());
        Assert.False(cells[81].GetProperty("allowed").GetBoolean()); // only deny-b matches on 81
    }

    [Fact]
    public void Report_SamePriorityConflictOnEveryPort_DrawsTheUndeterminedPairNotOmitsIt()
    {
        using var dir = new TempFolder("palisade-tier-report-");
        var file = dir.In("report.html");
        CliRunner.Run(["report", dir.Write("input.yaml", Input), "--no-profile", "--output-file", file]).Succeeds();
        var html = File.ReadAllText(file);

        // b/client -> a/web: 80/TCP (a/web's only port) is undetermined: an amber edge of its own, not left out, no tier.
        Assert.Contains("\"from\":\"b/client\",\"to\":\"a/web\",\"kind\":\"undetermined\",\"ports\":\"80/TCP\",\"rules\":[\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("\"from\":\"b/client\",\"to\":\"a/web\",\"kind\":\"rule\"", html, StringComparison.Ordinal);
        Assert.Contains("1 undetermined (the input does not decide them)", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_AdminDecision_ShowsTheTierChain() =>
        CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "81"], Input).Succeeds().OutHas(
            "DENIED", "denied by AdminNetworkPolicy deny-b (priority 10) ingress rule 1 \"deny-from-b\" [Deny]", "admin tier: denies by AdminNetworkPolicy deny-b");

    [Fact]
    public void Explain_SamePriorityConflict_SaysUndetermined() =>
        CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "80"], Input).Succeeds().OutHas(
            "UNDETERMINED", "have the same priority (10) and match with different actions");

    [Fact]
    public void CompactMatrix_WithAdminPolicies_EvaluatesTiersAndListsUndeterminedPorts()
    {
        var r = CliRunner.Run(["matrix", "-", "--output", "compact"], Input).Succeeds();
        var lines = r.Out.ReplaceLineEndings("\n").Split('\n');
        Assert.Contains("class 0 pods 1: a/web", lines);
        Assert.Contains("class 1 pods 1: b/client", lines);
        // Web's egress and client's ingress have no tier and no NetworkPolicy; towards web, Deny and Pass at priority 10
        // both match on 80 (undetermined) and deny-b alone denies every other port.
        Assert.Equal(["allow 0 -> 0-1 ports all", "allow 1 -> 1 ports all", "undetermined 1 -> 0 ports 80/TCP"],
            lines.Where(l => l.StartsWith("allow", StringComparison.Ordinal) || l.StartsWith("undetermined", StringComparison.Ordinal)));
    }

    [Fact]
    public void Lint_SamePriorityAdminPolicies_WarnsPal219WithLocation() =>
        CliRunner.Run(["lint", "-", "--fail-on", "never"], Input).Succeeds().OutHas("PAL219").OutLacks("PAL217").ErrLacks("PAL217");

    private static readonly string ClientToWeb80 = WebAndClient.ClientToWeb80(allowed: true);

    /// <summary>Runs check on <paramref name="manifests"/> (standard input) against <see cref="ClientToWeb80"/>.</summary>
    private static CliRunner.Result CheckClientToWeb80(string manifests, bool lab, params string[] options)
    {
        using var dir = new TempFolder("palisade-tiers-");
        string[] where = lab ? ["--lab", "--state-dir", dir.FullName] : [];
        return CliRunner.Run(["check", "-", "--expect", dir.Write("e.yaml", ClientToWeb80), .. where, .. options], manifests);
    }

    [Fact]
    public void CheckLab_DomainNamesPeer_RefusesWithPal223AtThePeer()
    {
        var names = WebAndClient.Manifests("10.0.2.1", WebAndClient.RegistryByDomainName("{}"));
        var peerLine = names.Split('\n').ToList().FindIndex(l => l.Contains("domainNames", StringComparison.Ordinal)) + 1;
        CheckClientToWeb80(names, lab: true).Exits(2).ErrHas($"<stdin>:{peerLine}:", "error PAL223").OutIsEmpty();
    }

    [Fact]
    public void CheckLab_SamePriorityConflict_RefusesWithPal225BeforeTheLab() =>
        CheckClientToWeb80(Input, lab: true).Exits(2)
            .ErrHas("PAL225", "deny-b", "pass-b", "<stdin>:") // located at the policy
            .ErrLacks("PAL129").OutIsEmpty();

    [Fact]
    public void Check_SamePriorityConflict_ReportsUndeterminedNotFailed()
    {
        var r = CheckClientToWeb80(Input, lab: false, "--no-lint", "--output", "json").Exits(1);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(0, doc.RootElement.GetProperty("failed").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("undetermined").GetInt32());
        var e = doc.RootElement.GetProperty("criteria")[0].GetProperty("expectations")[0];
        Assert.Equal("undetermined", e.GetProperty("status").GetString());
    }
}
