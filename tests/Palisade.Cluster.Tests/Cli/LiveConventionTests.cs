namespace Palisade.Cluster.Tests.Cli;

/// <summary>kubectl's live-mode flags against the fake API server: -n narrows what is read, -A reads every namespace; report and diff read the cluster too.</summary>
public sealed class LiveConventionTests
{
    private static CliRunner.Result Run(params string[] args) => CliRunner.Run(args);

    /// <summary>The namespaces of the workloads in a CSV matrix (its "from" column).</summary>
    private static SortedSet<string> FromNamespaces(string csv) =>
        new(csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l.Split('/')[0]), StringComparer.Ordinal);

    [Fact]
    public async Task MatrixCluster_NamespaceFlag_ReadsOnlyThatNamespace()
    {
        await using var fake = await FakeCluster.StartAsync();

        var all = fake.Run("matrix", "--cluster", "-o", "csv", "--port", "22");
        var dev = fake.Run("matrix", "--cluster", "-o", "csv", "--port", "22", "-n", "dev");

        Assert.True(all.ExitCode == 0, all.Err);
        Assert.True(dev.ExitCode == 0, dev.Err);
        Assert.Equal(["dev"], FromNamespaces(dev.Out));
        Assert.Contains("data", FromNamespaces(all.Out));
        Assert.Contains("kube-system", FromNamespaces(all.Out));
    }

    [Fact]
    public async Task MatrixCluster_AllNamespacesWinsOverNamespace_ReadsEverything()
    {
        await using var fake = await FakeCluster.StartAsync();

        var all = fake.Run("matrix", "--cluster", "-o", "csv", "--port", "22");
        var allFlag = fake.Run("matrix", "--cluster", "-o", "csv", "--port", "22", "-n", "dev", "-A");
        var longFlag = fake.Run("matrix", "--cluster", "-o", "csv", "--port", "22", "--all-namespaces");

        Assert.True(allFlag.ExitCode == 0, allFlag.Err);
        Assert.Equal(all.Out, allFlag.Out);
        Assert.Equal(all.Out, longFlag.Out);
    }

    [Fact]
    public async Task LintCluster_NamespaceFlag_FindsOnlyThatNamespacesPolicies() =>
        Assert.DoesNotContain("\"dev/", await FakeCluster.OutputOfAsync("lint", "--cluster", "-n", "ml", "-o", "json", "--fail-on", "never"), StringComparison.Ordinal);

    [Fact]
    public async Task ReportCluster_ReadsTheLiveCluster()
    {
        await using var fake = await FakeCluster.StartAsync();

        var live = fake.Run("report", "--cluster", "-o", "dot");
        var files = Run("report", "examples/home-lab/manifests", "-o", "dot");

        Assert.True(live.ExitCode == 0, live.Err);
        Assert.Contains("dev/nginx-proxy", live.Out, StringComparison.Ordinal);
        Assert.Contains("dev/nginx-proxy", files.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffCluster_ProfileAsChange_ShowsWhatApplyingItCloses()
    {
        await using var fake = await FakeCluster.StartAsync();

        var live = fake.Run("diff", "--cluster", "examples/home-lab/profile.yaml", "-o", "json");
        var noChange = fake.Run("diff", "--cluster", "examples/home-lab/manifests/networkpolicy.yaml", "--fail-on", "any-change");

        Assert.True(live.ExitCode == 0, live.Err);
        Assert.Contains("\"closed\"", live.Out, StringComparison.Ordinal);
        Assert.Contains("cluster", live.Out, StringComparison.Ordinal);

        // The live cluster already holds these policies: applying them again changes nothing.
        Assert.True(noChange.ExitCode == 0, noChange.Out + noChange.Err);
    }

    [Fact]
    public async Task DiffCluster_NewPolicyManifest_OpensOrClosesAgainstLive()
    {
        await using var fake = await FakeCluster.StartAsync();
        var change = Path.Combine(fake.Directory, "deny-dev.yaml");
        await File.WriteAllTextAsync(change, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: deny-all-ingress
              namespace: dev
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """);

        var r = fake.Run("diff", "--cluster", change, "--fail-on", "any-change");

        Assert.True(r.ExitCode == 1, r.Out + r.Err);
        Assert.Contains("deny-all-ingress", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DiffCluster_TwoPaths_IsInputError()
    {
        await using var fake = await FakeCluster.StartAsync();

        var r = fake.Run("diff", "--cluster", "examples/home-lab/manifests", "examples/home-lab/profile.yaml");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("PAL191", r.Err, StringComparison.Ordinal);
    }
}
