namespace Palisade.Cluster.Tests.Probing;

/// <summary>
/// <c>cluster probe</c> with quantified expectations through the fake API server: one probe per representative (a
/// pod per pod class, a port per port interval), from the representative's own pod over the exec WebSocket.
/// </summary>
public sealed class QuantifiedProbeTests
{
    private const string Nginx = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: nginx}}}";
    private const string DevToCome = "{namespace: dev, podSelector: {matchLabels: {app.kubernetes.io/name: dev-container}}, hypothetical: true}";

    private static CliRunner.Result Probe(FakeCluster fake, string expectations)
    {
        var file = Path.Combine(fake.Directory, "quantified.yaml");
        File.WriteAllText(file, "apiVersion: palisade.dev/v1alpha1\nkind: Expectations\ncriteria:\n  - id: Q1\n    title: quantified\n    expect:\n" + expectations);
        return fake.Run("cluster", "probe", "--expect", file, "--explain");
    }

    private static string One(string name, string from, string to, string port, bool allowed) =>
        $"      - name: {name}\n        from: {from}\n        to: {to}\n        port: \"{port}\"\n        allowed: {(allowed ? "true" : "false")}\n";

    [Fact]
    public async Task SelectorExpectations_ProbeOneRepresentativePerPodAndPortInterval()
    {
        await using var fake = await FakeCluster.StartAsync();
        var execs = new List<(string Pod, string Host, string Port)>();
        fake.Server.Exec = r =>
        {
            lock (execs)
            {
                execs.Add((r.Pod, r.Command[4], r.Command[5]));
            }

            // nginx reaches the dev containers on 22 and, a hole, on port 1 of belego; everything else is refused.
            var open = r.Pod.StartsWith("nginx-proxy", StringComparison.Ordinal) && (r.Command[5] == "22" || (r.Command[5] == "1" && r.Command[4] == "10.42.0.11"));
            return new ExecReply($"palisade-probe python3 {(open ? "connected" : "refused")}\n");
        };

        var (code, output, error) = Probe(fake,
            One("ssh", Nginx, DevToCome, "22/TCP", allowed: true) + One("low", Nginx, DevToCome, "1-21/TCP", allowed: false));

        Assert.True(code == 1, output + error);
        // The two real dev containers are probed on 22 from the nginx pod; the pod to come cannot be, and is said so.
        Assert.Contains("PASS  ssh", output, StringComparison.Ordinal);
        Assert.Contains("2 representatives probed (one per interval) (cluster): 2 reachable, 0 blocked", output, StringComparison.Ordinal);
        Assert.Contains("a pod to come (hypothetical: true) does not run in the cluster", output, StringComparison.Ordinal);
        Assert.Contains(("nginx-proxy-6d4cf56db6-abcde", "10.42.0.11", "22"), execs);
        Assert.Contains(("nginx-proxy-6d4cf56db6-abcde", "10.42.0.12", "22"), execs);

        // The hole on port 1 is found by the probe of the interval's first port and named as the counterexample.
        Assert.Contains("FAIL  low", output, StringComparison.Ordinal);
        Assert.Matches(@"counterexample: dev/nginx-proxy\S* -> dev/dev-container-belego\S* port 1/TCP is reachable", output);
        Assert.Contains("counterexample probe: dev/nginx-proxy -> 10.42.0.11:1/TCP connected", output, StringComparison.Ordinal);
    }
}
