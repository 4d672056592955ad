using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Palisade.Cluster.Tests.Connection;

/// <summary>
/// A tiny TCP server on 127.0.0.1 that misbehaves as an API server address can: accepts and never answers, or
/// answers every request with a fixed HTTP response (an HTML login page, JSON of the wrong shape).
/// </summary>
public sealed class RawServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stop = new();
    private readonly List<TcpClient> held = [];
    private readonly string? response;

    private RawServer(string? response)
    {
        this.response = response;
        listener.Start();
        _ = Task.Run(AcceptAsync);
    }

    /// <summary>The http://127.0.0.1:port address.</summary>
    public string Address => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>A loopback port nothing listens on (it was free a moment ago): connecting is refused.</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A server that accepts connections, reads the request and never answers.</summary>
    public static RawServer Silent() => new(null);

    /// <summary>A server that answers every request with status 200, the content type and the body.</summary>
    public static RawServer Answering(string contentType, string body) =>
        new($"HTTP/1.1 200 OK\r\nContent-Type: {contentType}\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}");

    /// <inheritdoc />
    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        lock (held)
        {
            held.ForEach(c => c.Dispose());
        }

        stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            lock (held)
            {
                held.Add(client);
            }

            _ = Task.Run(async () =>
            {
                try
                {
                    var stream = client.GetStream();
                    var buffer = new byte[65536];
                    _ = await stream.ReadAsync(buffer, stop.Token);
                    if (response is not null)
                    {
                        await stream.WriteAsync(Encoding.UTF8.GetBytes(response), stop.Token);
                        client.Close();
                    }
                }
                catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
                {
                }
            });
        }
    }
}
