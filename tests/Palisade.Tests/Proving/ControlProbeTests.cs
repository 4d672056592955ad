using Palisade.Net;
using Palisade.Proving;

namespace Palisade.Tests.Proving;

/// <summary>The one control-probe rule the lab and live probes share.</summary>
public sealed class ControlProbeTests
{
    [Theory]
    [InlineData(ProbeOutcome.Connected, null, ProbeVerdict.Reachable)]
    [InlineData(ProbeOutcome.Refused, ProbeOutcome.Connected, ProbeVerdict.Blocked)]
    [InlineData(ProbeOutcome.TimedOut, ProbeOutcome.Connected, ProbeVerdict.Blocked)]
    [InlineData(ProbeOutcome.Refused, ProbeOutcome.Refused, ProbeVerdict.ProvesNothing)]
    [InlineData(ProbeOutcome.TimedOut, ProbeOutcome.TimedOut, ProbeVerdict.ProvesNothing)]
    [InlineData(ProbeOutcome.Refused, null, ProbeVerdict.ProvesNothing)]
    [InlineData(ProbeOutcome.DnsFailure, ProbeOutcome.Connected, ProbeVerdict.ProvesNothing)]
    [InlineData(ProbeOutcome.Unreachable, ProbeOutcome.Connected, ProbeVerdict.ProvesNothing)]
    [InlineData(ProbeOutcome.Error, null, ProbeVerdict.Failed)]
    [InlineData(ProbeOutcome.NotRun, null, ProbeVerdict.NotProbeable)]
    public void Decide_ProbeAndControl_GivesVerdict(ProbeOutcome probe, ProbeOutcome? control, ProbeVerdict expected) =>
        Assert.Equal(expected, ControlProbe.Decide(probe, control));

    [Theory]
    [InlineData(ProbeOutcome.Refused, true)]
    [InlineData(ProbeOutcome.TimedOut, true)]
    [InlineData(ProbeOutcome.Connected, false)]
    [InlineData(ProbeOutcome.DnsFailure, false)]
    [InlineData(ProbeOutcome.Error, false)]
    public void IsNeeded_OnlyRefusalsAndTimeOuts_NeedAControl(ProbeOutcome outcome, bool needed) =>
        Assert.Equal(needed, ControlProbe.IsNeeded(outcome));

    [Fact]
    public void Explain_RefusalWithListeningControl_NamesTheControlSource()
    {
        var port = new PortProtocol(22, Protocol.TCP);
        var o = CheckedObservation.Decide(
            new Observation("apps/n8n", "10.42.0.11", port, ProbeOutcome.Refused),
            new Observation("dev/nginx-proxy", "10.42.0.11", port, ProbeOutcome.Connected));

        Assert.Equal(ProbeVerdict.Blocked, o.Verdict);
        Assert.Equal("refused, while a control probe from dev/nginx-proxy (allowed by policy) connected: the port listens, so policy blocks this connection", o.Explanation);
    }
}
