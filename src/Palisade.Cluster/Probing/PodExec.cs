using System.Text;
using System.Text.Json;
using k8s;
using Palisade.Cluster.Connection;

namespace Palisade.Cluster.Probing;

/// <summary>The output of one exec: stdout, stderr and the status from channel 3 (null when the server sent none).</summary>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
/// <param name="Status">"Success" or "Failure".</param>
/// <param name="Reason">The status reason (NonZeroExitCode, InternalError, ...).</param>
/// <param name="Message">The status message.</param>
public sealed record ExecOutput(string Stdout, string Stderr, string? Status, string? Reason, string? Message)
{
    /// <summary>True when the command could not be started at all (for example no <c>sh</c> in the image).</summary>
    public bool StartFailed => Status == "Failure" && Reason != "NonZeroExitCode";
}

/// <summary>Runs a command in a container through the exec WebSocket API (<see cref="IKubernetes.MuxedStreamNamespacedPodExecAsync"/>).</summary>
public static class PodExec
{
    /// <summary>Runs and collects the output; gives up after <paramref name="limit"/>.</summary>
    public static async Task<ExecOutput> RunAsync(ClusterConnection connection, string ns, string pod, string? container, IReadOnlyList<string> command, TimeSpan limit, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(limit);
        var call = new ApiCall("create", "pods/exec", ns);
        using var muxer = await call.RunCancellableAsync(connection, () => connection.Client.MuxedStreamNamespacedPodExecAsync(
            pod, ns, command, container, stderr: true, stdin: false, stdout: true, tty: false, cancellationToken: cts.Token), cts.Token).ConfigureAwait(false);
        var stdout = muxer.GetStream(ChannelIndex.StdOut, null);
        var stderr = muxer.GetStream(ChannelIndex.StdErr, null);
        var error = muxer.GetStream(ChannelIndex.Error, null);
        muxer.Start();

        var reads = Task.WhenAll(ReadAll(stdout, cts.Token), ReadAll(stderr, cts.Token), ReadAll(error, cts.Token));
        var finished = await Task.WhenAny(reads, Task.Delay(limit, cancellationToken)).ConfigureAwait(false);
        if (finished != reads)
        {
            throw new TimeoutException($"exec in {ns}/{pod} did not finish within {limit.TotalSeconds:0} s");
        }

        var texts = await reads.ConfigureAwait(false);
        string? status = null, reason = null, message = null;
        if (texts[2].Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(texts[2]);
                var root = doc.RootElement;
                status = root.TryGetProperty("status", out var s) ? s.GetString() : null;
                reason = root.TryGetProperty("reason", out var r) ? r.GetString() : null;
                message = root.TryGetProperty("message", out var m) ? m.GetString() : null;
            }
            catch (JsonException)
            {
                status = "Failure";
                message = texts[2];
            }
        }

        return new ExecOutput(texts[0], texts[1], status, reason, message);
    }

    private static async Task<string> ReadAll(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int n;
        while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            buffer.Write(chunk, 0, n);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
