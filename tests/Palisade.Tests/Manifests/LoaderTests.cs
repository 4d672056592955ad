using System.Text;
using k8s.Models;
using Palisade.Diagnostics;
using Palisade.Manifests;
using Palisade.Model;
using static Palisade.Tests.Manifests.ManifestTestInput;

namespace Palisade.Tests.Manifests;

public class LoaderTests
{
    private static readonly string Deployment = Manifest.Deployment("shop/web", "{app: web}");

    // shop/web-5d8-abc, a replica of the ReplicaSet web-5d8 (of the Deployment web); more metadata or fields follow.
    private const string ReplicaSetPod = """
        apiVersion: v1
        kind: Pod
        metadata:
          name: web-5d8-abc
          namespace: shop
          ownerReferences: [{apiVersion: apps/v1, kind: ReplicaSet, name: web-5d8, uid: r, controller: true}]
        """;

    [Fact]
    public void EmptyAndCommentDocuments_AndTrailingSeparator_AreFine()
    {
        var result = Load("# only a comment\n---\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n---\n# trailing\n---\n");

        NoErrors(result);
        Assert.Equal(["a"], result.Snapshot.Namespaces.Select(n => n.Name));
    }

    [Fact]
    public void KindList_IsExpanded()
    {
        var result = Load(Manifest.List(Manifest.Namespace("a"), "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}"));

        NoErrors(result);
        Assert.Contains(result.Snapshot.Namespaces, n => n.Name == "a" && n.Declared);
        Assert.Equal("ConfigMap", Assert.Single(result.Skipped).Kind);
    }

    [Fact]
    public void TypedList_ItemsWithoutKind_TakeTheListsKind()
    {
        var result = Load("""
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicyList
            items:
            - metadata: {name: p1, namespace: x}
              spec: {podSelector: {}}
            - metadata: {name: p2, namespace: x}
              spec: {podSelecter: {}}
            """);

        Assert.Equal(["x/p1", "x/p2"], result.Snapshot.Policies.Select(p => p.Ref.ToString()));
        Assert.Equal(7, Single(result, DiagnosticCatalog.UnknownField.Code).Location.Line);
    }

    [Fact]
    public void JsonInput_IsReadWithLineNumbers()
    {
        var json = """
            {
              "apiVersion": "v1",
              "kind": "List",
              "items": [
                {"apiVersion": "v1", "kind": "Pod",
                 "metadata": {"name": "p", "labels": {"app": "a"}},
                 "spec": {"containers": [{"name": "c", "ports": [{"containerPort": 80, "protocl": "TCP"}]}]}}
              ]
            }
            """;
        var result = ManifestLoader.LoadText(json, "pods.json", new LoadOptions());

        var d = Single(result, DiagnosticCatalog.UnknownField.Code);
        Assert.Equal(new SourceLocation("pods.json", 7, 76), d.Location);
        Assert.Equal("did you mean 'protocol'?", d.Help);
        Assert.Equal("a", Assert.Single(result.Snapshot.Pods).Labels["app"]);
    }

    [Fact]
    public void PodOwnedThroughReplicaSet_IsAttachedToTheDeployment()
    {
        const string replicaSet = """
            apiVersion: apps/v1
            kind: ReplicaSet
            metadata:
              name: web-5d8
              namespace: shop
              ownerReferences: [{apiVersion: apps/v1, kind: Deployment, name: web, uid: d, controller: true}]
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: c}]}
            """;
        var result = Load(Manifest.Join(Deployment, replicaSet, ReplicaSetPod + "\n  labels: {app: web}\nspec: {containers: [{name: c}]}\nstatus: {podIP: 10.1.0.7}"));

        NoErrors(result);
        var workload = Assert.Single(result.Snapshot.Workloads);
        Assert.Equal("Deployment", workload.Kind);
        var pod = Assert.Single(result.Snapshot.Pods);
        Assert.False(pod.FromTemplate);
        Assert.Equal(new WorkloadRef("Deployment", new ObjectRef("shop", "web")), pod.Owner);
    }

    [Fact]
    public void PodOfUnloadedOwner_KeepsItsOwner_AndWorkloadsKeepStandIns()
    {
        var result = Load(Manifest.Join(Deployment, ReplicaSetPod + "\nspec: {containers: [{name: c}]}"));

        NoErrors(result);
        Assert.Equal(2, result.Snapshot.Pods.Count);
        Assert.Contains(result.Snapshot.Pods, p => p.FromTemplate && p.Ref == new ObjectRef("shop", "web"));
        Assert.Contains(result.Snapshot.Pods, p => p.Owner == new WorkloadRef("ReplicaSet", new ObjectRef("shop", "web-5d8")));
    }

    [Fact]
    public void ObjectsWithoutNamespace_GoToTheDefaultNamespace()
    {
        var result = Load("apiVersion: v1\nkind: Service\nmetadata: {name: s}\n", ns: "team-a");

        Assert.Equal(new ObjectRef("team-a", "s"), Assert.Single(result.Snapshot.Services).Ref);
        Assert.Contains(result.Snapshot.Namespaces, n => n.Name == "team-a" && !n.Declared);
    }

    [Fact]
    public void ThreeThousandDocuments_InOneFile_AllLoad()
    {
        var text = new StringBuilder();
        for (var i = 0; i < 3000; i++)
        {
            text.Append("---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p").Append(i).Append("\n  labels: {app: a}\nspec:\n  containers: [{name: c}]\n");
        }

        var result = ManifestLoader.LoadText(text.ToString(), "many.yaml", new LoadOptions());

        NoErrors(result);
        Assert.Equal(3000, result.Snapshot.Pods.Count);
        Assert.Equal(new SourceLocation("many.yaml", 2 + (8 * 2999), 1), result.Snapshot.FindPod(new ObjectRef("default", "p2999"))!.Location);
    }

    [Fact]
    public void Folder_IsReadRecursively_InOrdinalOrder_WithRelativePaths()
    {
        var dir = Directory.CreateTempSubdirectory("palisade-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "b"));
            File.WriteAllText(Path.Combine(dir.FullName, "b", "x.yml"), "kind: ConfigMap\nmetadata: {name: second}\n");
            File.WriteAllText(Path.Combine(dir.FullName, "a.json"), "{\"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"first\"}}");
            File.WriteAllText(Path.Combine(dir.FullName, "notes.txt"), "not a manifest");

            var result = ManifestLoader.Load([dir.FullName], new LoadOptions { BaseDirectory = dir.FullName });

            NoErrors(result);
            Assert.Equal(["a.json:first", "b/x.yml:second"], result.Skipped.Select(s => $"{s.Location.File}:{s.Name}"));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void Dash_ReadsStdin()
    {
        var options = new LoadOptions { Stdin = new StringReader("apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n") };

        var result = ManifestLoader.Load(["-"], options);

        NoErrors(result);
        Assert.Equal("<stdin>", Assert.Single(result.Snapshot.Namespaces).Location.File);
    }

    [Fact]
    public void ModelConverter_WithoutYaml_ConvertsClientObjects()
    {
        var at = new FixedSourceLocator(new SourceLocation("cluster:shop/p", 0, 0));
        var source = new V1NetworkPolicy
        {
            Metadata = new V1ObjectMeta { Name = "p", NamespaceProperty = "shop" },
            Spec = new V1NetworkPolicySpec
            {
                PodSelector = new V1LabelSelector(),
                Egress = [new V1NetworkPolicyEgressRule { Ports = [new V1NetworkPolicyPort { Port = 53, Protocol = "UDP" }] }],
            },
        };

        var result = ModelConverter.ToNetworkPolicy(source, "default", at);

        Assert.Empty(result.Diagnostics);
        var policy = result.Value!;
        Assert.Equal(PolicyTypes.Ingress | PolicyTypes.Egress, policy.PolicyTypes);
        Assert.Equal("53/UDP", Assert.Single(Assert.IsType<Ports>(Assert.Single(policy.Egress).Ports).Items).ToString());
        Assert.Equal(at.Location, policy.Location);
    }
}
