using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>
/// Verdicts that depend on a pod IP the input does not give: undetermined in matrix, explain and check; decided when
/// the ipBlocks together cover a whole address family; refused by the class engine (PAL183).
/// </summary>
public sealed class UnknownPodAddressCliTests : IDisposable
{
    private readonly TempFolder dir = new("palisade-unknown-ip-");

    private static string Input(string ipBlocks) => WebAndClient.Manifests(null, WebAndClient.IngressToWeb(ipBlocks));

    private static readonly string Partial = WebAndClient.UnknownClientAddress;

    private static readonly string Halves = Input(
        "  - from: [{ipBlock: {cidr: 0.0.0.0/1}}]\n    ports: [{port: 80}]\n  - from: [{ipBlock: {cidr: 128.0.0.0/2}}, {ipBlock: {cidr: 192.0.0.0/2}}]");

    public void Dispose() => dir.Dispose();

    /// <summary>Explains b/client to a/web on <paramref name="port"/>/TCP in <paramref name="input"/> (standard input).</summary>
    private static CliRunner.Result ExplainClientToWeb(string input, string port, params string[] options) =>
        CliRunner.Run(["explain", "-", "--from", "b/client", "--to", "a/web", "--port", port, .. options], input).Succeeds();

    [Fact]
    public void MatrixJson_IpBlockAndPodWithoutIp_CellIsUndetermined()
    {
        var r = CliRunner.Run(["matrix", "-", "--output", "json"], Partial).Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        var cell = doc.RootElement.GetProperty("connections").EnumerateArray()
            .Single(c => c.GetProperty("from").GetString() == "b/client" && c.GetProperty("to").GetString() == "a/web" && c.GetProperty("port").GetInt32() == 80);
        Assert.Equal(JsonValueKind.Null, cell.GetProperty("allowed").ValueKind);
        Assert.True(cell.GetProperty("undetermined").GetBoolean());
    }

    [Fact]
    public void MatrixText_IpBlockAndPodWithoutIp_SaysUndeterminedNotDenied() =>
        Assert.Contains("undetermined", CliRunner.Run(["matrix", "-"], Partial).Succeeds().Out, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Explain_IpBlockAndPodWithoutIp_SaysUndeterminedAndWhy() =>
        ExplainClientToWeb(Partial, "80").OutHas("UNDETERMINED", "may match the peer pod by ipBlock, and the input does not give its IP").OutLacks("DENIED");

    [Fact]
    public void ExplainJson_IpBlockAndPodWithoutIp_ReasonIsUndeterminedPodAddress()
    {
        var r = ExplainClientToWeb(Partial, "80", "--output", "json");
        using var doc = JsonDocument.Parse(r.Out);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("undetermined").GetBoolean());
        Assert.Equal("undetermined-pod-address", root.GetProperty("ingress").GetProperty("reason").GetString());
    }

    [Fact]
    public void Explain_OtherPortWithIpBlock_StaysDenied() =>
        ExplainClientToWeb(Partial, "81").OutHas("DENIED"); // the only ipBlock rule is for port 80: on 81 no rule can match whatever the client's IP

    [Fact]
    public void Explain_IpBlocksCoveringIpv4AcrossRules_IsAllowed() => ExplainClientToWeb(Halves, "80").OutHas("ALLOWED");

    [Fact]
    public void Explain_IpBlocksCoveringIpv4ButForOnePort_IsUndeterminedOnTheOther() =>
        ExplainClientToWeb(Halves, "81").OutHas("UNDETERMINED"); // 0.0.0.0/1 only admits port 80: on 81 the other half of IPv4 is all that is left

    [Fact]
    public void MatrixCompact_IpBlockAndPodWithoutIp_RefusesWithPal183() =>
        CliRunner.Run(["matrix", "-", "--output", "compact"], Partial).Exits(2).ErrHas("error PAL183:", "--pods-without-ip-outside-cidrs").OutIsEmpty();

    [Fact]
    public void MatrixCompact_PodsWithoutIpOutsideCidrs_AnswersAsTheExactEngineDoes()
    {
        // Told that pods without an IP are outside every block, the class engine's verdicts are exact: no refusal, and
        // the cell the exact engine then denies (b/client to a/web on 80, allowed only from the ipBlock) is not allowed.
        var compact = CliRunner.Run(["matrix", "-", "--output", "compact", "--pods-without-ip-outside-cidrs"], Partial).Succeeds().ErrLacks("PAL183");
        Assert.NotEmpty(compact.Out);
        var json = CliRunner.Run(["matrix", "-", "--output", "json", "--pods-without-ip-outside-cidrs"], Partial).Succeeds();
        using var doc = JsonDocument.Parse(json.Out);
        var cell = doc.RootElement.GetProperty("connections").EnumerateArray()
            .Single(c => c.GetProperty("from").GetString() == "b/client" && c.GetProperty("to").GetString() == "a/web" && c.GetProperty("port").GetInt32() == 80);
        Assert.False(cell.GetProperty("allowed").GetBoolean());
    }

    [Fact]
    public void Check_ExpectedDeniedButUnknownIp_IsNotAPass()
    {
        var r = CliRunner.Run(["check", dir.Write("m.yaml", Partial), "--no-profile", "--expect", dir.Write("e.yaml", WebAndClient.ClientToWeb80(allowed: false)), "--no-lint"]);
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
        var r = CliRunner.Run(["explain", "-", "--from", "a/web", "--to", "b/client", "--port", "80", "--output", "json"], input).Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        Assert.True(doc.RootElement.GetProperty("undetermined").GetBoolean());
        Assert.Equal("undetermined-pod-address", doc.RootElement.GetProperty("egress").GetProperty("reason").GetString());
    }

    [Fact]
    public void Explain_PodsWithoutIpOutsideCidrs_IsDeniedNotUndetermined() =>
        Assert.DoesNotContain("ndetermined", ExplainClientToWeb(Partial, "80", "--pods-without-ip-outside-cidrs").OutHas("DENIED").Out, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void Explain_PodsWithoutIpOutsideCidrs_EvenBlocksCoveringIpv4DoNotMatch() =>
        ExplainClientToWeb(Halves, "80", "--pods-without-ip-outside-cidrs").OutHas("DENIED"); // "outside every CIDR": blocks covering all of IPv4 do not hold the pod either

    [Fact]
    public void MatrixJson_PodsWithoutIpOutsideCidrs_CellIsDecided()
    {
        var r = CliRunner.Run(["matrix", "-", "--output", "json", "--pods-without-ip-outside-cidrs"], Partial).Succeeds();
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
        var file = dir.In("report.html");
        CliRunner.Run(["report", dir.Write("m.yaml", Partial), "--no-profile", "-o", file]).Succeeds();
        var html = File.ReadAllText(file);
        Assert.Matches("\"from\":\"b/client\",\"to\":\"a/web\",\"kind\":\"undetermined\",\"ports\":\"80/TCP\"", html);
        Assert.DoesNotMatch("\"from\":\"b/client\",\"to\":\"a/web\",\"kind\":\"(rule|open)\"", html);
        Assert.Contains("\"verdict\":\"undetermined\"", html, StringComparison.Ordinal);
        Assert.Contains(" 1 undetermined (the input does not decide them)", html, StringComparison.Ordinal);
        Assert.Contains("<span class=\"cell undetermined\"></span> undetermined", html, StringComparison.Ordinal);
    }

    [Fact]
    public void ReportDot_IpBlockAndPodWithoutIp_DrawsAnUndeterminedEdge() =>
        CliRunner.Run(["report", "-", "--no-profile", "--output", "dot"], Partial).Succeeds()
            .OutHas("\"b/client\" -> \"a/web\" [label=\"? 80/TCP\", color=\"#bf8700\", style=dotted];");
}
