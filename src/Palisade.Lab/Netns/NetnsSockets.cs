using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Win32.SafeHandles;
using Palisade.Diagnostics;
using Palisade.Lab.Processes;

namespace Palisade.Lab.Netns;

/// <summary>
/// Creates sockets inside lab namespaces without starting processes. <c>setns()</c> acts on the calling thread
/// only and a socket stays in the namespace it was created in, so one dedicated thread enters the namespace,
/// creates the socket and returns to its own namespace; the socket is then used from any thread.
/// </summary>
internal sealed class NetnsSockets : IDisposable
{
    private readonly BlockingCollection<Action> queue = [];
    private readonly Thread thread;
    private readonly ConcurrentDictionary<string, SafeFileHandle> handles = new(StringComparer.Ordinal);
    private readonly SafeFileHandle home;

    public NetnsSockets()
    {
        home = File.OpenHandle("/proc/self/ns/net");
        thread = new Thread(Loop) { IsBackground = true, Name = "palisade-netns" };
        thread.Start();
    }

    /// <summary>Creates a socket in the namespace without blocking a thread-pool thread.</summary>
    public Task<Socket> CreateAsync(string netns, SocketType type, ProtocolType protocol)
    {
        var handle = handles.GetOrAdd(netns, n => File.OpenHandle(Path.Combine("/run/netns", n)));
        var tcs = new TaskCompletionSource<Socket>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add(() =>
        {
            try
            {
                if (Native.SetNs((int)handle.DangerousGetHandle(), Native.CLONE_NEWNET) != 0)
                {
                    throw new PalisadeException(DiagnosticCatalog.LabSetns, $"cannot enter network namespace {netns} (setns errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()})");
                }

                try
                {
                    tcs.SetResult(new Socket(AddressFamily.InterNetwork, type, protocol));
                }
                finally
                {
                    if (Native.SetNs((int)home.DangerousGetHandle(), Native.CLONE_NEWNET) != 0)
                    {
                        Environment.FailFast("palisade: cannot return to the original network namespace");
                    }
                }
            }
            catch (Exception e)
            {
                tcs.TrySetException(e);
            }
        });
        return tcs.Task;
    }

    private void Loop()
    {
        foreach (var work in queue.GetConsumingEnumerable())
        {
            work();
        }
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        thread.Join();
        foreach (var h in handles.Values)
        {
            h.Dispose();
        }

        home.Dispose();
        queue.Dispose();
    }
}
