using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>
/// <c>palisade diff</c> when a verdict on one side depends on a pod IP the input does not give: the change is reported
/// as becoming (or ceasing to be) undetermined, never as "no change", and a connection that may now be open counts
/// as new exposure.
/// </summary>
public sealed class DiffUndeterminedTests : IDisposable
{
    private readonly TempFolder dir = new("palisade-diff-undet-");

    /// <summary>web admits 10.0.0.0/8 on 80: b/client has no IP, so its verdict is undetermined.</summary>
    private static readonly string ByBlock = WebAndClient.UnknownClientAddress;

    /// <summary>The same policy, b/client at an address outside the block: denied.</summary>
    private static readonly string ByBlockClientOutside = WebAndClient.Manifests("192.168.1.1", WebAndClient.IngressToWeb(WebAndClient.BlockOn80));

    /// <summary>The same policy, b/client at an address inside the block: allowed.</summary>
    private static readonly string ByBlockClientInside = WebAndClient.Manifests("10.0.2.2", WebAndClient.IngressToWeb(WebAndClient.BlockOn80));

    /// <summary>web admits everybody.</summary>
    private static readonly string AllowAll = WebAndClient.Manifests(null, WebAndClient.IngressToWeb("  - {}\n"));

    public void Dispose() => dir.Dispose();

    /// <summary>Runs <c>palisade diff</c> from <paramref name="before"/> to <paramref name="after"/> (manifest texts).</summary>
    private CliRunner.Result Diff(string before, string after, params string[] options) =>
        CliRunner.Run(["diff", dir.Write("old.yaml", before), dir.Write("new.yaml", after), .. options]);

    private static JsonElement ClientToWeb80(JsonDocument doc) =>
        doc.RootElement.GetProperty("changes").EnumerateArray().Single(c =>
            c.GetProperty("from").GetProperty("id").GetString() == "b/client" && c.GetProperty("to").GetProperty("id").GetString() == "a/web"
            && c.GetProperty("ports").EnumerateArray().Any(p => p.GetProperty("port").GetInt32() <= 80 && p.GetProperty("endPort").GetInt32() >= 80 && p.GetProperty("protocol").GetString() == "TCP"));

    /// <summary>The change's kind, whether it may expose, and the verdicts before and after.</summary>
    private static (string? Change, bool MayExpose, string? Before, string? After) Summary(JsonElement c) =>
        (c.GetProperty("change").GetString(), c.GetProperty("mayExpose").GetBoolean(),
         c.GetProperty("before").GetProperty("verdict").GetString(), c.GetProperty("after").GetProperty("verdict").GetString());

    [Fact]
    public void Diff_DeniedBecomesUndetermined_IsReportedAndFailsNewExposure()
    {
        Diff(ByBlockClientOutside, ByBlock, "--fail-on", "new-exposure").Exits(1)
            .OutHas("Became undetermined", "before: denied", "after: undetermined").OutLacks("after: denied");
    }

    [Fact]
    public void DiffJson_DeniedBecomesUndetermined_ChangeKindAndVerdicts()
    {
        var r = Diff(ByBlockClientOutside, ByBlock, "--output", "json").Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        var c = ClientToWeb80(doc);
        Assert.Equal(("became-undetermined", true, "denied", "undetermined"), Summary(c));
        Assert.Equal(JsonValueKind.Null, c.GetProperty("after").GetProperty("allowed").ValueKind);
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("becameUndetermined").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("mayExpose").GetInt32());
    }

    [Fact]
    public void Diff_UndeterminedBecomesAllowed_IsWasUndeterminedAndFailsNewExposure()
    {
        var r = Diff(ByBlock, ByBlockClientInside, "--output", "json", "--fail-on", "new-exposure").Exits(1);
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(("was-undetermined", true, "undetermined", "allowed"), Summary(ClientToWeb80(doc)));
    }

    [Fact]
    public void Diff_AllowedBecomesUndetermined_IsReportedButIsNoNewExposure()
    {
        var r = Diff(AllowAll, ByBlock, "--output", "json", "--fail-on", "new-exposure").Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        Assert.Equal(("became-undetermined", false, "allowed", "undetermined"), Summary(ClientToWeb80(doc)));
    }

    [Fact]
    public void Diff_UndeterminedBecomesDenied_IsWasUndeterminedAndNoNewExposure()
    {
        Diff(ByBlock, ByBlockClientOutside, "--fail-on", "new-exposure").Succeeds().OutHas("Was undetermined", "before: undetermined");
    }

    [Fact]
    public void DiffMarkdown_DeniedBecomesUndetermined_SaysMayBeOpen()
    {
        Diff(ByBlockClientOutside, ByBlock, "--output", "md").Succeeds()
            .OutHas("#### Became undetermined (", "**undetermined**").OutLacks("No new exposure");
    }
}
