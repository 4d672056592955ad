using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Palisade.Cluster.Probing;
using Palisade.Proving;

namespace Palisade.Cluster.Tests.Probing;

/// <summary>Runs the real probe program with this machine's sh against loopback listeners.</summary>
public sealed class ProbeScriptTests
{
    private static (string Tool, ProbeOutcome? Outcome, string Detail) Run(string host, int port, string tool)
    {
        var psi = new ProcessStartInfo("sh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in ProbeScript.Command(host, port, TimeSpan.FromSeconds(2), tool).Skip(1))
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var output = p.StandardOutput.ReadToEnd();
        Assert.True(p.WaitForExit(30_000));
        var parsed = ProbeScript.Parse(output);
        Assert.True(parsed is not null, $"no probe line in: {output} / {p.StandardError.ReadToEnd()}");
        return parsed.Value;
    }

    [Theory]
    [InlineData("python3")]
    [InlineData("bash")]
    public void Program_ListeningPort_Connects(string tool)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var (used, outcome, _) = Run("127.0.0.1", port, tool);

        Assert.Equal(tool, used);
        Assert.Equal(ProbeOutcome.Connected, outcome);
    }

    [Theory]
    [InlineData("python3")]
    [InlineData("bash")]
    public void Program_ClosedPort_IsRefused(string tool)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var (used, outcome, _) = Run("127.0.0.1", port, tool);

        Assert.Equal(tool, used);
        Assert.Equal(ProbeOutcome.Refused, outcome);
    }

    [Fact]
    public void Program_NoUsableTool_SaysNotool()
    {
        var (used, outcome, _) = Run("127.0.0.1", 1, "no-such-tool");

        Assert.Equal("none", used);
        Assert.Null(outcome);
    }

    [Theory]
    [InlineData("palisade-probe python3 refused\n", "python3", ProbeOutcome.Refused)]
    [InlineData("noise\npalisade-probe nc timeout\n", "nc", ProbeOutcome.TimedOut)]
    [InlineData("palisade-probe bash dns Name or service not known\n", "bash", ProbeOutcome.DnsFailure)]
    public void Parse_CanonicalLine_GivesToolAndOutcome(string stdout, string tool, ProbeOutcome outcome)
    {
        var parsed = ProbeScript.Parse(stdout);

        Assert.Equal((tool, (ProbeOutcome?)outcome), (parsed!.Value.Tool, parsed.Value.Outcome));
    }
}
