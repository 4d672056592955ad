using System.Text.Json.Nodes;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Cluster.Apply;

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

    private const string Tiers = """
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: AdminNetworkPolicy
        metadata: {name: guard-dev, labels: {team: platform}}
        spec:
          priority: 10
          subject: {namespaces: {matchLabels: {kubernetes.io/metadata.name: dev}}}
          egress:
          - {name: no-internet, action: Deny, to: [{networks: ["0.0.0.0/0"]}]}
        ---
        apiVersion: policy.networking.k8s.io/v1alpha1
        kind: BaselineAdminNetworkPolicy
        metadata: {name: default}
        spec:
          subject: {namespaces: {}}
          ingress:
          - {name: no-pods, action: Deny, from: [{namespaces: {}}]}
        ---
        apiVersion: policy.networking.k8s.io/v1alpha2
        kind: ClusterNetworkPolicy
        metadata: {name: dns}
        spec:
          tier: Admin
          priority: 5
          subject: {namespaces: {}}
          egress:
          - {name: dns, action: Accept, to: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: kube-system}}}], protocols: [{udp: {destinationPort: {number: 53}}}]}
        """;

    [Fact]
    public async Task Apply_TierKinds_ServerSideAppliedToTheirGroupVersionResourceAndIdempotent()
    {
        await using var fake = await FakeCluster.StartAsync();
        using var connection = fake.Connect();

        var plan = await ClusterApplier.PlanAsync(connection, Desired(Tiers));
        Assert.Equal(
            ["AdminNetworkPolicy guard-dev Create", "BaselineAdminNetworkPolicy default Create", "ClusterNetworkPolicy dns Create"],
            plan.Changes.Select(c => $"{c.Kind} {c.Name} {c.Change}"));
        await ClusterApplier.ApplyAsync(connection, plan, dryRun: false);

        var patches = fake.Server.Requests.Where(r => r.Method == "PATCH").Select(r => r.Path).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
            [
                "/apis/policy.networking.k8s.io/v1alpha1/adminnetworkpolicies/guard-dev",
                "/apis/policy.networking.k8s.io/v1alpha1/baselineadminnetworkpolicies/default",
                "/apis/policy.networking.k8s.io/v1alpha2/clusternetworkpolicies/dns",
            ],
            patches);
        Assert.All(fake.Server.Requests.Where(r => r.Method == "PATCH"), r =>
        {
            Assert.StartsWith("application/apply-patch+yaml", r.ContentType, StringComparison.Ordinal);
            Assert.Contains("fieldManager=palisade", r.Query, StringComparison.Ordinal);
            Assert.Contains("force=true", r.Query, StringComparison.Ordinal);
        });
        var anp = fake.Server.Find("adminnetworkpolicies.policy.networking.k8s.io", string.Empty, "guard-dev")!;
        Assert.Equal("palisade", anp["metadata"]!["labels"]![ClusterApplier.ManagedByLabel]!.GetValue<string>());
        Assert.Equal("platform", anp["metadata"]!["labels"]!["team"]!.GetValue<string>());
        Assert.Equal(10, anp["spec"]!["priority"]!.GetValue<int>());
        Assert.Equal("Deny", anp["spec"]!["egress"]![0]!["action"]!.GetValue<string>());
        var cnp = fake.Server.Find("clusternetworkpolicies.policy.networking.k8s.io", string.Empty, "dns")!;
        Assert.Equal(53, cnp["spec"]!["egress"]![0]!["protocols"]![0]!["udp"]!["destinationPort"]!["number"]!.GetValue<int>());

        var again = await ClusterApplier.PlanAsync(connection, Desired(Tiers));
        Assert.All(again.Changes, c => Assert.Equal(ChangeKind.Unchanged, c.Change));
        var changed = await ClusterApplier.PlanAsync(connection, Desired(Tiers.Replace("priority: 10", "priority: 20", StringComparison.Ordinal)));
        var update = Assert.Single(changed.Changes, c => c.Change == ChangeKind.Update);
        Assert.Equal("AdminNetworkPolicy guard-dev", $"{update.Kind} {update.Name}");
        Assert.Equal(["spec changes"], update.Details);
    }

    [Fact]
    public async Task Apply_TierPolicyOwnedBySomeoneElse_IsSkippedAndNeverSent()
    {
        await using var fake = await FakeCluster.StartAsync();
        fake.Server.Put(new JsonObject
        {
            ["apiVersion"] = "policy.networking.k8s.io/v1alpha1",
            ["kind"] = "BaselineAdminNetworkPolicy",
            ["metadata"] = new JsonObject { ["name"] = "default", ["labels"] = new JsonObject { [ClusterApplier.ManagedByLabel] = "helm" } },
            ["spec"] = new JsonObject { ["subject"] = new JsonObject { ["namespaces"] = new JsonObject() } },
        });
        using var connection = fake.Connect();

        var plan = await ClusterApplier.PlanAsync(connection, Desired(Tiers));
        await ClusterApplier.ApplyAsync(connection, plan, dryRun: true);

        var skipped = Assert.Single(plan.Changes, c => c.Change == ChangeKind.NotOwned);
        Assert.Equal("BaselineAdminNetworkPolicy default", $"{skipped.Kind} {skipped.Name}");
        Assert.Contains("managed-by=helm", skipped.Details[0], StringComparison.Ordinal);
        Assert.DoesNotContain(fake.Server.Requests, r => r.Method == "PATCH" && r.Path.Contains("baselineadminnetworkpolicies", StringComparison.Ordinal));
        Assert.All(fake.Server.Requests.Where(r => r.Method == "PATCH"), r => Assert.Contains("dryRun=All", r.Query, StringComparison.Ordinal));
        Assert.Null(fake.Server.Find("adminnetworkpolicies.policy.networking.k8s.io", string.Empty, "guard-dev"));
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
