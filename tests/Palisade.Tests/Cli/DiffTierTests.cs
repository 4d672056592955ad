namespace Palisade.Tests.Cli;

/// <summary>
/// <c>palisade diff</c> over changes to cluster-wide policies (tests/scenarios/diff/tiers): each added, removed or changed
/// AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy, and a priority change, shows every workload
/// pair (and outside range) it opens or closes, with the rule that decides.
/// </summary>
public sealed class DiffTierTests
{
    private const string Dir = "tests/scenarios/diff/tiers";

    public static TheoryData<string, string, string> Cases => new()
    {
        { "none", "anp-deny", "anp-added" },
        { "anp-deny", "none", "anp-removed" },
        { "anp-deny", "anp-allow", "anp-changed" },
        { "anp-priorities", "anp-priorities-swapped", "anp-priority-changed" },
        { "none", "banp", "banp-added" },
        { "none", "cnp-admin", "cnp-admin-added" },
        { "none", "cnp-baseline", "cnp-baseline-added" },
        { "none", "cnp-nodes", "cnp-nodes-added" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TierChange_Text_MatchesGolden(string before, string after, string golden)
    {
        var r = CliRunner.Run(["diff", $"{Dir}/{before}", $"{Dir}/{after}"]).Succeeds();
        Palisade.TestSupport.Golden.Check($"{Dir}/golden/{golden}.txt", r.Out);
    }

    [Fact]
    public void AnpAdded_ClosesTheOnePairItDenies()
    {
        CliRunner.Run(["diff", $"{Dir}/none", $"{Dir}/anp-deny", "--fail-on", "any-change"]).Exits(1)
            .OutHas("0 change(s) opening connections, 1 closing", "- b/client -> a/web on 80/TCP", "denied by AdminNetworkPolicy guard-a (priority 10) ingress rule 1 \"no-b\" [Deny]");
    }

    [Fact]
    public void AnpRemoved_OpensWhatItDenied_FailsOnNewExposure()
    {
        CliRunner.Run(["diff", $"{Dir}/anp-deny", $"{Dir}/none", "--fail-on", "new-exposure"]).Exits(1).OutHas("+ b/client -> a/web on 80/TCP");
    }

    [Fact]
    public void AnpChanged_PortsDecidedByDifferentRules_AreReportedApart()
    {
        var r = CliRunner.Run(["diff", $"{Dir}/anp-deny", $"{Dir}/anp-allow"]).Succeeds();

        // 443/TCP is opened by rule 2 and every other port by rule 3: one line each, each naming its own rule.
        r.OutHas("+ b/client -> a/web on 443/TCP\n", "ingress rule 2 \"https\" [Allow]", "+ b/client -> a/web on 1-79/TCP, 81-442/TCP, 444-65535/TCP, 1-65535/UDP, 1-65535/SCTP\n", "ingress rule 3 \"the-rest\" [Allow]");
        Assert.DoesNotContain("- b/client", r.Out, StringComparison.Ordinal); // 80 stays denied, by another rule
    }

    [Fact]
    public void PriorityChange_AllowNowFirst_OpensTheDeniedPod()
    {
        var r = CliRunner.Run(["diff", $"{Dir}/anp-priorities", $"{Dir}/anp-priorities-swapped", "-o", "json"]).Succeeds();
        using var doc = System.Text.Json.JsonDocument.Parse(r.Out);
        var change = Assert.Single(doc.RootElement.GetProperty("changes").EnumerateArray());
        Assert.Equal("opened", change.GetProperty("change").GetString());
        Assert.Equal("b/batch", change.GetProperty("from").GetProperty("id").GetString());
        Assert.Equal(443, change.GetProperty("ports")[0].GetProperty("port").GetInt32());
    }

    [Fact]
    public void BaselineWrittenInBothApiVersions_SameVerdicts_EmptyDiff()
    {
        CliRunner.Run(["diff", $"{Dir}/banp", $"{Dir}/cnp-baseline", "--fail-on", "any-change"]).Succeeds()
            .OutHas("0 change(s) opening connections, 0 closing");
    }

    [Fact]
    public void NodesPeerAdded_ClosesTheNodeAddressOnly()
    {
        CliRunner.Run(["diff", $"{Dir}/none", $"{Dir}/cnp-nodes"]).Succeeds()
            .OutHas("- b/client -> 192.168.1.10/32 on 1-65535/TCP", "- b/batch -> 192.168.1.10/32 on 1-65535/TCP", "0 change(s) opening connections, 2 closing");
    }
}
