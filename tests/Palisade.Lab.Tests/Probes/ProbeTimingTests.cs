using Palisade.Lab.Probes;

namespace Palisade.Lab.Tests.Probes;

/// <summary>The rule that turns measured round trips into timeouts (docs/lab.md, "Timeouts"): pure, no lab needed.</summary>
public sealed class ProbeTimingTests
{
    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void ProbeTiming_NoSamples_WaitsTheFloors()
    {
        var timing = new ProbeTiming(Ms(1000));
        Assert.Equal(Ms(1000), timing.ConnectTimeout);
        Assert.Equal(ProbeTiming.AnswerFloor, timing.AnswerWindow(alwaysAnswered: false));
        Assert.Equal(ProbeTiming.RequestAnswerFloor, timing.AnswerWindow(alwaysAnswered: true));
        Assert.Equal(Ms(1000) + ProbeTiming.CommandFloor, timing.CommandLimit);
    }

    [Fact]
    public void ProbeTiming_FastRoundTrips_StayAtTheFloor()
    {
        // An idle machine: 0.2 ms connects; 20 × 0.2 ms is far below the floor, which is what counts.
        var timing = new ProbeTiming(Ms(400));
        for (var i = 0; i < 10; i++)
        {
            timing.RecordRoundTrip(Ms(0.2));
        }

        Assert.Equal(Ms(400), timing.ConnectTimeout);
    }

    [Fact]
    public void ProbeTiming_SlowRoundTrips_TimeoutIsTheFactorTimesTheSlowestButOne()
    {
        var timing = new ProbeTiming(Ms(1000));
        timing.RecordRoundTrip(Ms(150));
        Assert.Equal(Ms(150 * ProbeTiming.RoundTripFactor), timing.ConnectTimeout); // one sample: it counts
        timing.RecordRoundTrip(Ms(30));
        timing.RecordRoundTrip(Ms(120));
        timing.RecordRoundTrip(Ms(80));
        Assert.Equal(Ms(120), timing.SlowestRoundTrip);
        Assert.Equal(Ms(120 * ProbeTiming.RoundTripFactor), timing.ConnectTimeout);
        Assert.Equal(Ms(120 * ProbeTiming.RoundTripFactor), timing.AnswerWindow(alwaysAnswered: false));
        Assert.Equal(ProbeTiming.RequestAnswerFloor, timing.AnswerWindow(alwaysAnswered: true));
    }

    [Fact]
    public void ProbeTiming_OneOutlier_DoesNotSetTheTimeout()
    {
        // A garbage collection or a first call's compilation: one slow sample among fast ones.
        var timing = new ProbeTiming(Ms(1000));
        timing.RecordRoundTrip(Ms(2000));
        timing.RecordRoundTrip(Ms(2));
        timing.RecordRoundTrip(Ms(3));
        Assert.Equal(Ms(1000), timing.ConnectTimeout);

        // Two slow samples are load, not an outlier.
        timing.RecordRoundTrip(Ms(200));
        Assert.Equal(Ms(200 * ProbeTiming.RoundTripFactor), timing.ConnectTimeout);
    }

    [Fact]
    public void ProbeTiming_HugeRoundTrip_TimeoutStopsAtTheCeiling()
    {
        var timing = new ProbeTiming(Ms(1000));
        timing.RecordRoundTrip(TimeSpan.FromSeconds(30));
        timing.RecordRoundTrip(TimeSpan.FromSeconds(30));
        Assert.Equal(ProbeTiming.Ceiling, timing.ConnectTimeout);

        // A floor above the ceiling wins: the caller asked for at least that long.
        var patient = new ProbeTiming(TimeSpan.FromSeconds(20));
        patient.RecordRoundTrip(TimeSpan.FromSeconds(30));
        patient.RecordRoundTrip(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(20), patient.ConnectTimeout);
    }

    [Fact]
    public void ProbeTiming_OldSpike_IsForgottenAfterTheWindow()
    {
        var timing = new ProbeTiming(Ms(1000));
        timing.RecordRoundTrip(Ms(200));
        timing.RecordRoundTrip(Ms(200));
        Assert.Equal(Ms(200 * ProbeTiming.RoundTripFactor), timing.ConnectTimeout);
        for (var i = 0; i < ProbeTiming.Window - 2; i++)
        {
            timing.RecordRoundTrip(Ms(1));
        }

        Assert.Equal(Ms(200 * ProbeTiming.RoundTripFactor), timing.ConnectTimeout); // both still in the window
        timing.RecordRoundTrip(Ms(1));
        Assert.Equal(Ms(1000), timing.ConnectTimeout);
    }

    [Fact]
    public void ProbeTiming_SlowProcessStartsAndCommands_LengthenTheCommandLimit()
    {
        var timing = new ProbeTiming(Ms(1000));
        timing.RecordProcessStart(Ms(20)); // 100 × 20 ms = 2 s: below the 30 s floor
        Assert.Equal(Ms(1000) + ProbeTiming.CommandFloor, timing.CommandLimit);

        timing.RecordProcessStart(Ms(400));
        timing.RecordProcessStart(Ms(450)); // 100 × 400 ms = 40 s (the slowest but one)
        Assert.Equal(Ms(1000) + Ms(400 * ProbeTiming.ProcessStartFactor), timing.CommandLimit);

        timing.RecordCommand(Ms(12000)); // a login that took 12 s: 4 × 12 s = 48 s
        Assert.Equal(Ms(1000) + Ms(12000 * ProbeTiming.CommandFactor), timing.CommandLimit);

        timing.RecordCommand(TimeSpan.FromMinutes(5));
        timing.RecordCommand(TimeSpan.FromMinutes(5));
        Assert.Equal(Ms(1000) + ProbeTiming.CommandCeiling, timing.CommandLimit);
    }

    [Fact]
    public void ProbeTiming_NonPositiveFloor_IsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ProbeTiming(TimeSpan.Zero));
    }

    [Theory]
    [InlineData(0.4, 1)]
    [InlineData(1.0, 1)]
    [InlineData(1.2, 2)]
    [InlineData(15.0, 15)]
    public void ProbeTiming_WholeSeconds_RoundsUpAndIsAtLeastOne(double seconds, int expected)
    {
        Assert.Equal(expected, ProbeTiming.WholeSeconds(TimeSpan.FromSeconds(seconds)));
    }
}
