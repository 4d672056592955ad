using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Palisade.Lab.Netns;
using Palisade.Lab.Processes;
using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Lab.Probes;

/// <summary>
/// Sends real packets from a lab namespace and classifies what comes back. How long it waits comes from
/// <paramref name="timing"/>, which every connection that succeeds feeds with its round trip; <c>attempt</c> 2 is the
/// re-probe of a timed-out probe and waits <see cref="ProbeTiming.RetryFactor"/> times as long.
/// </summary>
internal sealed class Prober(NetnsSockets sockets, ProbeTiming timing)
{
    private static readonly byte[] Ping = Encoding.ASCII.GetBytes("PING\n");

    /// <summary>The timing the probes follow.</summary>
    public ProbeTiming Timing => timing;

    private TimeSpan Timeout(int attempt) => attempt <= 1 ? timing.ConnectTimeout : timing.ConnectTimeout * ProbeTiming.RetryFactor;

    /// <summary>Probes one address and port from a source; <paramref name="record"/> false keeps its round trip out of the timing (a warm-up).</summary>
    public async Task<Observation> ProbeAsync(ProbeSource from, IpAddr address, PortProtocol port, byte[]? payload = null, int attempt = 1, bool record = true)
    {
        var timeout = Timeout(attempt);
        var watch = Stopwatch.StartNew();
        Socket socket;
        try
        {
            socket = port.Protocol switch
            {
                Protocol.UDP => await sockets.CreateAsync(from.Netns, SocketType.Dgram, ProtocolType.Udp),
                Protocol.TCP => await sockets.CreateAsync(from.Netns, SocketType.Stream, ProtocolType.Tcp),
                _ => await sockets.CreateAsync(from.Netns, SocketType.Stream, (ProtocolType)132),
            };
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.ProtocolNotSupported or SocketError.ProtocolType)
        {
            return LabObservation.Make(from, address, port, ProbeOutcome.Unsupported, watch.Elapsed, null, $"{port.Protocol} is not supported by this kernel");
        }

        using (socket)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                if (from.SourceAddress is { } source)
                {
                    socket.Bind(new IPEndPoint(source.ToIPAddress(), 0));
                }

                var remote = new IPEndPoint(address.ToIPAddress(), port.Port);
                // The round trip is timed from the first packet, not from asking for the socket: with many probes in
                // flight, the wait for the namespace thread to create sockets is this process's queue, not the lab's.
                var sent = watch.Elapsed;
                if (port.Protocol == Protocol.UDP)
                {
                    socket.Connect(remote);
                    var request = payload ?? (port.Port == 53 ? DnsMessage.Query(0x5a17, "kube-dns.kube-system.svc.cluster.local") : Ping);
                    await socket.SendAsync(request, SocketFlags.None, cts.Token);
                    var buffer = new byte[2048];
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
                    if (record)
                    {
                        timing.RecordRoundTrip(watch.Elapsed - sent);
                    }

                    return Result(ProbeOutcome.Connected, Answer(buffer, n, port), null);
                }

                await socket.ConnectAsync(remote, cts.Token);
                var connectedAt = watch.Elapsed;
                if (record)
                {
                    timing.RecordRoundTrip(connectedAt - sent);
                }

                string? answer = null;
                try
                {
                    // A PING may meet a server that never answers it (PostgreSQL), so its answer window is short. A
                    // request the server always answers (an HTTP GET) may wait longer: the connection already decided
                    // the verdict, and on a loaded machine a responder can take more than half a second to reply.
                    using var read = new CancellationTokenSource(timing.AnswerWindow(alwaysAnswered: payload is not null));
                    await socket.SendAsync(payload ?? Ping, SocketFlags.None, read.Token);
                    var buffer = new byte[2048];
                    var n = await socket.ReceiveAsync(buffer, SocketFlags.None, read.Token);
                    answer = Answer(buffer, n, port);
                }
                catch (Exception e) when (e is OperationCanceledException or SocketException)
                {
                    // Connected is what counts; a server that says nothing to "PING" (PostgreSQL) is fine.
                }

                return LabObservation.Make(from, address, port, ProbeOutcome.Connected, connectedAt, answer, null);
            }
            catch (OperationCanceledException)
            {
                return Result(ProbeOutcome.TimedOut, null, null);
            }
            catch (SocketException e)
            {
                var outcome = e.SocketErrorCode switch
                {
                    SocketError.ConnectionRefused => ProbeOutcome.Refused,
                    SocketError.TimedOut => ProbeOutcome.TimedOut,
                    SocketError.HostUnreachable or SocketError.NetworkUnreachable => ProbeOutcome.Unreachable,
                    _ => ProbeOutcome.Error,
                };
                return Result(outcome, null, outcome == ProbeOutcome.Error ? e.Message : null);
            }
        }

        Observation Result(ProbeOutcome outcome, string? answer, string? detail) =>
            LabObservation.Make(from, address, port, outcome, watch.Elapsed, answer, detail);
    }

    /// <summary>Asks a DNS server for a name's A records over UDP or TCP.</summary>
    public async Task<(Observation Result, IReadOnlyList<IpAddr> Addresses)> DnsAsync(ProbeSource from, IpAddr server, string name, Protocol protocol, int attempt = 1)
    {
        var timeout = Timeout(attempt);
        var query = DnsMessage.Query((ushort)Random.Shared.Next(1, 65535), name);
        var port = new PortProtocol(53, protocol);
        var udp = protocol == Protocol.UDP;
        var watch = Stopwatch.StartNew();
        var socket = await sockets.CreateAsync(from.Netns, udp ? SocketType.Dgram : SocketType.Stream, udp ? ProtocolType.Udp : ProtocolType.Tcp);
        using (socket)
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                if (from.SourceAddress is { } s)
                {
                    socket.Bind(new IPEndPoint(s.ToIPAddress(), 0));
                }

                var endpoint = new IPEndPoint(server.ToIPAddress(), 53);
                var message = udp
                    ? await DnsOverUdpAsync(socket, endpoint, query, watch, cts.Token)
                    : await DnsOverTcpAsync(socket, endpoint, query, watch, cts.Token);
                return Decode(from, server, port, watch.Elapsed, message.Span);
            }
            catch (OperationCanceledException)
            {
                return (LabObservation.Make(from, server, port, ProbeOutcome.TimedOut, watch.Elapsed, null, name), []);
            }
            catch (SocketException e)
            {
                var outcome = e.SocketErrorCode == SocketError.ConnectionRefused ? ProbeOutcome.Refused : ProbeOutcome.Error;
                return (LabObservation.Make(from, server, port, outcome, watch.Elapsed, null, name), []);
            }
        }
    }

    /// <summary>One datagram each way; the round trip is the query's.</summary>
    private async Task<ReadOnlyMemory<byte>> DnsOverUdpAsync(Socket socket, IPEndPoint server, byte[] query, Stopwatch watch, CancellationToken cancellationToken)
    {
        socket.Connect(server);
        var sent = watch.Elapsed;
        await socket.SendAsync(query, SocketFlags.None, cancellationToken);
        var buffer = new byte[4096];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken);
        timing.RecordRoundTrip(watch.Elapsed - sent);
        return buffer.AsMemory(0, n);
    }

    /// <summary>The query and the answer each framed by a two-byte length (RFC 1035 4.2.2); the round trip is the handshake's.</summary>
    private async Task<ReadOnlyMemory<byte>> DnsOverTcpAsync(Socket socket, IPEndPoint server, byte[] query, Stopwatch watch, CancellationToken cancellationToken)
    {
        var framed = new byte[query.Length + 2];
        BinaryPrimitives.WriteUInt16BigEndian(framed, (ushort)query.Length);
        query.CopyTo(framed, 2);
        var sent = watch.Elapsed;
        await socket.ConnectAsync(server, cancellationToken);
        timing.RecordRoundTrip(watch.Elapsed - sent);
        await socket.SendAsync(framed, SocketFlags.None, cancellationToken);
        var buffer = new byte[4096];
        var total = 0;
        while (total < 2 || total < 2 + BinaryPrimitives.ReadUInt16BigEndian(buffer))
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return buffer.AsMemory(2, Math.Max(0, total - 2));
    }

    private static (Observation, IReadOnlyList<IpAddr>) Decode(ProbeSource from, IpAddr server, PortProtocol port, TimeSpan elapsed, ReadOnlySpan<byte> message)
    {
        var (rcode, addresses) = DnsMessage.Parse(message);
        var outcome = rcode == 0 && addresses.Count > 0 ? ProbeOutcome.Connected : ProbeOutcome.DnsFailure;
        var answer = addresses.Count > 0 ? string.Join(",", addresses) : $"rcode {rcode}";
        return (LabObservation.Make(from, server, port, outcome, elapsed, answer, null), addresses);
    }

    /// <summary>
    /// Runs a client program inside the source namespace (ssh, psql) and reports its first output line. The program
    /// is killed after <see cref="ProbeTiming.CommandLimit"/> (times <see cref="ProbeTiming.RetryFactor"/> on attempt 2);
    /// <paramref name="command"/> gets the connect timeout in whole seconds, for the client's own option.
    /// </summary>
    public async Task<Observation> CommandAsync(ProbeSource from, IpAddr address, PortProtocol port, Func<int, IReadOnlyList<string>> command,
        int attempt = 1, Func<int, IReadOnlyDictionary<string, string>>? environment = null)
    {
        var connectSeconds = ProbeTiming.WholeSeconds(Timeout(attempt));
        var limit = attempt <= 1 ? timing.CommandLimit : timing.CommandLimit * ProbeTiming.RetryFactor;
        var result = await CommandRunner.RunAsync("ip", ["netns", "exec", from.Netns, .. command(connectSeconds)], null, limit, environment?.Invoke(connectSeconds));
        if (result.Succeeded)
        {
            timing.RecordCommand(result.Elapsed);
        }

        var output = result.StandardOutput.Trim();
        var error = result.StandardError.Trim();
        var outcome = result.Succeeded ? ProbeOutcome.Connected
            : error.Contains("refused", StringComparison.OrdinalIgnoreCase) ? ProbeOutcome.Refused
            : error.Contains("timed out", StringComparison.OrdinalIgnoreCase) || error.Contains("timeout", StringComparison.OrdinalIgnoreCase) || result.ExitCode == -1 ? ProbeOutcome.TimedOut
            : error.Contains("resolve", StringComparison.OrdinalIgnoreCase) ? ProbeOutcome.DnsFailure
            : ProbeOutcome.Error;
        return LabObservation.Make(from, address, port, outcome, result.Elapsed, output.Length == 0 ? null : output.Split('\n')[0],
            result.Succeeded ? null : error.Split('\n').LastOrDefault());
    }

    /// <summary>Starts a program that does nothing inside a namespace and records how long that took (a calibration of <see cref="ProbeTiming.CommandLimit"/>).</summary>
    public async Task MeasureProcessStartAsync(string netns)
    {
        var result = await CommandRunner.RunAsync("ip", ["netns", "exec", netns, "true"], null, TimeSpan.FromSeconds(30));
        if (result.Succeeded)
        {
            timing.RecordProcessStart(result.Elapsed);
        }
    }

    private static string? Answer(byte[] buffer, int n, PortProtocol port)
    {
        if (n <= 0)
        {
            return null;
        }

        if (port.Port == 53)
        {
            return "dns";
        }

        var text = Encoding.ASCII.GetString(buffer, 0, n);
        if (text.StartsWith("HTTP/", StringComparison.Ordinal))
        {
            var marker = "X-Palisade-Pod: ";
            var i = text.IndexOf(marker, StringComparison.Ordinal);
            return i < 0 ? text.Split('\n')[0].Trim() : text[(i + marker.Length)..].Split('\r', '\n')[0];
        }

        return text.Split('\n')[0].Trim();
    }
}
