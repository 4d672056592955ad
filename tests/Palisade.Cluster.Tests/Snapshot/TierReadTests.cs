using System.Text.Json.Nodes;
using Palisade.Engine;
using Palisade.Cluster.Snapshot;
using Palisade.Manifests;
using Palisade.Model;

namespace Palisade.Cluster.Tests.Snapshot;

/// <summary>Live mode and snapshots with the cluster-wide tiers, served and not served by the fake API server.</summary>
public sealed class TierReadTests
{
    // Denies every ingress between pods; rule name "80" must stay a string through a snapshot.
    private const string DenyAll = """
        {"apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "AdminNetworkPolicy",
         "metadata": {"name": "deny-all-ingress", "resourceVersion": "7", "uid": "u-1", "labels": {"z": "1", "a": "\"quoted\""}},
         "spec": {"priority": 10, "subject": {"namespaces": {}},
                  "ingress": [{"name": "80", "action": "Deny", "from": [{"namespaces": {}}]}]},
         "status": {"conditions": []}}
        """;

    private const string Baseline = """
        {"apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "BaselineAdminNetworkPolicy",
         "metadata": {"name": "default"},
         "spec": {"subject": {"namespaces": {}}, "egress": [{"action": "Deny", "to": [{"networks": ["192.0.2.0/24"]}]}]}}
        """;

    private const string Cnp = """
        {"apiVersion": "policy.networking.k8s.io/v1alpha2", "kind": "ClusterNetworkPolicy",
         "metadata": {"name": "accept-ml"},
         "spec": {"tier": "Baseline", "priority": 5, "subject": {"namespaces": {"matchLabels": {"kubernetes.io/metadata.name": "ml"}}},
                  "ingress": [{"action": "Accept", "from": [{"namespaces": {}}], "protocols": [{"tcp": {"destinationPort": {"number": 11434}}}]}]}}
        """;

    private static async Task<FakeCluster> StartWithTiersAsync(params string[] json)
    {
        var fake = await FakeCluster.StartAsync();
        foreach (var j in json)
        {
            fake.Server.Put(JsonNode.Parse(j)!.AsObject());
        }

        return fake;
    }

    private static List<MatrixConnection> Matrix(Model.ClusterSnapshot c) => [.. new ConnectivityMatrix(new PolicyEngine(c), []).Connections()];

    [Fact]
    public async Task ClusterSource_TiersServed_ReadsAllThreeKindsAndTheAdminDenyDecides()
    {
        await using var fake = await StartWithTiersAsync(DenyAll, Baseline, Cnp);
        using var connection = fake.Connect();

        var (read, notServed) = await ClusterSource.ReadWithNoticesAsync(connection, ReadOptions.All with { PageSize = 1 });

        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        Assert.Empty(notServed);
        Assert.Equal(
            ["AdminNetworkPolicy deny-all-ingress", "BaselineAdminNetworkPolicy default", "ClusterNetworkPolicy accept-ml"],
            read.Value.AdminPolicies.Select(p => $"{p.Kind} {p.Name}").Order(StringComparer.Ordinal));
        Assert.Contains(fake.Server.Requests, r => r.Path == "/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies");
        Assert.Contains(fake.Server.Requests, r => r.Path == "/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies");
        var matrix = Matrix(read.Value);
        Assert.NotEmpty(matrix);
        Assert.DoesNotContain(matrix, m => m.Allowed);
    }

    [Fact]
    public async Task ClusterSource_TiersNotServed_SaysSoAndListsNothingOfThem()
    {
        await using var fake = await StartWithTiersAsync(DenyAll, Baseline, Cnp);
        fake.Server.ServedTierVersions.Clear();
        using var connection = fake.Connect();

        var (read, notServed) = await ClusterSource.ReadWithNoticesAsync(connection, ReadOptions.All);

        Assert.False(read.HasErrors, string.Join("\n", read.Diagnostics));
        Assert.Empty(read.Value.AdminPolicies);
        Assert.Equal(2, notServed.Count);
        Assert.Contains("policy.networking.k8s.io/v1alpha1", notServed[0], StringComparison.Ordinal);
        Assert.Contains("policy.networking.k8s.io/v1alpha2", notServed[1], StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Server.Requests, r => r.Path.StartsWith("/apis/policy.networking.k8s.io", StringComparison.Ordinal));
        Assert.Contains(Matrix(read.Value), m => m.Allowed);
    }

    [Fact]
    public async Task ClusterSource_OnlyV1Alpha2Served_ReadsClusterNetworkPolicyAndNamesTheMissingVersion()
    {
        await using var fake = await StartWithTiersAsync(DenyAll, Cnp);
        fake.Server.ServedTierVersions.Remove("v1alpha1");
        using var connection = fake.Connect();

        var (read, notServed) = await ClusterSource.ReadWithNoticesAsync(connection, ReadOptions.All);

        Assert.Equal("accept-ml", Assert.Single(read.Value.AdminPolicies).Name);
        var notice = Assert.Single(notServed);
        Assert.Contains("v1alpha1", notice, StringComparison.Ordinal);
        Assert.Contains("AdminNetworkPolicy", notice, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClusterReader_NodesPeer_ListsNodesOnlyWhenATierPolicyNeedsThem()
    {
        const string toNodes = """
            {"apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "AdminNetworkPolicy", "metadata": {"name": "no-nodes"},
             "spec": {"priority": 1, "subject": {"namespaces": {}}, "egress": [{"action": "Deny", "to": [{"nodes": {"matchLabels": {"role": "worker"}}}]}]}}
            """;
        const string node = """
            {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1", "labels": {"role": "worker"}, "uid": "x"},
             "status": {"addresses": [{"type": "InternalIP", "address": "192.168.1.20"}, {"type": "Hostname", "address": "n1"}], "conditions": []}}
            """;
        await using var without = await StartWithTiersAsync(DenyAll, node);
        await using var with = await StartWithTiersAsync(toNodes, node);
        using var c1 = without.Connect();
        using var c2 = with.Connect();

        var plain = await ClusterSource.ReadAsync(c1, ReadOptions.All);
        var needed = await ClusterSource.ReadAsync(c2, ReadOptions.All);

        Assert.Empty(plain.Value.Nodes);
        Assert.DoesNotContain(without.Server.Requests, r => r.Path == "/api/v1/nodes");
        Assert.False(needed.HasErrors, string.Join("\n", needed.Diagnostics));
        var n1 = Assert.Single(needed.Value.Nodes);
        Assert.Equal("n1", n1.Name);
        Assert.Equal("worker", n1.Labels["role"]);
    }

    [Fact]
    public async Task ClusterSource_InvalidTierObject_IsLocatedAndLeftOut()
    {
        const string tooHigh = """
            {"apiVersion": "policy.networking.k8s.io/v1alpha1", "kind": "AdminNetworkPolicy", "metadata": {"name": "too-high"},
             "spec": {"priority": 1001, "subject": {"namespaces": {}}, "ingress": [{"action": "Deny", "from": [{"namespaces": {}}]}]}}
            """;
        await using var fake = await StartWithTiersAsync(tooHigh, Cnp);
        using var connection = fake.Connect();

        var read = await ClusterSource.ReadAsync(connection, ReadOptions.All);

        var error = Assert.Single(read.Diagnostics);
        Assert.StartsWith("cluster:AdminNetworkPolicy/too-high", error.Location.File, StringComparison.Ordinal);
        Assert.Equal("accept-ml", Assert.Single(read.Value.AdminPolicies).Name);
    }

    [Fact]
    public async Task Snapshot_Tiers_WritesOneFilePerKindThatLoadsBackToTheSameMatrix()
    {
        await using var fake = await StartWithTiersAsync(DenyAll, Baseline, Cnp);
        using var connection = fake.Connect();
        var trimmed = SnapshotTrim.Trim(await ClusterReader.ReadAsync(connection, ReadOptions.All));

        var files = SnapshotManifests.Render(trimmed);

        Assert.Contains(files, f => f.Name == "adminnetworkpolicies.yaml");
        Assert.Contains(files, f => f.Name == "baselineadminnetworkpolicies.yaml");
        Assert.Contains(files, f => f.Name == "clusternetworkpolicies.yaml");
        var text = string.Concat(files.Where(f => f.Name.Contains("networkpolicies", StringComparison.Ordinal) && f.Name != "networkpolicies.yaml").Select(f => f.Text));
        Assert.DoesNotContain("resourceVersion", text, StringComparison.Ordinal);
        Assert.DoesNotContain("status", text, StringComparison.Ordinal);
        Assert.Contains("name: \"80\"", text, StringComparison.Ordinal);
        Assert.Contains("labels:\n    a: \"\\u0022quoted\\u0022\"\n    z: \"1\"\n", text, StringComparison.Ordinal);
        foreach (var f in files)
        {
            File.WriteAllText(Path.Combine(fake.Directory, f.Name), f.Text);
        }

        var loaded = ManifestLoader.Load([fake.Directory], new LoadOptions("default"));
        Assert.False(loaded.HasErrors, string.Join("\n", loaded.Diagnostics));
        var direct = ClusterSource.Convert(trimmed).Value;
        static string Shape(AdminPolicy p) => $"{p.Kind} {p.Name} {p.Tier} {p.Priority} {p.Ingress.Count} {p.Egress.Count} {string.Join(",", p.Ingress.Select(r => r.Name))}";
        Assert.Equal(direct.AdminPolicies.Select(Shape), loaded.Snapshot.AdminPolicies.Select(Shape));
        Assert.Contains("80", direct.AdminPolicies.SelectMany(p => p.Ingress).Select(r => r.Name));
        static List<string> Lines(Model.ClusterSnapshot c) => [.. Matrix(c).Select(m => $"{m.From.Id} {m.To.Id} {m.Port} {m.Allowed}")];
        Assert.NotEmpty(Lines(direct));
        Assert.Equal(Lines(direct), Lines(loaded.Snapshot));
    }
}
