using System.Diagnostics;
using System.Globalization;

namespace Palisade.Cli;

/// <summary>
/// A status line on standard error for static work that runs past a second (loading, lint, a matrix at 10,000 pods),
/// only when standard error is a terminal: "palisade: loading inputs… 3 s", redrawn in place. It gives way to
/// output: it is erased before anything is written to standard error and drawn again later, and it stops for good
/// once standard output is written (on a terminal the two share the screen). Commands with their own progress
/// (<see cref="ProgressLine"/>) write to standard error, which erases it.
/// </summary>
internal sealed class StaticProgress : IDisposable
{
    private static readonly TimeSpan After = TimeSpan.FromSeconds(1);
    private readonly StatusLine line;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock gate = new();
    private readonly Timer timer;
    private TerminalWriter? errWriter;
    private bool stopped;

    private StaticProgress(TextWriter err)
    {
        line = new StatusLine(err);
        timer = new Timer(_ => Tick(), null, After, TimeSpan.FromMilliseconds(500));
    }

    /// <summary>What is being done, as set by the command (<see cref="CliContext.Activity"/>).</summary>
    public Func<string?> Activity { get; set; } = () => null;

    /// <summary>
    /// Wraps this process's standard streams for a terminal: colour where allowed, and a progress line when standard
    /// error is a terminal. Returns the writers to give the <see cref="CliContext"/>.
    /// </summary>
    public static (TextWriter Out, TextWriter Err, StaticProgress? Progress) Attach(TextWriter stdout, TextWriter stderr, string[] args)
    {
        var outTerminal = !Console.IsOutputRedirected;
        var errTerminal = StatusLine.StandardErrorIsCapable;
        var progress = errTerminal ? new StaticProgress(stderr) : null;
        var outColour = TerminalStyle.Enabled(outTerminal, args, Environment.GetEnvironmentVariable);
        var errColour = TerminalStyle.Enabled(!Console.IsErrorRedirected, args, Environment.GetEnvironmentVariable);
        TextWriter o = outColour || (progress is not null && outTerminal) ? new TerminalWriter(stdout, outColour, _ => progress?.Stop()) : stdout;
        TextWriter e = stderr;
        if (errColour || progress is not null)
        {
            var w = new TerminalWriter(stderr, errColour, _ => progress?.Erase());
            if (progress is not null)
            {
                progress.errWriter = w;
            }

            e = w;
        }

        return (o, e, progress);
    }

    /// <summary>Erases the line if it is shown; it is drawn again on a later tick.</summary>
    public void Erase()
    {
        lock (gate)
        {
            line.Erase();
        }
    }

    /// <summary>Erases the line and never draws it again.</summary>
    public void Stop()
    {
        lock (gate)
        {
            if (stopped)
            {
                return;
            }

            stopped = true;
            timer.Dispose();
        }

        Erase();
    }

    /// <inheritdoc />
    public void Dispose() => Stop();

    private void Tick()
    {
        lock (gate)
        {
            // Never in the middle of a line someone else is writing.
            if (stopped || errWriter is { AtLineStart: false })
            {
                return;
            }

            var seconds = ((int)clock.Elapsed.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            line.Draw($"palisade: {Activity() ?? "working"}… {seconds} s");
        }
    }
}
