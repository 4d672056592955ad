namespace Palisade.Cli;

/// <summary>
/// One status line on a terminal, redrawn in place (carriage return, clear line): what <see cref="ProgressLine"/> and
/// <see cref="StaticProgress"/> both draw. Not thread-safe: a caller that draws from a timer holds its own lock.
/// </summary>
internal sealed class StatusLine(TextWriter writer)
{
    private const string ClearLine = "\r\u001b[2K";

    /// <summary>True when standard error is a terminal that understands the clear-line sequence.</summary>
    public static bool StandardErrorIsCapable =>
        !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") is not ("dumb" or null or "");

    /// <summary>The line is on the screen (drawn and not erased or ended since).</summary>
    public bool Shown { get; private set; }

    /// <summary>Replaces whatever the line holds with <paramref name="text"/>.</summary>
    public void Draw(string text)
    {
        writer.Write(ClearLine + text);
        writer.Flush();
        Shown = true;
    }

    /// <summary>Erases the line if it is shown, leaving the cursor at its start.</summary>
    public void Erase()
    {
        if (Shown)
        {
            writer.Write(ClearLine);
            writer.Flush();
            Shown = false;
        }
    }

    /// <summary>Ends a line left standing (an error follows it), so the next output starts on its own line.</summary>
    public void End()
    {
        if (Shown)
        {
            writer.WriteLine();
            writer.Flush();
            Shown = false;
        }
    }
}
