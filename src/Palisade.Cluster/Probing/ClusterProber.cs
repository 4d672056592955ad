using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Palisade.Diagnostics;
using k8s;
using k8s.Models;
using Palisade.Cluster.Connection;
using Palisade.Model;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Cluster.Probing;

/// <summary>
/// Runs probe requests live from pods of their source workloads, a bounded number at a time, and applies the
/// control-probe rule: a refusal (or time-out) counts as blocked only when a control probe from a workload that
/// policy allows shows the port listens; otherwise it proves nothing.
/// </summary>
public sealed class ClusterProber
{
    private readonly ClusterConnection connection;
    private readonly ProbeOptions options;
    private readonly IControlVantage? vantage;
    private readonly ConcurrentDictionary<string, Lazy<Task<ProbeResult>>> runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string?>>> debugContainers = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<ObjectRef, IReadOnlyList<V1Pod>> pods = new Dictionary<ObjectRef, IReadOnlyList<V1Pod>>();
    private SemaphoreSlim gate = new(1);

    /// <summary>Creates a prober; without a vantage every refusal proves nothing.</summary>
    public ClusterProber(ClusterConnection connection, ProbeOptions options, IControlVantage? vantage)
    {
        this.connection = connection;
        this.options = options;
        this.vantage = vantage;
    }

    /// <summary>Probes every request; results come back in request order.</summary>
    public async Task<IReadOnlyList<ProbeResult>> RunAsync(IReadOnlyList<ProbeRequest> requests, CancellationToken cancellationToken = default)
    {
        var probeable = requests.Where(r => r.Source is not null && r.Protocol == Protocol.TCP).ToList();
        var sources = probeable.Select(r => r.Source!.Value)
            .Concat(probeable.SelectMany(r => vantage?.ControlSources(r) ?? []))
            .Distinct().ToList();
        pods = await SourcePods.FindAsync(connection, sources, cancellationToken).ConfigureAwait(false);
        var missing = probeable.Where(r => !r.SourceMayBeAbsent).Select(r => r.Source!.Value).Distinct().Where(s => pods[s].Count == 0).Order().ToList();
        if (missing.Count > 0)
        {
            throw new PalisadeException(
                DiagnosticCatalog.NoRunningPod,
                $"no running pod to probe from for {string.Join(", ", missing)}",
                $"start the workload (kubectl -n {missing[0].Namespace} get pods), or drop those expectations from the probe");
        }

        gate = new SemaphoreSlim(Math.Max(1, options.Parallelism));
        var tasks = requests.Select(r => ProbeWithControlAsync(r, cancellationToken)).ToList();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    private async Task<ProbeResult> ProbeWithControlAsync(ProbeRequest request, CancellationToken cancellationToken)
    {
        if (request.Source is null)
        {
            return new ProbeResult(request, ProbeOutcome.NotRun, null, null, "the source is outside the cluster; probes run from pods inside it, so this is not probeable from inside (test it from that machine)");
        }

        if (request.Protocol != Protocol.TCP)
        {
            return new ProbeResult(request, ProbeOutcome.NotRun, null, null, $"{request.Protocol} is not probed: only a TCP connect tells an answer from silence");
        }

        if (pods.GetValueOrDefault(request.Source.Value) is not { Count: > 0 })
        {
            return new ProbeResult(request, ProbeOutcome.NotRun, null, null, $"{request.Source.Value} has no running pod to probe from");
        }

        var first = await ProbeOnceAsync(request.Source.Value, request, cancellationToken).ConfigureAwait(false);
        if (!ControlProbe.IsNeeded(first.Outcome))
        {
            return first;
        }

        ProbeResult? last = null;
        foreach (var control in vantage?.ControlSources(request) ?? [])
        {
            if (control == request.Source.Value || pods.GetValueOrDefault(control) is not { Count: > 0 })
            {
                continue;
            }

            // Any control that connects proves the port listens; the others may be blocked on their own side.
            last = await ProbeOnceAsync(control, request with { Source = control }, cancellationToken).ConfigureAwait(false);
            if (last.Outcome == ProbeOutcome.Connected)
            {
                break;
            }
        }

        return last is null
            ? first with { Detail = $"no workload that policy allows to reach {request.Destination}:{request.Port} has a running pod for a control probe" }
            : first with { Control = last };
    }

    private Task<ProbeResult> ProbeOnceAsync(ObjectRef source, ProbeRequest request, CancellationToken cancellationToken)
    {
        var key = $"{source}|{request.Destination}|{request.Port}";
        return runs.GetOrAdd(key, _ => new Lazy<Task<ProbeResult>>(() => RunOneAsync(source, request, cancellationToken))).Value;
    }

    private async Task<ProbeResult> RunOneAsync(ObjectRef source, ProbeRequest request, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var pod = pods[source][0];
            var ns = pod.Metadata.NamespaceProperty;
            var name = pod.Metadata.Name;
            var command = ProbeScript.Command(request.Destination, request.Port, options.Timeout);
            var limit = options.Timeout + TimeSpan.FromSeconds(20);
            var output = await PodExec.RunAsync(connection, ns, name, null, command, limit, cancellationToken).ConfigureAwait(false);
            var parsed = ProbeScript.Parse(output.Stdout);
            var where = $"{ns}/{name}";
            if (output.StartFailed || parsed is null || parsed.Value.Outcome is null)
            {
                var why = output.StartFailed ? $"the container cannot run sh ({connection.Redact(output.Message ?? "exec failed")})" : "the container has no probe tool (python3, bash, nc, busybox)";
                if (options.DebugImage is null)
                {
                    return new ProbeResult(request, ProbeOutcome.Error, where, null, $"{why}; debug containers are disabled");
                }

                var debug = await debugContainers.GetOrAdd(where, _ => new Lazy<Task<string?>>(() => StartDebugContainerAsync(ns, name, cancellationToken))).Value.ConfigureAwait(false);
                if (debug is null)
                {
                    return new ProbeResult(request, ProbeOutcome.Error, where, null, $"{why}, and the ephemeral debug container ({options.DebugImage}) did not start");
                }

                output = await PodExec.RunAsync(connection, ns, name, debug, command, limit, cancellationToken).ConfigureAwait(false);
                parsed = ProbeScript.Parse(output.Stdout);
                where = $"{ns}/{name}/{debug}";
                if (output.StartFailed || parsed?.Outcome is null)
                {
                    return new ProbeResult(request, ProbeOutcome.Error, where, null, $"the debug container could not probe either: {connection.Redact(output.Message ?? output.Stderr.Trim())}");
                }
            }

            var (tool, outcome, detail) = parsed!.Value;
            var text = outcome switch
            {
                ProbeOutcome.DnsFailure => $"the name did not resolve{(detail.Trim().Length == 0 ? string.Empty : $" ({detail.Trim()})")}; DNS egress may be blocked, or the name is wrong",
                ProbeOutcome.Error => detail.Trim(),
                _ => null,
            };
            return new ProbeResult(request, outcome!.Value, where, tool, text);
        }
        catch (TimeoutException e)
        {
            return new ProbeResult(request, ProbeOutcome.Error, null, null, e.Message);
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<string?> StartDebugContainerAsync(string ns, string pod, CancellationToken cancellationToken)
    {
        var name = "palisade-probe-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(options.DebugImage!)))[..8];
        // KubernetesClient.Aot sends only patches given as JSON text.
        var container = new JsonObject { ["name"] = name, ["image"] = options.DebugImage, ["command"] = new JsonArray("sleep", "3600") };
        var patch = new V1Patch(
            new JsonObject { ["spec"] = new JsonObject { ["ephemeralContainers"] = new JsonArray(container) } }.ToJsonString(),
            V1Patch.PatchType.StrategicMergePatch);
        await new ApiCall("patch", "pods/ephemeralcontainers", ns).RunAsync(connection, () =>
            connection.Client.CoreV1.PatchNamespacedPodEphemeralcontainersAsync(patch, pod, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var deadline = DateTime.UtcNow + options.DebugStartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            var current = await new ApiCall("get", "pods", ns).RunAsync(connection, () =>
                connection.Client.CoreV1.ReadNamespacedPodAsync(pod, ns, cancellationToken: cancellationToken)).ConfigureAwait(false);
            if (current.Status?.EphemeralContainerStatuses?.Any(s => s.Name == name && s.State?.Running is not null) == true)
            {
                return name;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
        }

        return null;
    }
}
