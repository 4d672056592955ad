using Palisade.Cli;
using Palisade.Cluster.Tests.Connection;

namespace Palisade.Cluster.Tests.Cli;

/// <summary>The <c>palisade</c> command line against the fake API server, through a generated kubeconfig.</summary>
public sealed class ClusterCliTests
{
    private static CliRunner.Result Run(params string[] args) => CliRunner.Run(args);

    /// <summary>Exit 4 (environment) and the diagnostic <paramref name="code"/> on standard error.</summary>
    private static void AssertEnvironmentError(CliRunner.Result r, string code)
    {
        Assert.Equal(ExitCodes.Environment, r.ExitCode);
        Assert.Contains(code, r.Err, StringComparison.Ordinal);
    }

    /// <summary><c>cluster snapshot</c> into the folder <paramref name="dir"/>, then the matrix of those files and the matrix of the live cluster.</summary>
    private static (CliRunner.Result Snapshot, CliRunner.Result FromFiles, CliRunner.Result Live) SnapshotAndMatrices(FakeCluster fake, string dir) =>
        (fake.Run("cluster", "snapshot", "--output-file", dir), Run("matrix", dir), fake.Run("matrix", "--cluster"));

    [Fact]
    public async Task Snapshot_ThenMatrix_GivesTheSameMatrixAsMatrixWithCluster()
    {
        await using var fake = await FakeCluster.StartAsync();
        var dir = Path.Combine(fake.Directory, "snap");

        var (snap, fromFiles, live) = SnapshotAndMatrices(fake, dir);

        Assert.True(snap.ExitCode == 0, snap.Err);
        Assert.Contains("networkpolicies.yaml", Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        Assert.True(fromFiles.ExitCode == 0, fromFiles.Err);
        Assert.True(live.ExitCode == 0, live.Err);
        Assert.Contains("dev/nginx-proxy", live.Out, StringComparison.Ordinal);
        Assert.Equal(fromFiles.Out, live.Out);
    }

    [Fact]
    public async Task Snapshot_TiersServed_WritesThemAndMatrixFromFilesEqualsLive()
    {
        await using var fake = await FakeCluster.StartAsync();
        fake.Server.Put(System.Text.Json.Nodes.JsonNode.Parse("""
            {"apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "AdminNetworkPolicy", "metadata": {"name": "deny-ml"},
             "spec": {"priority": 3, "subject": {"namespaces": {"matchLabels": {"kubernetes.io/metadata.name": "ml"}}},
                      "ingress": [{"action": "Deny", "from": [{"namespaces": {}}]}]}}
            """)!.AsObject());
        var dir = Path.Combine(fake.Directory, "snap");

        var (snap, fromFiles, live) = SnapshotAndMatrices(fake, dir);

        Assert.True(snap.ExitCode == 0, snap.Err);
        Assert.Contains("adminnetworkpolicies.yaml", Directory.GetFiles(dir).Select(Path.GetFileName));
        Assert.DoesNotContain("does not serve", snap.Err + live.Err, StringComparison.Ordinal);
        Assert.True(live.ExitCode == 0, live.Err);
        Assert.Equal(fromFiles.Out, live.Out);
    }

    [Fact]
    public async Task MatrixAndSnapshot_TiersNotServed_PrintANoteOnStandardError()
    {
        await using var fake = await FakeCluster.StartAsync();
        fake.Server.ServedTierVersions.Clear();

        var snap = fake.Run("cluster", "snapshot", "--output-file", Path.Combine(fake.Directory, "snap"));
        var live = fake.Run("matrix", "--cluster");

        Assert.True(snap.ExitCode == 0, snap.Err);
        Assert.True(live.ExitCode == 0, live.Err);
        foreach (var err in new[] { snap.Err, live.Err })
        {
            Assert.Contains("palisade: note: the cluster does not serve policy.networking.k8s.io/v1alpha1", err, StringComparison.Ordinal);
            Assert.Contains("palisade: note: the cluster does not serve policy.networking.k8s.io/v1alpha2", err, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("does not serve", live.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_WithCluster_ExplainsFromTheLiveSnapshot() =>
        Assert.Contains("dev-container-isolation", await FakeCluster.OutputOfAsync("explain", "--cluster", "--from", "ml/ollama", "--to", "dev/dev-container-belego", "--port", "22"), StringComparison.Ordinal);

    [Fact]
    public async Task Matrix_PathsAndCluster_IsAnInputError()
    {
        await using var fake = await FakeCluster.StartAsync();

        var r = fake.Run("matrix", "examples/home-lab/manifests", "--cluster");

        Assert.Equal(ExitCodes.Input, r.ExitCode);
        Assert.Contains("PAL191", r.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ProfileDryRun_PrintsThePlanAndStoresNothing()
    {
        await using var fake = await FakeCluster.StartAsync();

        var r = fake.Run("cluster", "apply", "examples/home-lab/profile.yaml", "--dry-run");

        Assert.True(r.ExitCode is 0 or 1, r.Err);
        Assert.Contains("create     NetworkPolicy ", r.Out, StringComparison.Ordinal);
        Assert.Contains("Dry run: the API server accepted", r.Out, StringComparison.Ordinal);
        Assert.All(fake.Server.Requests.Where(q => q.Method == "PATCH"), q => Assert.Contains("dryRun=All", q.Query, StringComparison.Ordinal));
        Assert.DoesNotContain(fake.Server.Requests, q => q.Method == "DELETE");
        Assert.Null(fake.Server.Find("networkpolicies.networking.k8s.io", "dev", "palisade-default-deny"));
    }

    [Fact]
    public async Task ApplyFile_NullsAndYaml11Integers_SendsWhatTheStrictLoaderRead()
    {
        await using var fake = await FakeCluster.StartAsync();
        var file = Path.Combine(fake.Directory, "decoded.yaml");
        File.WriteAllText(file, """
            apiVersion: v1
            kind: Namespace
            metadata:
              name: dev
              labels: {team: null}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: decoded
              namespace: dev
              labels: {tier: null}
            spec:
              podSelector:
                matchExpressions:
                - {key: app, operator: In, values: [null]}
              policyTypes: [Ingress, Egress]
              ingress:
              - null
              - ports:
                - port: 0120
                - port: 0x51
                - null
              egress: [null]
            """);

        var r = fake.Run("cluster", "apply", "-f", file);

        Assert.True(r.ExitCode == 0, r.Out + r.Err);
        var patches = fake.Server.Requests.Where(q => q.Method == "PATCH").ToList();
        var policy = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(patches, q => q.Path.EndsWith("/networkpolicies/decoded", StringComparison.Ordinal)).Body)!;
        var spec = policy["spec"]!;
        // ingress: [null] is one rule that allows everything; a null port is an empty one (TCP, every port): never dropped.
        Assert.Equal("{}", spec["ingress"]![0]!.ToJsonString());
        var ports = spec["ingress"]![1]!["ports"]!.AsArray();
        Assert.Equal(3, ports.Count);
        // YAML 1.1 as the strict loader reads it: 0120 is octal 80, 0x51 is 81; both numbers, not port names.
        Assert.Equal(80, ports[0]!["port"]!.GetValue<int>());
        Assert.Equal(81, ports[1]!["port"]!.GetValue<int>());
        Assert.NotNull(ports[2]);
        Assert.Null(ports[2]!["port"]);
        Assert.Equal("{}", spec["egress"]![0]!.ToJsonString());
        // app In [""] is sent as the wire writer writes a one-value In: matchLabels {app: ""}.
        Assert.Equal(string.Empty, spec["podSelector"]!["matchLabels"]!["app"]!.GetValue<string>());
        Assert.Equal(string.Empty, policy["metadata"]!["labels"]!["tier"]!.GetValue<string>());
        var ns = System.Text.Json.Nodes.JsonNode.Parse(Assert.Single(patches, q => q.Path.EndsWith("/namespaces/dev", StringComparison.Ordinal)).Body)!;
        Assert.Equal(string.Empty, ns["metadata"]!["labels"]!["team"]!.GetValue<string>());
    }

    [Fact]
    public async Task Apply_Twice_SecondRunHasNothingToApply()
    {
        await using var fake = await FakeCluster.StartAsync();

        var first = fake.Run("cluster", "apply", "examples/home-lab/profile.yaml");
        var second = fake.Run("cluster", "apply", "examples/home-lab/profile.yaml");

        Assert.True(first.ExitCode is 0 or 1, first.Err);
        Assert.Contains("Applied", first.Out, StringComparison.Ordinal);
        Assert.True(second.Out.Contains("\n0 to create, 0 to update", StringComparison.Ordinal), first.Out + "\n=====\n" + second.Out);
        Assert.Contains("Nothing to apply.", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probe_HomeLabExpectations_ReportsEveryExpectation()
    {
        await using var fake = await FakeCluster.StartAsync();
        fake.Server.Exec = r => new ExecReply($"palisade-probe python3 {(r.Command[5] == "22" && r.Pod.StartsWith("nginx", StringComparison.Ordinal) ? "connected" : "refused")}\n");

        var r = fake.Run("cluster", "probe", "--expect", "examples/home-lab/expectations.yaml");

        Assert.True(r.ExitCode is 0 or 1, r.Err);
        // The report of 'palisade check': one tagged line per expectation, grouped by criterion.
        Assert.Equal(39, r.Out.Split('\n').Select(l => l.TrimStart()).Count(l => l.Length > 4 && l[4] == ' ' && l[..4] is "PASS" or "FAIL" or "????" or "----"));
        Assert.Contains("----  ", r.Out, StringComparison.Ordinal);
        Assert.Matches(@"\d+ passed, \d+ failed, \d+ undetermined, \d+ not probeable \(39 expectations in \d+ criteria\)", r.Out);
        Assert.Contains("PASS  ", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongToken_IsPal444AndTheTokenIsNeverPrinted()
    {
        await using var fake = await FakeCluster.StartAsync();
        const string stale = "stale-token-0123456789abcdef";
        var kubeconfig = fake.Server.WriteKubeconfig(fake.Directory, token: stale);

        var r = Run("--debug", "cluster", "snapshot", "--kubeconfig", kubeconfig);

        AssertEnvironmentError(r, "PAL444");
        Assert.Contains("401", r.Err, StringComparison.Ordinal);
        Assert.DoesNotContain(stale, r.Out + r.Err, StringComparison.Ordinal);
        fake.AssertTokenNotPrinted(r);
        Assert.Contains(fake.Server.Requests, q => q.Authorization == $"Bearer {stale}");
    }

    [Fact]
    public async Task RbacDenial_IsPal445NamingVerbAndResource()
    {
        await using var fake = await FakeCluster.StartAsync();
        fake.Server.Denied[("list", "networkpolicies.networking.k8s.io")] = true;

        var r = fake.Run("cluster", "snapshot");

        AssertEnvironmentError(r, "PAL445");
        Assert.Contains("'list' on 'networkpolicies.networking.k8s.io'", r.Err, StringComparison.Ordinal);
        Assert.Contains("kubectl auth can-i list networkpolicies.networking.k8s.io", r.Err, StringComparison.Ordinal);
        fake.AssertTokenNotPrinted(r);
    }

    [Fact]
    public async Task UnreachableServer_IsPal443()
    {
        await using var fake = await FakeCluster.StartAsync(homeLab: false);
        var port = RawServer.ClosedPort();
        var kubeconfig = File.ReadAllText(fake.Kubeconfig).Replace(fake.Server.Address, $"http://127.0.0.1:{port}", StringComparison.Ordinal);
        File.WriteAllText(fake.Kubeconfig, kubeconfig);

        var r = fake.Run("cluster", "snapshot");

        AssertEnvironmentError(r, "PAL443");
        Assert.Contains($"127.0.0.1:{port}", r.Err, StringComparison.Ordinal);
        fake.AssertTokenNotPrinted(r);
    }

    [Fact]
    public async Task MissingKubeconfigOrContext_AreEnvironmentErrors()
    {
        await using var fake = await FakeCluster.StartAsync(homeLab: false);

        var missing = Run("cluster", "snapshot", "--kubeconfig", Path.Combine(fake.Directory, "nope"));
        var context = fake.Run("cluster", "snapshot", "--context", "prod");

        Assert.Equal((ExitCodes.Environment, true), (missing.ExitCode, missing.Err.Contains("PAL440", StringComparison.Ordinal)));
        Assert.Equal((ExitCodes.Environment, true), (context.ExitCode, context.Err.Contains("PAL441", StringComparison.Ordinal)));
        Assert.Contains("it defines: fake", context.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KubeconfigVariable_ListOfFiles_IsUsedLikeKubectl()
    {
        await using var fake = await FakeCluster.StartAsync();
        var options = new Cluster.Connection.ConnectionOptions
        {
            KubeconfigVariable = string.Join(Path.PathSeparator, Path.Combine(fake.Directory, "absent"), fake.Kubeconfig),
            HomeDirectory = fake.Directory,
            AllowInCluster = false,
        };

        using var connection = Cluster.Connection.ClusterConnection.Open(options);

        Assert.Equal("fake", connection.Context);
        Assert.Equal(fake.Server.Address, connection.Server.TrimEnd('/'));
    }
}
