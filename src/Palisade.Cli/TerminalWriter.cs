using System.Text;

namespace Palisade.Cli;

/// <summary>
/// A writer in front of one of this process's standard streams when it is a terminal: colours whole lines with
/// <see cref="TerminalStyle"/> when asked, and tells the <see cref="StaticProgress"/> line about every write, so that
/// progress never mixes with output. Used only by Program.cs; tests and pipes get the plain streams.
/// </summary>
internal sealed class TerminalWriter : TextWriter
{
    private readonly TextWriter inner;
    private readonly bool colour;
    private readonly Action<TerminalWriter> beforeWrite;
    private readonly StringBuilder line = new();

    /// <summary>A writer forwarding to <paramref name="inner"/>; <paramref name="beforeWrite"/> runs before each write.</summary>
    public TerminalWriter(TextWriter inner, bool colour, Action<TerminalWriter> beforeWrite)
    {
        this.inner = inner;
        this.colour = colour;
        this.beforeWrite = beforeWrite;
    }

    /// <summary>The last character forwarded ended a line (or nothing was written yet).</summary>
    public bool AtLineStart { get; private set; } = true;

    /// <inheritdoc />
    public override Encoding Encoding => inner.Encoding;

    /// <inheritdoc />
    public override void Write(char value)
    {
        beforeWrite(this);
        lock (line)
        {
            if (!colour)
            {
                inner.Write(value);
            }
            else if (value == '\n')
            {
                inner.Write(TerminalStyle.Colour(line.ToString()));
                inner.Write('\n');
                line.Clear();
            }
            else
            {
                line.Append(value);
            }

            AtLineStart = value == '\n';
        }
    }

    /// <inheritdoc />
    public override void Write(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return;
        }

        if (!colour)
        {
            beforeWrite(this);
            lock (line)
            {
                inner.Write(value);
                AtLineStart = value[^1] == '\n';
            }

            return;
        }

        foreach (var c in value)
        {
            Write(c);
        }
    }

    /// <inheritdoc />
    public override void Write(char[] buffer, int index, int count) => Write(new string(buffer, index, count));

    /// <inheritdoc />
    public override void WriteLine(string? value)
    {
        Write(value);
        Write(CoreNewLine);
    }

    /// <inheritdoc />
    public override void Flush()
    {
        lock (line)
        {
            if (line.Length > 0)
            {
                inner.Write(line.ToString());
                line.Clear();
            }

            inner.Flush();
        }
    }

    /// <inheritdoc />
    public override Task FlushAsync()
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        Flush();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }
}
