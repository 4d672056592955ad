using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>
/// Verdicts that depend on a pod IP the input does not give: undetermined in matrix, explain and check; decided when
/// the ipBlocks together cover a whole address family; refused by the class engine (PAL183).
/// </summary>
public sealed class UnknownPodAddressCliTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("palisade-unknown-ip-");

    private static string Input(string ipBlocks) => WebAndClient.Manifests(null, WebAndClient.IngressToWeb(ipBlocks));

    private static readonly string Partial = WebAndClient.UnknownClientAddress;

    private static readonly string Halves = Input(
        "  - from: [{ipBlock: {cidr: 0.0.0.0/1}}]\n    ports: [{port: 80}]\n  - from: [{ipBlock: {cidr: 128.0.0.0/2}}, {ipBlock: {cidr: 192.0.0.0/2}}]");

    public void Dispose() => dir.Delete(recursive: true);

    [Fact]
    public void MatrixJson_IpBlockAndPodWithoutIp_CellIsUndetermined()
    {
        var r = CliRunner.Run(["matrix", "-", "--output", "json"], Partial);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var cell = doc.RootElement.GetProperty("connections").EnumerateArray()
            .Single(c => c.GetProperty("from").GetString() == "b/client" && c.GetProperty("to").GetString() == "a/web" && c.GetProperty("port").GetInt32() == 80);
        Assert.Equal(JsonValueKind.Null, cell.GetProperty("allowed").ValueKind);
        Assert.True(cell.GetProperty("undetermined").GetBoolean());
    }

    [Fact]
    public void MatrixText_IpBlockAndPodWithoutIp_SaysUndeterminedNotDenied()
    {
        var r = CliRunner.Run(["matrix", "-"], Partial);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("undetermined", r.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Explain_IpBlockAndPodWithoutIp_SaysUndeterminedAndWhy()
    {
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "80"], Partial);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("UNDETERMINED", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("DENIED", r.Out, StringComparison.Ordinal);
        Assert.Contains("may match the peer pod by ipBlock, and the input does not give its IP", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void ExplainJson_IpBlockAndPodWithoutIp_ReasonIsUndeterminedPodAddress()
    {
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "80", "--output", "json"], Partial);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("undetermined").GetBoolean());
        Assert.Equal("undetermined-pod-address", root.GetProperty("ingress").GetProperty("reason").GetString());
    }

    [Fact]
    public void Explain_OtherPortWithIpBlock_StaysDenied()
    {
        // The only ipBlock rule is for port 80: on 81 no rule can match whatever the client's IP.
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "81"], Partial);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("DENIED", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_IpBlocksCoveringIpv4AcrossRules_IsAllowed()
    {
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "80"], Halves);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("ALLOWED", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_IpBlocksCoveringIpv4ButForOnePort_IsUndeterminedOnTheOther()
    {
        // 0.0.0.0/1 only admits port 80: on 81 the other half of IPv4 is all that is left.
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "81"], Halves);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("UNDETERMINED", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void MatrixCompact_IpBlockAndPodWithoutIp_RefusesWithPal183()
    {
        var r = CliRunner.Run(["matrix", "-", "--output", "compact"], Partial);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error PAL183:", r.Err, StringComparison.Ordinal);
        Assert.Empty(r.Out);
    }

    [Fact]
    public void Check_ExpectedDeniedButUnknownIp_IsNotAPass()
    {
        var manifests = Path.Combine(dir.FullName, "m.yaml");
        File.WriteAllText(manifests, Partial);
        var expect = Path.Combine(dir.FullName, "e.yaml");
        File.WriteAllText(expect, WebAndClient.ClientToWeb80(allowed: false));
        var r = CliRunner.Run(["check", manifests, "--no-profile", "--expect", expect, "--no-lint"]);
        Assert.NotEqual(0, r.ExitCode);
        Assert.Contains("undetermined", r.Out + r.Err, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void MatrixJson_AdminNetworksPeerAndPodWithoutIp_CellIsUndetermined()
    {
        const string admin = """
            ---
            apiVersion: policy.networking.k8s.io/v1alpha1
            kind: AdminNetworkPolicy
            metadata: {name: deny-net}
            spec:
              priority: 10
              subject: {namespaces: {}}
              egress:
              - {name: deny-10, action: Deny, to: [{networks: [10.0.0.0/8]}]}
            """;
        var input = Input("  - {}") + "\n" + admin;
        var r = CliRunner.Run(["explain", "-", "--from", "a/web", "--to", "b/client", "--port", "80", "--output", "json"], input);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.True(doc.RootElement.GetProperty("undetermined").GetBoolean());
        Assert.Equal("undetermined-pod-address", doc.RootElement.GetProperty("egress").GetProperty("reason").GetString());
    }

    [Fact]
    public void Explain_PodsWithoutIpOutsideCidrs_IsDeniedNotUndetermined()
    {
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "80", "--pods-without-ip-outside-cidrs"], Partial);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("DENIED", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("ndetermined", r.Out, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Explain_PodsWithoutIpOutsideCidrs_EvenBlocksCoveringIpv4DoNotMatch()
    {
        // The convention is "outside every CIDR": blocks covering all of IPv4 do not hold the pod either.
        var r = CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", "80", "--pods-without-ip-outside-cidrs"], Halves);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("DENIED", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void MatrixJson_PodsWithoutIpOutsideCidrs_CellIsDecided()
    {
        var r = CliRunner.Run(["matrix", "-", "--output", "json", "--pods-without-ip-outside-cidrs"], Partial);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var cells = doc.RootElement.GetProperty("connections").EnumerateArray().ToList();
        Assert.All(cells, c => Assert.NotEqual(JsonValueKind.Null, c.GetProperty("allowed").ValueKind));
        var cell = cells.Single(c => c.GetProperty("from").GetString() == "b/client" && c.GetProperty("to").GetString() == "a/web" && c.GetProperty("port").GetInt32() == 80);
        Assert.False(cell.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public void Engine_PodsWithoutIpOutsideCidrsOption_DecidesWhatTheDefaultLeavesUndetermined()
    {
        var loaded = Palisade.Manifests.ManifestLoader.LoadText(Partial, "input.yaml", new Palisade.Manifests.LoadOptions("default"));
        Assert.False(loaded.HasErrors);
        var cluster = loaded.Snapshot;
        var client = new Palisade.Model.PodEndpoint(cluster.Pods.Single(p => p.Ref.Name == "client"));
        var web = new Palisade.Model.PodEndpoint(cluster.Pods.Single(p => p.Ref.Name == "web"));
        Assert.Equal(Palisade.Engine.Reachability.Undetermined, new Palisade.Engine.PolicyEngine(cluster).Decide(client, web, 80, Palisade.Net.Protocol.TCP));
        var assuming = new Palisade.Engine.PolicyEngine(cluster, new Palisade.Engine.EngineOptions { PodsWithoutIpOutsideCidrs = true });
        Assert.Equal(Palisade.Engine.Reachability.Denied, assuming.Decide(client, web, 80, Palisade.Net.Protocol.TCP));
    }

    [Fact]
    public void ReportHtml_IpBlockAndPodWithoutIp_EdgeIsUndeterminedNeitherAllowedNorMissing()
    {
        var manifests = Path.Combine(dir.FullName, "m.yaml");
        File.WriteAllText(manifests, Partial);
        var file = Path.Combine(dir.FullName, "report.html");
        var r = CliRunner.Run(["report", manifests, "--no-profile", "-o", file]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        var html = File.ReadAllText(file);
        Assert.Matches("\"from\":\"b/client\",\"to\":\"a/web\",\"kind\":\"undetermined\",\"ports\":\"80/TCP\"", html);
        Assert.DoesNotMatch("\"from\":\"b/client\",\"to\":\"a/web\",\"kind\":\"(rule|open)\"", html);
        Assert.Contains("\"verdict\":\"undetermined\"", html, StringComparison.Ordinal);
        Assert.Contains(" 1 undetermined (the input does not decide them)", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"cell undetermined\"></span> undetermined", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportDot_IpBlockAndPodWithoutIp_DrawsAnUndeterminedEdge()
    {
        var r = CliRunner.Run(["report", "-", "--no-profile", "--output", "dot"], Partial);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("\"b/client\" -> \"a/web\" [label=\"? 80/TCP\", color=\"#bf8700\", style=dotted];", r.Out, StringComparison.Ordinal);
    }
}
