using CsCheck;
using Palisade.Generation;
using Palisade.Manifests;
using Palisade.Manifests.Wire;
using Palisade.Model;
using Palisade.TestSupport;

namespace Palisade.Tests.Manifests;

/// <summary>
/// Differential tests of the direct conversion (tree straight to the model, no KubernetesClient object, no JSON text):
/// loading with it must give exactly what the strict path gives (snapshot with locations and rule comments, skipped
/// objects, diagnostics with their locations and order) on every corpus file, on generated clusters in JSON and YAML,
/// and on the shapes where the two could part. It declines whatever it does not fully understand, so that the strict
/// path alone writes diagnostics.
/// </summary>
public class DirectConversionTests
{
    public static TheoryData<string> CorpusFiles() => ListStreamingTests.CorpusFiles();

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void CorpusFile_DirectAndStrict_LoadTheSame(string file)
    {
        var root = Golden.RepoRoot;
        var options = new LoadOptions { BaseDirectory = root };
        var path = Path.Combine(root, file);

        AssertSame(ManifestLoader.Load([path], options with { DirectConversion = false }), ManifestLoader.Load([path], options));
    }

    [Theory]
    [InlineData(Tier.S, 1)]
    [InlineData(Tier.S, 5)]
    [InlineData(Tier.M, 2)]
    public void GeneratedTier_JsonAndYaml_DirectAndStrict_LoadTheSame(Tier tier, int seed)
    {
        var cluster = SyntheticCluster.Generate(tier, seed);
        var json = new StringWriter();
        WireJson.WriteList(KubernetesObjects.Of(cluster), json);
        var fromJson = AssertSameText(json.ToString(), "g.json");
        Assert.Equal(cluster.Pods.Count, fromJson.Snapshot.Pods.Count);

        if (tier == Tier.S)
        {
            var yaml = new StringWriter();
            WireYaml.Write(KubernetesObjects.Of(cluster), yaml);
            var fromYaml = AssertSameText(yaml.ToString(), "g.yaml");
            Assert.Empty(fromYaml.Diagnostics);
        }
    }

    [Fact]
    public void GeneratedTier_EveryObject_TakesTheDirectPath()
    {
        // Without this the differential tests could pass with a converter that declines everything.
        var json = new StringWriter();
        WireJson.WriteList(KubernetesObjects.Of(SyntheticCluster.Generate(Tier.S, 1)), json);
        var result = ManifestLoader.LoadText(json.ToString(), "g.json", new LoadOptions());

        var s = result.Snapshot;
        var objects = s.Namespaces.Count(n => n.Declared) + s.Pods.Count(p => !p.FromTemplate) + s.Workloads.Count + s.Services.Count + s.Policies.Count + s.Nodes.Count;
        Assert.Empty(result.Diagnostics);
        Assert.Equal(new DirectConversionCount(objects, 0), result.DirectlyConverted);
    }

    [Fact]
    public void GeneratedClustersOfEveryKind_JsonAndYaml_DirectAndStrict_LoadTheSame() =>
        SmallClusterGen.WireClusterGen.Sample(
            cluster =>
            {
                var json = new StringWriter();
                WireJson.WriteList(KubernetesObjects.Of(cluster), json);
                AssertSameText(json.ToString(), "w.json");
                var yaml = new StringWriter();
                WireYaml.Write(KubernetesObjects.Of(cluster), yaml);
                AssertSameText(yaml.ToString(), "w.yaml");
            },
            iter: 200);

    [Theory]
    [InlineData("duplicate keys", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  name: q\n  labels: {a: x, a: y}\n")]
    [InlineData("duplicate label keys", "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: n\n  labels: {a: x, a: y}\n")]
    [InlineData("anchors and aliases", "apiVersion: v1\nkind: Namespace\nmetadata: {name: a, labels: &l {team: x}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: a, labels: *l}\nspec:\n  containers: &c\n  - name: c\n    ports: [{containerPort: 80, name: http}]\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: a}\nspec:\n  template:\n    metadata: {labels: *l}\n    spec: {containers: *c}\n")]
    [InlineData("merge keys", "apiVersion: v1\nkind: Pod\nmetadata:\n  <<: {name: p}\n  labels: {a: b}\n")]
    [InlineData("nulls everywhere", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  creationTimestamp: null\n  labels: {a: null, b: ~}\nspec:\n  hostNetwork: null\n  nodeName:\n  containers:\n  - null\n  - name: c\n    ports: [null, {containerPort: null}, {containerPort: 80, protocol: null}]\nstatus: null\n")]
    [InlineData("null policy parts", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n, annotations: {a: null}}\nspec:\n  podSelector: null\n  ingress: [null, {from: null, ports: null}, {from: [null], ports: [null]}]\n  egress: null\n  policyTypes: [Ingress, null]\n")]
    [InlineData("null spec", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec: null\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template: null\n---\napiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: null}}\n")]
    [InlineData("numbers as strings", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - {port: \"80\", targetPort: \"8080\"}\n  - {port: 81, targetPort: '8081', nodePort: \"30000\"}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {replicas: \"3\", template: {spec: {hostNetwork: \"true\"}}}\n")]
    [InlineData("int-or-string ports", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec:\n  podSelector: {}\n  ingress:\n  - ports: [{port: 80}, {port: http}, {port: 0x50}, {port: 80.0}, {port: 1_000}, {port: 99999999999}, {port: -5}, {port: 1e3}, {port: yes}, {port: 0}, {port: \"\"}, {port: 8000, endPort: 8080}, {port: 8080, endPort: 80}, {port: web, endPort: 90}, {endPort: 90}, {port: 010}]\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: http}, {port: 81, targetPort: 0x51}, {port: 82, targetPort: 99999999999}, {port: 83, targetPort: -1}, {port: 84, targetPort: Bad_Name}, {port: 85, targetPort: 0}, {port: 0}, {port: 86, nodePort: 70000}, {port: 87, protocol: tcp}, {port: 88, protocol: SCTP, name: x}]\n")]
    [InlineData("YAML 1.1 scalars", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, labels: {on: yes, n: 010}}\nspec:\n  replicas: 0x3\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n      hostNetwork: yes\n      containers: [{name: c, ports: [{containerPort: 0o20, protocol: UDP}, {containerPort: 8_0}]}]\n---\napiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec: {parallelism: 2.0, template: {spec: {hostNetwork: off}}}\n")]
    [InlineData("huge values", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}\nspec:\n  containers: [{name: c, ports: [{containerPort: 99999999999999999999}, {containerPort: 2147483648}, {containerPort: 65536}]}]\nstatus: {podIP: 10.0.0.999}\n")]
    [InlineData("bad names and labels", "apiVersion: v1\nkind: Namespace\nmetadata: {name: Bad_NS, labels: {\"a/b/c\": x}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: \"x y\"}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s.dot}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: \"\"}\n---\napiVersion: v1\nkind: Pod\nmetadata: {labels: {a: b}}\n")]
    [InlineData("wrong types and unknown fields", "apiVersion: v1\nkind: Pod\nmetadata: {name: p, labels: [a]}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec: {containers: {name: c}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: r}\nspec: {containerz: []}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: s}\nspec: {HostNetwork: true}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: t, creationTimestamp: yesterday}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: u, creationTimestamp: \"2024-01-02T03:04:05Z\"}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: v, creationTimestamp: \"2024-01-02T03:04:05.123456Z\"}\n")]
    [InlineData("resource quantities", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n    resources: {limits: {cpu: 500m, memory: 1Gi}, requests: {cpu: \"0.5\", memory: 128974848}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: q}\nspec:\n  containers:\n  - name: c\n    resources: {limits: {cpu: banana}}\n")]
    [InlineData("selectors", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n, namespace: a}\nspec:\n  podSelector:\n    matchLabels: {z: \"1\", a: \"\"}\n    matchExpressions:\n    - {key: k, operator: In, values: [a, b]}\n    - {key: k, operator: Exists}\n    - {key: k, operator: in, values: [a]}\n    - {key: k, operator: NotIn}\n    - {key: k, operator: Exists, values: [a]}\n    - {operator: Exists}\n    - {key: k}\n    - {key: k, operator: \"0\"}\n    - {key: k, operator: In, values: [\"bad value!\"]}\n  ingress:\n  - from:\n    - namespaceSelector: {}\n    - podSelector: {matchLabels: {app: x}}\n      namespaceSelector: {matchLabels: {team: y}}\n    - ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}\n    - ipBlock: {cidr: 10.0.0.0/8, except: [11.0.0.0/16]}\n    - ipBlock: {cidr: 010.0.0.0/8}\n    - ipBlock: {cidr: 10.0.0.0/8}\n      podSelector: {}\n    - {}\n  egress:\n  # to the database\n  - to: [{podSelector: {}}]\n    ports: [{protocol: UDP, port: 53}]\n  policyTypes: [Ingress, Egress, Egres]\n")]
    [InlineData("owners and services", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ownerReferences:\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: r1}\n  - {apiVersion: apps/v1, kind: ReplicaSet, name: r2, controller: true}\n  - {kind: \"\", name: x}\nstatus: {podIP: 10.0.0.1, podIPs: [{ip: 10.0.0.1}, {ip: \"fd00::1\"}, {ip: None}]}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: LoadBalancer\n  selector: {b: \"2\", a: \"1\"}\n  clusterIP: None\n  clusterIPs: [10.96.0.1, 10.96.0.1]\n  externalIPs: [1.2.3.4]\n  loadBalancerIP: 5.6.7.8\n  ports: [{port: 80}]\nstatus: {loadBalancer: {ingress: [{ip: 9.9.9.9}, {hostname: x}]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: t}\nspec: {type: \"1\"}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: u}\nspec: {type: Headless, clusterIP: 10.096.0.1}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n1, labels: {zone: a}}\nstatus: {addresses: [{type: InternalIP, address: 10.1.0.1}, {type: Hostname, address: n1}, {type: ExternalIP, address: bad}]}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: n2}\nstatus: {addresses: [{type: InternalIP, address: 10.1.0.2}, {type: ExternalIP, address: 10.1.0.2}]}\n")]
    [InlineData("typed list items without kind", "apiVersion: v1\nkind: ServiceList\nitems:\n- metadata: {name: s}\n  spec: {ports: [{port: 80}]}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: t}\n")]
    [InlineData("status on policies is ignored", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: n}\nspec: {}\nstatus: {anything: [1, 2]}\n---\napiVersion: v1\nkind: Node\nmetadata: {name: x}\nstatus: {bogus: 1}\n")]
    public void EdgeShape_DirectAndStrict_LoadTheSame(string what, string yaml)
    {
        Assert.NotEmpty(what);
        AssertSameText(yaml, "edge.yaml");
    }

    [Theory]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"labels\":{\"a\":null}},\"spec\":{\"containers\":[{\"name\":\"c\",\"ports\":[{\"containerPort\":\"80\"}]}]}}]}")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"Service\",\"metadata\":{\"name\":\"s\"},\"spec\":{\"ports\":[{\"port\":80,\"targetPort\":\"8080\"},{\"port\":81,\"targetPort\":8081},{\"port\":82.5}]}}")]
    [InlineData("{\"apiVersion\":\"networking.k8s.io/v1\",\"kind\":\"NetworkPolicy\",\"metadata\":{\"name\":\"n\"},\"spec\":{\"podSelector\":{},\"ingress\":[{\"ports\":[{\"port\":\"80\"},{\"port\":80,\"endPort\":81},{\"port\":1e2}]}]}}")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"name\":\"q\"}}")]
    [InlineData("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\"},\"spec\":{\"hostNetwork\":\"true\",\"nodeName\":7}}")]
    public void JsonShape_DirectAndStrict_LoadTheSame(string json) => AssertSameText(json, "edge.json");

    private static LoadResult AssertSameText(string text, string path)
    {
        var strict = ManifestLoader.LoadText(text, path, new LoadOptions { DirectConversion = false });
        var direct = ManifestLoader.LoadText(text, path, new LoadOptions());
        AssertSame(strict, direct);
        return direct;
    }

    private static void AssertSame(LoadResult strict, LoadResult direct)
    {
        Assert.Equal(Render(strict), Render(direct));
        Assert.Equal(strict.Snapshot.Namespaces, direct.Snapshot.Namespaces);
        Assert.Equal(strict.Snapshot.Pods, direct.Snapshot.Pods);
        Assert.Equal(strict.Snapshot.Workloads, direct.Snapshot.Workloads);
        Assert.Equal(strict.Snapshot.Services, direct.Snapshot.Services);
        Assert.Equal(strict.Snapshot.Policies, direct.Snapshot.Policies);
        Assert.Equal(Comments(strict.Snapshot), Comments(direct.Snapshot));
        Assert.Equal(strict.Snapshot.AdminPolicies, direct.Snapshot.AdminPolicies);
        Assert.Equal(strict.Snapshot.Nodes, direct.Snapshot.Nodes);
        Assert.Equal(strict.Skipped, direct.Skipped);
    }

    // Rule comments and locations are compared explicitly: record equality may leave init-only members out.
    private static string Comments(ClusterSnapshot s) =>
        string.Join("\n", s.Policies.SelectMany(p => p.Ingress.Concat(p.Egress).Select(r => $"{p.Ref} {r.Location} {r.Comment}"))
            .Concat(s.Pods.Select(p => $"{p.Ref} {p.Location}"))
            .Concat(s.Services.Select(v => $"{v.Ref} {v.Location}")));

    private static string Render(LoadResult result) =>
        string.Join("\n", result.Diagnostics.Select(d => $"{d.Severity} {d}\n  help: {d.Help}"));
}
