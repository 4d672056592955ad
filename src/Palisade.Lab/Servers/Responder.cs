using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Lab.Netns;
using Palisade.Net;

namespace Palisade.Lab.Servers;

/// <summary>
/// The lab's probe responder (like upstream's agnhost): on each port of a pod it answers with the pod's
/// "namespace/name", so a probe proves which pod answered. TCP and SCTP answer a line (or a minimal HTTP
/// response when the request looks like HTTP); UDP answers each datagram. Runs in-process on sockets created
/// inside the pod's namespace.
/// </summary>
internal sealed class Responder : IDisposable
{
    private const ProtocolType Sctp = (ProtocolType)132;
    private readonly List<Socket> sockets = [];
    private readonly CancellationTokenSource stop = new();
    private readonly byte[] line;
    private readonly string identity;

    private Responder(string identity)
    {
        this.identity = identity;
        line = Encoding.ASCII.GetBytes(identity + "\n");
    }

    /// <summary>Ports that could not be served (SCTP on a kernel without it), with the reason.</summary>
    public List<(PortProtocol Port, string Reason)> Unserved { get; } = [];

    /// <summary>Starts serving the ports on the pod's address.</summary>
    public static async Task<Responder> StartAsync(NetnsSockets factory, string netns, IpAddr address, string identity, IEnumerable<PortProtocol> ports)
    {
        var r = new Responder(identity);
        foreach (var port in ports.Distinct().Order())
        {
            try
            {
                var endpoint = new IPEndPoint(address.ToIPAddress(), port.Port);
                switch (port.Protocol)
                {
                    case Protocol.UDP:
                        var udp = await factory.CreateAsync(netns, SocketType.Dgram, ProtocolType.Udp);
                        udp.Bind(endpoint);
                        r.sockets.Add(udp);
                        _ = r.ServeUdpAsync(udp);
                        break;
                    default:
                        var stream = await factory.CreateAsync(netns, SocketType.Stream, port.Protocol == Protocol.TCP ? ProtocolType.Tcp : Sctp);
                        stream.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
                        stream.Bind(endpoint);
                        stream.Listen(128);
                        r.sockets.Add(stream);
                        _ = r.ServeStreamAsync(stream);
                        break;
                }
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ProtocolNotSupported or SocketError.ProtocolType or SocketError.AddressFamilyNotSupported)
            {
                r.Unserved.Add((port, $"{port.Protocol} is not supported by this kernel"));
            }
        }

        return r;
    }

    private async Task ServeUdpAsync(Socket socket)
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var got = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, stop.Token);
                await socket.SendToAsync(line, SocketFlags.None, got.RemoteEndPoint, stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (SocketException)
            {
                if (stop.IsCancellationRequested)
                {
                    return;
                }
            }
            catch (ObjectDisposedException)
            {
                return;
            }
        }
    }

    private async Task ServeStreamAsync(Socket listener)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            _ = AnswerAsync(client);
        }
    }

    private async Task AnswerAsync(Socket client)
    {
        using (client)
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                timeout.CancelAfter(TimeSpan.FromSeconds(2));
                var buffer = new byte[1024];
                var n = await client.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                var request = Encoding.ASCII.GetString(buffer, 0, n);
                byte[] reply = line;
                if (LooksLikeHttp(request))
                {
                    var body = identity + "\n";
                    reply = Encoding.ASCII.GetBytes(
                        $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {Encoding.ASCII.GetByteCount(body)}\r\nConnection: close\r\nX-Palisade-Pod: {identity}\r\n\r\n{body}");
                }

                await client.SendAsync(reply, SocketFlags.None, timeout.Token);
                client.Shutdown(SocketShutdown.Send);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // A probe that hangs up early proves nothing more; nothing to do.
            }
        }
    }

    private static bool LooksLikeHttp(string request) =>
        request.StartsWith("GET ", StringComparison.Ordinal) || request.StartsWith("HEAD ", StringComparison.Ordinal)
        || request.StartsWith("POST ", StringComparison.Ordinal) || request.StartsWith("PUT ", StringComparison.Ordinal);

    public void Dispose()
    {
        stop.Cancel();
        foreach (var s in sockets)
        {
            s.Dispose();
        }

        stop.Dispose();
    }
}
