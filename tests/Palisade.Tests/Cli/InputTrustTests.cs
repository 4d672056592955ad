namespace Palisade.Tests.Cli;

/// <summary>
/// Inputs that would make a verdict silently wrong: policy kinds Palisade does not evaluate, non-manifest files in a
/// folder, lenient reading before <c>cluster apply</c>, and the API server's decoding through the whole CLI.
/// </summary>
public sealed class InputTrustTests : IDisposable
{
    private const string Namespace = "apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n";

    private readonly TempFolder dir = new("palisade-trust-");

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("cilium.io/v2", "CiliumNetworkPolicy")]
    [InlineData("cilium.io/v2", "CiliumClusterwideNetworkPolicy")]
    [InlineData("projectcalico.org/v3", "NetworkPolicy")]
    [InlineData("crd.projectcalico.org/v1", "GlobalNetworkPolicy")]
    [InlineData("k8s.cni.cncf.io/v1beta1", "MultiNetworkPolicy")]
    [InlineData("crd.antrea.io/v1beta1", "ClusterNetworkPolicy")]
    public void UnevaluatedPolicyKind_IsAWarningNamingIt_AndAnErrorUnderStrict(string apiVersion, string kind)
    {
        Write("ns.yaml", Namespace);
        Write("other.yaml", $"apiVersion: {apiVersion}\nkind: {kind}\nmetadata: {{name: lock, namespace: a}}\nspec: {{}}\n");

        Run("matrix", dir.FullName).Succeeds().ErrHas($"other.yaml:1:1: warning PAL171: {kind} a/lock", "the verdicts ignore it");

        Run("matrix", dir.FullName, "--strict").Exits(2).ErrHas("error PAL171").OutIsEmpty();
    }

    [Fact]
    public void OtherUnknownKind_IsSilent_ExceptVerbose()
    {
        Write("ns.yaml", Namespace + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a}\n");

        Run("matrix", dir.FullName).Succeeds().ErrLacks("ConfigMap");

        Run("matrix", dir.FullName, "-v").ErrHas("note: skipped ConfigMap c");
    }

    [Fact]
    public void FolderWalk_NonManifestYaml_IsSkippedWithANote()
    {
        Write("ns.yaml", Namespace);
        Write("kustomization.yaml", "resources:\n- ns.yaml\n");
        Write("chart/values.yaml", "replicaCount: 1\nimage: {repository: nginx}\n");
        Write("chart/Chart.yaml", "apiVersion: v2\nname: web\nversion: 0.1.0\n");

        var r = Run("matrix", dir.FullName);

        r.Succeeds().ErrHas("kustomization.yaml:1:1: note PAL172", "values.yaml:1:1: note PAL172", "Chart.yaml:1:1: note PAL172");
    }

    [Fact]
    public void FolderWalk_ManifestMissingItsKind_StillErrors()
    {
        Write("ns.yaml", Namespace);
        Write("broken.yaml", "apiVersion: v1\nmetadata: {name: b}\n");

        var r = Run("matrix", dir.FullName);

        r.Exits(2).ErrHas("error PAL103");
    }

    [Fact]
    public void NonManifestFile_NamedExplicitly_IsAnError()
    {
        Write("values.yaml", "replicaCount: 1\n");

        var r = Run("matrix", dir.In("values.yaml"));

        r.Exits(2).ErrHas("error PAL103");
    }

    [Fact]
    public void ClusterApplyFile_WithATypo_IsAnInputErrorBeforeConnecting()
    {
        var file = Write("p.yaml", """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: deny, namespace: a}
            spec:
              podSelecter: {matchLabels: {app: web}}
              policyTypes: [Ingress]
            """);

        // No reachable cluster: an exit 4 here would mean it tried to connect first.
        var r = Run("cluster", "apply", "-f", file, "--kubeconfig", dir.In("no-such-kubeconfig"));

        r.Exits(2).ErrHas("p.yaml:5:3: error PAL104: unknown field 'podSelecter'");
    }

    [Fact]
    public void ClusterApplyFile_ADevice_IsRefusedWithPal101BeforeConnecting()
    {
        // /dev/zero never ends: read whole it exhausted memory; the bounded reader opens regular files only.
        var r = Run("cluster", "apply", "-f", "/dev/zero", "--kubeconfig", dir.In("no-such-kubeconfig"));

        r.Exits(2).ErrHas("error PAL101");
    }

    [Fact]
    public void ClusterApplyFile_OverTheSizeLimit_IsRefusedWithPal150()
    {
        var file = Write("big.yaml", "# " + new string('x', 4096) + "\n");

        var r = Run("cluster", "apply", "-f", file, "--max-file-size", "1K", "--kubeconfig", dir.In("no-such-kubeconfig"));

        r.Exits(2).ErrHas("error PAL150");
    }

    [Fact]
    public void Matrix_NullIngressRule_AllowsEverything_EndToEnd()
    {
        // ingress: [null] is [{}]: allow all. Read as "no rules" it would deny everything.
        Write("m.yaml", """
            apiVersion: v1
            kind: Namespace
            metadata: {name: a}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: client, namespace: a, labels: {app: client}}
            spec: {containers: [{name: c}]}
            ---
            apiVersion: v1
            kind: Pod
            metadata: {name: web, namespace: a, labels: {app: web}}
            spec: {containers: [{name: c, ports: [{containerPort: 0120}]}]}
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: open, namespace: a}
            spec:
              podSelector: {matchLabels: {app: web}}
              ingress: [null]
            """);

        var r = Run("explain", dir.FullName, "--from", "a/client", "--to", "a/web", "--port", "80");

        r.Succeeds().OutHas("allowed").OutLacks("denied");
    }

    [Fact]
    public void Stdin_ConcatenatedJson_Loads()
    {
        const string Stream = "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"a\"}}\n"
            + "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"a\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"ports\":[{\"containerPort\":80}]}]}}\n";

        var r = CliRunner.Run(["matrix", "-"], stdin: Stream);

        r.Succeeds().OutHas("a/p");
    }

    private CliRunner.Result Run(params string[] args) => CliRunner.Run(args, workingDirectory: dir.FullName);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.ReplaceLineEndings("\n"));
        return path;
    }
}
