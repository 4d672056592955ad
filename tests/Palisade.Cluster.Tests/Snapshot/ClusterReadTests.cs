using Palisade.Cluster.Snapshot;
using Palisade.Engine;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cluster.Tests.Snapshot;

public sealed class ClusterReadTests
{
    [Fact]
    public async Task ReadAsync_SmallPages_FollowsContinueTokensAndReadsEverything()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();

        var objects = await ClusterReader.ReadAsync(connection, ReadOptions.All with { PageSize = 2 });

        Assert.Equal(["apps", "data", "dev", "kube-system", "ml"], objects.Namespaces.Select(n => n.Metadata.Name));
        Assert.Equal(7, objects.Pods.Count);
        Assert.Contains(objects.Deployments, d => d.Metadata.Name == "nginx-proxy");
        Assert.Single(objects.NetworkPolicies);
        fake.AssertPodsListedInPages(limit: 2, pages: 4);
    }

    [Fact]
    public async Task ReadAsync_OneNamespace_ListsOnlyThatNamespaceButAllNamespaceObjects()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();

        var objects = await ClusterReader.ReadAsync(connection, new ReadOptions(["dev"]));

        Assert.Equal(5, objects.Namespaces.Count);
        Assert.All(objects.Pods, p => Assert.Equal("dev", p.Metadata.NamespaceProperty));
        Assert.Contains(fake.Server.Requests, r => r.Path == "/api/v1/namespaces/dev/pods");
        Assert.DoesNotContain(fake.Server.Requests, r => r.Path == "/api/v1/pods");
    }

    [Fact]
    public async Task ClusterSource_HomeLab_AttachesLivePodsToTheirDeployments()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();

        var result = await ClusterSource.ReadAsync(connection, ReadOptions.All);

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics));
        var cluster = result.Value;
        var nginx = Assert.Single(cluster.Pods, p => p.Owner?.Ref == new ObjectRef("dev", "nginx-proxy"));
        Assert.False(nginx.FromTemplate);
        Assert.Equal("10.42.0.10", nginx.Ips[0].ToString());
        Assert.DoesNotContain(cluster.Workloads, w => w.Kind == "ReplicaSet");
        Assert.Equal("dev", Assert.Single(cluster.Policies).Ref.Namespace);
        Assert.Equal("dev", cluster.FindNamespace("dev")!.Labels["kubernetes.io/metadata.name"]);
    }

    [Fact]
    public async Task Snapshot_HomeLab_MatchesGoldenAndLoadsBackToTheSameCluster()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();
        var trimmed = SnapshotTrim.Trim(await ClusterReader.ReadAsync(connection, ReadOptions.All));

        var files = SnapshotManifests.Render(trimmed);

        foreach (var f in files)
        {
            Golden.Check(Path.Combine(FakeCluster.Scenario, "golden", "snapshot", f.Name), f.Text);
            File.WriteAllText(Path.Combine(fake.Directory, f.Name), f.Text);
        }

        var loaded = ManifestLoader.Load([fake.Directory], new LoadOptions("default"));
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var direct = ClusterSource.Convert(trimmed).Value;
        Assert.Equal(direct.Pods.Select(p => (p.Ref, p.Owner, p.Labels)), loaded.Snapshot.Pods.Select(p => (p.Ref, p.Owner, p.Labels)));
        Assert.Equal(direct.Workloads.Select(w => w.Ref), loaded.Snapshot.Workloads.Select(w => w.Ref));
        Assert.Equal(direct.Policies.Select(p => p.Ref), loaded.Snapshot.Policies.Select(p => p.Ref));

        // Same answers: the engine's full matrix over both snapshots is identical.
        static List<string> Matrix(Model.ClusterSnapshot c) => [.. new ConnectivityMatrix(new PolicyEngine(c), []).Connections().Select(m => $"{m.From.Id} {m.To.Id} {m.Port} {m.Allowed}")];
        var expected = Matrix(direct);
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Matrix(loaded.Snapshot));
    }

    [Fact]
    public async Task Snapshot_PodWithEnvSecrets_WritesNoEnvAndNoVolatileFields()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();

        var first = SnapshotManifests.Render(SnapshotTrim.Trim(await ClusterReader.ReadAsync(connection, ReadOptions.All)));
        var second = SnapshotManifests.Render(SnapshotTrim.Trim(await ClusterReader.ReadAsync(connection, ReadOptions.All)));

        var text = string.Concat(first.Select(f => f.Text));
        Assert.DoesNotContain("do-not-copy-me", text, StringComparison.Ordinal);
        Assert.DoesNotContain("resourceVersion", text, StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Server.Token, text, StringComparison.Ordinal);
        Assert.Equal(first, second);
    }
}
