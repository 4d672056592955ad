using Palisade.Proving;

namespace Palisade.Cli;

/// <summary>
/// Progress on standard error. On a terminal it is one status line redrawn in place (carriage return, clear line)
/// and ends with a summary line; when standard error is redirected (pipes, CI, tests) every step is a plain
/// <c>PREFIX: message</c> line and details are left out, so logs stay short and stable.
/// </summary>
internal sealed class ProgressLine : IDisposable, IProofProgress
{
    private readonly TextWriter err;
    private readonly string prefix;
    private readonly StatusLine line;

    /// <summary>Progress for <paramref name="ctx"/>'s error writer, each line starting with <c>PREFIX: </c>.</summary>
    public ProgressLine(CliContext ctx, string prefix)
    {
        err = ctx.Err;
        this.prefix = prefix + ": ";
        line = new StatusLine(err);
        IsLive = ctx.IsConsole && StatusLine.StandardErrorIsCapable;
    }

    /// <summary>The status line is redrawn in place (standard error is a capable terminal).</summary>
    public bool IsLive { get; }

    /// <summary>A step worth a line in a log: shown either way.</summary>
    public void Step(string message)
    {
        if (IsLive)
        {
            Draw(message);
        }
        else
        {
            err.WriteLine(prefix + message);
        }
    }

    /// <summary>A fine-grained update (each server, each probe): shown on a terminal only.</summary>
    public void Detail(string message)
    {
        if (IsLive)
        {
            Draw(message);
        }
    }

    /// <summary>Replaces the status line with a final summary line; call before writing anything else.</summary>
    public void Done(string message)
    {
        line.Erase();
        err.WriteLine(prefix + message);
        err.Flush();
    }

    /// <summary>Erases the status line when the command's own output carries the summary.</summary>
    public void Clear() => line.Erase();

    /// <summary>Ends a status line left standing (an error follows it) so the next output starts on its own line.</summary>
    public void Dispose() => line.End();

    private void Draw(string message)
    {
        // A line wider than the terminal wraps and the clear would only erase its last row: cut it.
        var text = prefix + message;
        var width = Width();
        if (text.Length >= width)
        {
            text = text[..Math.Max(0, width - 2)] + "…";
        }

        line.Draw(text);
    }

    private static int Width()
    {
        try
        {
            return Console.WindowWidth > 10 ? Console.WindowWidth : 80;
        }
        catch (IOException)
        {
            return 80;
        }
    }
}
