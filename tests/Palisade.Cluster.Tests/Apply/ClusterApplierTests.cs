using System.Text.Json.Nodes;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Cluster.Apply;
using Palisade.Cluster.Tests.Fake;

namespace Palisade.Cluster.Tests.Apply;

public sealed class ClusterApplierTests
{
    private const string Rendered = """
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: palisade-default-deny
          namespace: dev
        spec:
          podSelector: {}
          policyTypes: [Ingress]
        ---
        apiVersion: v1
        kind: Namespace
        metadata:
          name: dev
          labels:
            name: dev
        """;

    private static DesiredState Desired(string yaml = Rendered)
    {
        var d = DesiredStateReader.Read(yaml, "rendered.yaml");
        Assert.False(d.HasErrors, string.Join("\n", d.Diagnostics));
        return d.Value;
    }

    [Fact]
    public async Task Apply_NewPolicyAndLabel_CreatesWithServerSideApplyAndIsIdempotent()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();

        var plan = await ClusterApplier.PlanAsync(connection, Desired());
        Assert.Equal(
            ["Namespace dev Update label +name=dev", "NetworkPolicy dev/palisade-default-deny Create "],
            plan.Changes.Select(c => $"{c.Kind} {c.Name} {c.Change} {string.Join(";", c.Details)}"));
        await ClusterApplier.ApplyAsync(connection, plan, dryRun: false);

        var patches = fake.Server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(2, patches.Count);
        Assert.All(patches, r => Assert.StartsWith("application/apply-patch+yaml", r.ContentType, StringComparison.Ordinal));
        Assert.All(patches, r => Assert.Contains("fieldManager=palisade", r.Query, StringComparison.Ordinal));
        Assert.Contains("force=true", patches.Single(r => r.Path.Contains("networkpolicies", StringComparison.Ordinal)).Query, StringComparison.Ordinal);
        Assert.Contains("force=false", patches.Single(r => r.Path == "/api/v1/namespaces/dev").Query, StringComparison.Ordinal);
        var stored = fake.Server.Find("networkpolicies.networking.k8s.io", "dev", "palisade-default-deny");
        Assert.Equal("palisade", stored!["metadata"]!["labels"]![ClusterApplier.ManagedByLabel]!.GetValue<string>());
        var ns = fake.Server.Find("namespaces", string.Empty, "dev")!;
        Assert.Equal("dev", ns["metadata"]!["labels"]!["name"]!.GetValue<string>());
        Assert.Equal("dev", ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!.GetValue<string>());

        var again = await ClusterApplier.PlanAsync(connection, Desired());
        Assert.All(again.Changes, c => Assert.Equal(ChangeKind.Unchanged, c.Change));
        await ClusterApplier.ApplyAsync(connection, again, dryRun: false);
        Assert.Equal(2, fake.Server.Requests.Count(r => r.Method == "PATCH"));
        Assert.DoesNotContain(fake.Server.Requests, r => r.Method is "DELETE" or "PUT");
    }

    [Fact]
    public async Task Apply_DryRun_SendsDryRunAllAndStoresNothing()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();

        var plan = await ClusterApplier.PlanAsync(connection, Desired());
        await ClusterApplier.ApplyAsync(connection, plan, dryRun: true);

        var patches = fake.Server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(2, patches.Count);
        Assert.All(patches, r => Assert.Contains("dryRun=All", r.Query, StringComparison.Ordinal));
        Assert.Null(fake.Server.Find("networkpolicies.networking.k8s.io", "dev", "palisade-default-deny"));
        Assert.Null(fake.Server.Find("namespaces", string.Empty, "dev")!["metadata"]!["labels"]!["name"]);
    }

    [Fact]
    public async Task Apply_PolicyOwnedBySomeoneElse_IsSkippedAndNeverSent()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();
        var desired = Desired(Rendered.Replace("palisade-default-deny", "dev-container-isolation", StringComparison.Ordinal));

        var plan = await ClusterApplier.PlanAsync(connection, desired);
        await ClusterApplier.ApplyAsync(connection, plan, dryRun: false);

        var skipped = Assert.Single(plan.Changes, c => c.Kind == "NetworkPolicy");
        Assert.Equal(ChangeKind.NotOwned, skipped.Change);
        Assert.Contains("managed-by=kubectl", skipped.Details[0], StringComparison.Ordinal);
        Assert.True(plan.HasSkips);
        Assert.DoesNotContain(fake.Server.Requests, r => r.Method == "PATCH" && r.Path.Contains("networkpolicies", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_LabelOwnedByAnotherManagerWithOtherValue_IsAConflictNotAnOverwrite()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var client = new HttpClient();
        using var req = new HttpRequestMessage(HttpMethod.Patch, $"{fake.Server.Address}/api/v1/namespaces/dev?fieldManager=kubectl-label")
        {
            Content = new StringContent("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"dev","labels":{"name":"development"}}}""", System.Text.Encoding.UTF8, "application/apply-patch+yaml"),
        };
        req.Headers.Authorization = new("Bearer", fake.Server.Token);
        Assert.True((await client.SendAsync(req)).IsSuccessStatusCode);
        using var connection = fake.Connect();

        var plan = await ClusterApplier.PlanAsync(connection, Desired());
        var e = await Assert.ThrowsAsync<PalisadeException>(() => ClusterApplier.ApplyAsync(connection, plan, dryRun: false));

        Assert.Equal(DiagnosticCatalog.ApplyConflict.Code, e.Code);
        Assert.Contains("kubectl-label", e.Message, StringComparison.Ordinal);
        Assert.Equal("development", fake.Server.Find("namespaces", string.Empty, "dev")!["metadata"]!["labels"]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void DesiredStateReader_OtherKind_IsAnInputError()
    {
        var d = DesiredStateReader.Read("apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n", "bad.yaml");

        Assert.True(d.HasErrors);
        Assert.Equal(DiagnosticCatalog.ApplyKind.Code, d.Diagnostics[0].Code);
        Assert.Equal("bad.yaml", d.Diagnostics[0].Location.File);
    }
}
