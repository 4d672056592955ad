using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>
/// <c>palisade diff</c> when a verdict on one side depends on a pod IP the input does not give: the change is reported
/// as becoming (or ceasing to be) undetermined, never as "no change", and a connection that may now be open counts
/// as new exposure.
/// </summary>
public sealed class DiffUndeterminedTests : IDisposable
{
    private readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("palisade-diff-undet-");

    /// <summary>web admits 10.0.0.0/8 on 80: b/client has no IP, so its verdict is undetermined.</summary>
    private static readonly string ByBlock = WebAndClient.UnknownClientAddress;

    /// <summary>The same policy, b/client at an address outside the block: denied.</summary>
    private static readonly string ByBlockClientOutside = WebAndClient.Manifests("192.168.1.1", WebAndClient.IngressToWeb(WebAndClient.BlockOn80));

    /// <summary>The same policy, b/client at an address inside the block: allowed.</summary>
    private static readonly string ByBlockClientInside = WebAndClient.Manifests("10.0.2.2", WebAndClient.IngressToWeb(WebAndClient.BlockOn80));

    /// <summary>web admits everybody.</summary>
    private static readonly string AllowAll = WebAndClient.Manifests(null, WebAndClient.IngressToWeb("  - {}\n"));

    public void Dispose() => dir.Delete(recursive: true);

    private (string Old, string New) Sides(string before, string after)
    {
        var o = Path.Combine(dir.FullName, "old.yaml");
        var n = Path.Combine(dir.FullName, "new.yaml");
        File.WriteAllText(o, before);
        File.WriteAllText(n, after);
        return (o, n);
    }

    private static JsonElement ClientToWeb80(JsonDocument doc) =>
        doc.RootElement.GetProperty("changes").EnumerateArray().Single(c =>
            c.GetProperty("from").GetProperty("id").GetString() == "b/client" && c.GetProperty("to").GetProperty("id").GetString() == "a/web"
            && c.GetProperty("ports").EnumerateArray().Any(p => p.GetProperty("port").GetInt32() <= 80 && p.GetProperty("endPort").GetInt32() >= 80 && p.GetProperty("protocol").GetString() == "TCP"));

    [Fact]
    public void Diff_DeniedBecomesUndetermined_IsReportedAndFailsNewExposure()
    {
        var (o, n) = Sides(ByBlockClientOutside, ByBlock);
        var r = CliRunner.Run(["diff", o, n, "--fail-on", "new-exposure"]);
        Assert.True(r.ExitCode == 1, r.Out + r.Err);
        Assert.Contains("Became undetermined", r.Out, StringComparison.Ordinal);
        Assert.Contains("before: denied", r.Out, StringComparison.Ordinal);
        Assert.Contains("after: undetermined", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("after: denied", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffJson_DeniedBecomesUndetermined_ChangeKindAndVerdicts()
    {
        var (o, n) = Sides(ByBlockClientOutside, ByBlock);
        var r = CliRunner.Run(["diff", o, n, "--output", "json"]);
        Assert.True(r.ExitCode == 0, r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var c = ClientToWeb80(doc);
        Assert.Equal("became-undetermined", c.GetProperty("change").GetString());
        Assert.True(c.GetProperty("mayExpose").GetBoolean());
        Assert.Equal("denied", c.GetProperty("before").GetProperty("verdict").GetString());
        Assert.Equal("undetermined", c.GetProperty("after").GetProperty("verdict").GetString());
        Assert.Equal(JsonValueKind.Null, c.GetProperty("after").GetProperty("allowed").ValueKind);
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("becameUndetermined").GetInt32());
        Assert.Equal(1, doc.RootElement.GetProperty("summary").GetProperty("mayExpose").GetInt32());
    }

    [Fact]
    public void Diff_UndeterminedBecomesAllowed_IsWasUndeterminedAndFailsNewExposure()
    {
        var (o, n) = Sides(ByBlock, ByBlockClientInside);
        var r = CliRunner.Run(["diff", o, n, "--output", "json", "--fail-on", "new-exposure"]);
        Assert.True(r.ExitCode == 1, r.Out + r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var c = ClientToWeb80(doc);
        Assert.Equal("was-undetermined", c.GetProperty("change").GetString());
        Assert.True(c.GetProperty("mayExpose").GetBoolean());
        Assert.Equal("undetermined", c.GetProperty("before").GetProperty("verdict").GetString());
        Assert.Equal("allowed", c.GetProperty("after").GetProperty("verdict").GetString());
    }

    [Fact]
    public void Diff_AllowedBecomesUndetermined_IsReportedButIsNoNewExposure()
    {
        var (o, n) = Sides(AllowAll, ByBlock);
        var r = CliRunner.Run(["diff", o, n, "--output", "json", "--fail-on", "new-exposure"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        using var doc = JsonDocument.Parse(r.Out);
        var c = ClientToWeb80(doc);
        Assert.Equal("became-undetermined", c.GetProperty("change").GetString());
        Assert.False(c.GetProperty("mayExpose").GetBoolean());
        Assert.Equal("allowed", c.GetProperty("before").GetProperty("verdict").GetString());
    }

    [Fact]
    public void Diff_UndeterminedBecomesDenied_IsWasUndeterminedAndNoNewExposure()
    {
        var (o, n) = Sides(ByBlock, ByBlockClientOutside);
        var r = CliRunner.Run(["diff", o, n, "--fail-on", "new-exposure"]);
        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        Assert.Contains("Was undetermined", r.Out, StringComparison.Ordinal);
        Assert.Contains("before: undetermined", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void DiffMarkdown_DeniedBecomesUndetermined_SaysMayBeOpen()
    {
        var (o, n) = Sides(ByBlockClientOutside, ByBlock);
        var r = CliRunner.Run(["diff", o, n, "--output", "md"]);
        Assert.True(r.ExitCode == 0, r.Err);
        Assert.Contains("#### Became undetermined (", r.Out, StringComparison.Ordinal);
        Assert.Contains("**undetermined**", r.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("No new exposure", r.Out, StringComparison.Ordinal);
    }
}
