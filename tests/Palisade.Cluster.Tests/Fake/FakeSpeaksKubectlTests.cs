using System.Diagnostics;

namespace Palisade.Cluster.Tests.Fake;

/// <summary>
/// The real kubectl against the fake API server, for the calls Palisade makes: if kubectl (client-go) can list
/// with pagination, apply server-side and exec through it, the fake speaks the API server's protocol for those
/// calls, and tests against it mean something.
/// </summary>
public sealed class FakeSpeaksKubectlTests
{
    [KubectlFact]
    public async Task KubectlGetPods_ChunkSizeTwo_PagesThroughEveryPod()
    {
        await using var fake = await FakeCluster.StartAsync(tls: true);

        var r = await Kubectl(fake, "get", "pods", "-A", "--chunk-size=2", "-o", "name");

        Assert.True(r.Code == 0, r.Err);
        var names = r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(7, names.Length);
        Assert.Contains("pod/nginx-proxy-6d4cf56db6-abcde", names);
        fake.AssertPodsListedInPages(limit: 2, pages: 4);
    }

    [KubectlFact]
    public async Task KubectlApplyServerSide_StoresTheObjectWithItsFieldManager()
    {
        await using var fake = await FakeCluster.StartAsync(tls: true);
        var file = Path.Combine(fake.Directory, "np.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata:
              name: kubectl-applied
              namespace: dev
            spec:
              podSelector: {}
              policyTypes: [Ingress]
            """);

        // Validation is off because the fake serves no OpenAPI documents (kubectl downloads them to validate).
        var first = await Kubectl(fake, "apply", "--server-side", "--field-manager=x", "--validate=false", "-f", file);
        var again = await Kubectl(fake, "apply", "--server-side", "--field-manager=x", "--validate=false", "-f", file);

        Assert.True(first.Code == 0, first.Err);
        Assert.Contains("networkpolicy.networking.k8s.io/kubectl-applied serverside-applied", first.Out, StringComparison.Ordinal);
        Assert.True(again.Code == 0, again.Err);
        var stored = fake.Server.Find("networkpolicies.networking.k8s.io", "dev", "kubectl-applied");
        Assert.NotNull(stored);
        Assert.Equal("Ingress", stored["spec"]!["policyTypes"]![0]!.GetValue<string>());
        var patch = fake.Server.Requests.First(q => q.Method == "PATCH");
        Assert.Equal("/apis/networking.k8s.io/v1/namespaces/dev/networkpolicies/kubectl-applied", patch.Path);
        Assert.StartsWith("application/apply-patch+yaml", patch.ContentType, StringComparison.Ordinal);
        Assert.Contains("fieldManager=x", patch.Query, StringComparison.Ordinal);
    }

    [KubectlFact]
    public async Task KubectlApplyServerSide_FieldOfAnotherManager_IsAConflict()
    {
        await using var fake = await FakeCluster.StartAsync(tls: true);
        var file = Path.Combine(fake.Directory, "ns.yaml");
        await File.WriteAllTextAsync(file, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n  labels:\n    zone: a\n");
        var other = Path.Combine(fake.Directory, "ns2.yaml");
        await File.WriteAllTextAsync(other, "apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n  labels:\n    zone: b\n");

        var first = await Kubectl(fake, "apply", "--server-side", "--field-manager=one", "--validate=false", "-f", file);
        var second = await Kubectl(fake, "apply", "--server-side", "--field-manager=two", "--validate=false", "-f", other);

        Assert.True(first.Code == 0, first.Err);
        Assert.NotEqual(0, second.Code);
        Assert.Contains("conflict", second.Err, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("a", fake.Server.Find("namespaces", string.Empty, "dev")!["metadata"]!["labels"]!["zone"]!.GetValue<string>());
    }

    [KubectlFact]
    public async Task KubectlExec_RunsTheCommandThroughTheWebSocketProtocol()
    {
        await using var fake = await FakeCluster.StartAsync(tls: true);
        fake.Server.Exec = r => new ExecReply($"ran {string.Join(' ', r.Command)} in {r.Pod}\n", "to stderr\n", r.Command[^1] == "fail" ? 7 : 0);

        var ok = await Kubectl(fake, "exec", "-n", "dev", "nginx-proxy-6d4cf56db6-abcde", "--", "echo", "hello");
        var failed = await Kubectl(fake, "exec", "-n", "dev", "nginx-proxy-6d4cf56db6-abcde", "--", "fail");

        Assert.True(ok.Code == 0, ok.Err);
        Assert.Equal("ran echo hello in nginx-proxy-6d4cf56db6-abcde\n", ok.Out);
        Assert.Contains("to stderr", ok.Err, StringComparison.Ordinal);
        Assert.Equal(7, failed.Code);
    }

    private static async Task<(int Code, string Out, string Err)> Kubectl(FakeCluster fake, params string[] args)
    {
        var start = new ProcessStartInfo(KubectlFactAttribute.Path ?? "kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add($"--kubeconfig={fake.Kubeconfig}");
        start.ArgumentList.Add("--request-timeout=20s");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // kubectl caches discovery in ~/.kube/cache: a private HOME keeps runs independent.
        start.Environment["HOME"] = fake.Directory;
        start.Environment.Remove("KUBECONFIG");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(cts.Token);
        return (process.ExitCode, await output, await error);
    }
}
