using System.Text.Json;

namespace Palisade.Tests.Cli;

/// <summary>
/// One name, one thing: objects of different kinds with the same name are distinct endpoints; an ambiguous name is a
/// located error listing the kind-qualified candidates; a pod name stands for that pod (tests/scenarios/identity).
/// </summary>
public sealed class IdentityTests
{
    private const string Dir = "tests/scenarios/identity";
    private const string Manifests = Dir + "/manifests.yaml";

    [Fact]
    public void Matrix_DeploymentAndStatefulSetOfOneName_AreTwoEndpoints()
    {
        var r = CliRunner.Run(["matrix", Manifests, "--output", "json"]).Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        var ids = doc.RootElement.GetProperty("endpoints").EnumerateArray().Select(e => e.GetProperty("id").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "deployment/ns1/web", "statefulset/ns1/web", "pod/ns1/db", "deployment/ns1/db", "ns1/api" }, ids);
        Assert.DoesNotContain("ns1/web", ids);
    }

    [Fact]
    public void Matrix_SameNameDifferentKinds_CellsDifferAsTheirPolicies()
    {
        CliRunner.Run(["matrix", Manifests, "--output", "csv", "--port", "80"]).Succeeds()
            .OutHas("deployment/ns1/db,deployment/ns1/web,80,TCP,true", "deployment/ns1/db,statefulset/ns1/web,80,TCP,false", "ns1/client,pod/ns1/db,80,TCP,true", "ns1/client,deployment/ns1/db,80,TCP,false");
    }

    [Theory]
    [InlineData("--to", "ns1/web", "deployment/ns1/web, statefulset/ns1/web")]
    [InlineData("--to", "ns1/db", "deployment/ns1/db, pod/ns1/db")]
    [InlineData("--from", "ns1/web", "deployment/ns1/web, statefulset/ns1/web")]
    public void Explain_AmbiguousName_ListsKindQualifiedCandidates(string option, string name, string candidates)
    {
        string[] args = option == "--to"
            ? ["explain", Manifests, "--from", "ns1/client", "--to", name, "--port", "80"]
            : ["explain", Manifests, "--from", name, "--to", "ns1/client", "--port", "80"];
        CliRunner.Run(args).Exits(2).ErrHas("error PAL180", $"is ambiguous: it names {candidates}", "KIND/NAMESPACE/NAME").OutIsEmpty();
    }

    [Theory]
    [InlineData("statefulset/ns1/web", "DENIED")]
    [InlineData("sts/ns1/web", "DENIED")]
    [InlineData("deployment/ns1/web", "ALLOWED")]
    [InlineData("pod/ns1/db", "ALLOWED")]
    [InlineData("deploy/ns1/db", "DENIED")]
    public void Explain_KindQualifiedName_ExplainsThatObject(string to, string verdict)
    {
        var r = CliRunner.Run(["explain", Manifests, "--from", "ns1/api-1", "--to", to, "--port", "80"]).Succeeds();
        Assert.StartsWith($"ns1/api-1 -> ", r.Out, StringComparison.Ordinal);
        Assert.Contains($": {verdict}", r.Out.Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_PodName_ExplainsThatPodNotItsFirstReplica()
    {
        var r = CliRunner.Run(["explain", Manifests, "--from", "ns1/api-2", "--to", "ns1/client", "--port", "80"]).Succeeds();
        Assert.StartsWith("ns1/api-2 -> ns1/client on 80/TCP: DENIED", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Explain_Workload_NamesTheDecidingPairAsTheMatrixDoes()
    {
        var r = CliRunner.Run(["explain", Manifests, "--from", "ns1/api", "--to", "ns1/client", "--port", "80"]).Succeeds();
        Assert.StartsWith("ns1/api -> ns1/client: DENIED (1 of 2 pod pairs allowed); deciding pair:", r.Out, StringComparison.Ordinal);
        r.OutHas("ns1/api-2 -> ns1/client on 80/TCP: DENIED");
        CliRunner.Run(["matrix", Manifests, "--output", "csv", "--port", "80"]).OutHas("ns1/api,ns1/client,80,TCP,false");
    }

    [Fact]
    public void Explain_WorkloadToItself_IsReplicaToReplica()
    {
        var r = CliRunner.Run(["explain", Manifests, "--from", "deployment/ns1/db", "--to", "deployment/ns1/db", "--port", "80", "--output", "json"]).Succeeds();
        using var doc = JsonDocument.Parse(r.Out);
        Assert.False(doc.RootElement.GetProperty("allowed").GetBoolean());
        Assert.Equal("deployment/ns1/db", doc.RootElement.GetProperty("cell").GetProperty("from").GetString());
        Assert.Equal("ns1/db~replica", doc.RootElement.GetProperty("to").GetString());
    }

    [Fact]
    public void Check_KindQualifiedAndPodNames_PassAsTheMatrixDecides()
    {
        CliRunner.Run(["check", Manifests, "--expect", Dir + "/expectations.yaml", "--no-lint"]).Succeeds().OutHas("8 passed, 0 failed");
    }

    [Fact]
    public void Check_AmbiguousName_IsALocatedErrorListingCandidates()
    {
        using var dir = new TempFolder("palisade-identity-");
        var file = dir.Write("e.yaml", ExpectationsYaml.Criterion("C1", "t", ExpectationsYaml.Item("x", "ns1/client", "ns1/web", "80/TCP", allowed: true)));
        CliRunner.Run(["check", Manifests, "--expect", file, "--no-lint"]).Exits(2)
            .ErrMatches(@"e\.yaml:9:\d+: error PAL320: to: 'ns1/web' is ambiguous: it names deployment/ns1/web, statefulset/ns1/web");
    }

    [Fact]
    public void MatrixCompact_NamesPodsWithTheirNamespace()
    {
        var r = CliRunner.Run(["matrix", Manifests, "--output", "compact"]).Succeeds();
        Assert.StartsWith("palisade-compact-matrix 3\n", r.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        r.OutHas(" ns1/api-2").OutLacks("class 0 ns1 ");
    }
}
