namespace Palisade.Lab.Probes;

/// <summary>
/// How long the lab's probes wait, derived from round trips measured inside the lab (docs/lab.md, "Timeouts"). A
/// connection that a policy drops never answers, so a blocked probe in drop mode always waits out its timeout; an
/// allowed one that times out on a loaded machine would be reported blocked. So the timeout follows what the lab
/// measures (every connection that succeeds is a sample), never goes below a floor, and a timed-out probe is probed
/// once more with twice the time before it counts (<see cref="RetryFactor"/>). Thread-safe.
/// </summary>
public sealed class ProbeTiming
{
    /// <summary>A connect (or a UDP answer) may take this many times the slowest recent round trip.</summary>
    public const int RoundTripFactor = 20;

    /// <summary>A client program (ssh, psql) may take this many times the slowest recent process start in the lab.</summary>
    public const int ProcessStartFactor = 100;

    /// <summary>A client program may take this many times the slowest recent run of a client program that succeeded.</summary>
    public const int CommandFactor = 4;

    /// <summary>The second attempt of a timed-out probe waits this many times as long as the first.</summary>
    public const int RetryFactor = 2;

    /// <summary>How many recent samples of each kind count (older ones are forgotten, so a passing spike passes).</summary>
    public const int Window = 32;

    /// <summary>The shortest window for the answer to a PING (a server may never answer one: PostgreSQL).</summary>
    public static readonly TimeSpan AnswerFloor = TimeSpan.FromMilliseconds(500);

    /// <summary>The shortest window for the answer to a request every server answers (an HTTP GET).</summary>
    public static readonly TimeSpan RequestAnswerFloor = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The shortest time a client program gets beyond its connect timeout. The client's own connect timeout decides a
    /// blocked connection; this limit only stops a client that hangs after connecting, so it is generous: a login under
    /// load 35 took more than 6 s (CI), and a passing login ends as soon as it is done.
    /// </summary>
    public static readonly TimeSpan CommandFloor = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest connect timeout the measurements can ask for (unless the floor is longer): 250 ms round trips inside
    /// one machine are already a machine in trouble, and a re-probe doubles it.
    /// </summary>
    public static readonly TimeSpan Ceiling = TimeSpan.FromSeconds(5);

    /// <summary>The longest time a client program can get beyond its connect timeout.</summary>
    public static readonly TimeSpan CommandCeiling = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private readonly Queue<TimeSpan> roundTrips = new();
    private readonly Queue<TimeSpan> processStarts = new();
    private readonly Queue<TimeSpan> commands = new();

    /// <summary>Creates the timing with its floor: no connect timeout is shorter.</summary>
    public ProbeTiming(TimeSpan floor)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(floor, TimeSpan.Zero);
        Floor = floor;
    }

    /// <summary>The shortest connect timeout (<see cref="LabOptions.ProbeTimeout"/>).</summary>
    public TimeSpan Floor { get; }

    /// <summary>
    /// The slowest recent round trip but one (the only one while there is one; zero before any): one outlier, a
    /// garbage collection or a first call's compilation, does not set every timeout.
    /// </summary>
    public TimeSpan SlowestRoundTrip => SlowestButOne(roundTrips);

    /// <summary>The slowest recent process start but one (zero before any).</summary>
    public TimeSpan SlowestProcessStart => SlowestButOne(processStarts);

    /// <summary>How long a first connect attempt (or a UDP exchange) waits: <see cref="RoundTripFactor"/> × <see cref="SlowestRoundTrip"/>, within [floor, max(floor, ceiling)].</summary>
    public TimeSpan ConnectTimeout => Clamp(SlowestRoundTrip * RoundTripFactor, Floor, Max(Floor, Ceiling));

    /// <summary>How long a connected probe waits for the server's answer: a PING's window, or (when the server always answers) a request's.</summary>
    public TimeSpan AnswerWindow(bool alwaysAnswered)
    {
        var window = Clamp(SlowestRoundTrip * RoundTripFactor, AnswerFloor, Ceiling);
        return alwaysAnswered ? Max(window, RequestAnswerFloor) : window;
    }

    /// <summary>
    /// How long a client program (ssh, psql) may run in all: its connect timeout plus the larger of
    /// <see cref="ProcessStartFactor"/> × <see cref="SlowestProcessStart"/> and <see cref="CommandFactor"/> × the slowest
    /// recent successful client run but one, within [<see cref="CommandFloor"/>, <see cref="CommandCeiling"/>].
    /// </summary>
    public TimeSpan CommandLimit => ConnectTimeout + Clamp(Max(SlowestProcessStart * ProcessStartFactor, SlowestButOne(commands) * CommandFactor), CommandFloor, CommandCeiling);

    /// <summary>Records how long a connection that succeeded took to connect (or a UDP exchange to answer).</summary>
    public void RecordRoundTrip(TimeSpan elapsed) => Add(roundTrips, elapsed);

    /// <summary>Records how long starting a process inside the lab took (a calibration).</summary>
    public void RecordProcessStart(TimeSpan elapsed) => Add(processStarts, elapsed);

    /// <summary>Records how long a client program that succeeded ran in all.</summary>
    public void RecordCommand(TimeSpan elapsed) => Add(commands, elapsed);

    /// <summary>Whole seconds, at least one, for clients that take seconds (ssh's ConnectTimeout, PGCONNECT_TIMEOUT).</summary>
    public static int WholeSeconds(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalSeconds));

    private void Add(Queue<TimeSpan> samples, TimeSpan elapsed)
    {
        if (elapsed < TimeSpan.Zero)
        {
            return;
        }

        lock (gate)
        {
            samples.Enqueue(elapsed);
            while (samples.Count > Window)
            {
                samples.Dequeue();
            }
        }
    }

    private TimeSpan SlowestButOne(Queue<TimeSpan> samples)
    {
        lock (gate)
        {
            return samples.Count switch
            {
                0 => TimeSpan.Zero,
                1 => samples.Peek(),
                _ => samples.Order().ElementAt(samples.Count - 2),
            };
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Clamp(TimeSpan value, TimeSpan low, TimeSpan high) => value < low ? low : value > high ? high : value;
}
