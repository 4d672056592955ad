using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using Palisade.Diagnostics;
using Palisade.Reports.Escaping;

namespace Palisade.Cli;

/// <summary>
/// Writes output files atomically and safely as root (docs/architecture.md, Errors). The content goes to a temp file
/// with an unpredictable name in the target's folder, created exclusively (O_CREAT|O_EXCL: a planted symlink or file
/// of that name makes the create fail, it is never followed), with the replaced file's permission bits; a rename then
/// replaces the target, so a reader never sees a partial file. A target that is a symbolic link is replaced by the new
/// file (the link's target is never written through). A target that is one of the run's inputs is refused (PAL165).
/// Device paths such as /dev/stdout are written directly. The temp file is removed on any failure and on
/// SIGINT/SIGTERM.
/// </summary>
public static class AtomicFile
{
    /// <summary>
    /// Test hook: when this environment variable holds a number of milliseconds, the write pauses that long with the
    /// temp file open and partly written, so a test can signal the process mid-write.
    /// </summary>
    public const string PauseVariable = "PALISADE_TEST_WRITE_PAUSE_MS";

    private const UnixFileMode OwnerReadWrite = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode ReadWriteAll = OwnerReadWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite;

    /// <summary>Temp files being written now; the signal handler removes them. Guarded by itself.</summary>
    private static readonly HashSet<string> Pending = new(StringComparer.Ordinal);

    private static readonly Lazy<PosixSignalRegistration[]> SignalHandlers = new(RegisterSignals);

    private static bool terminating;

    /// <summary>
    /// Runs <paramref name="write"/> against a temp file and moves it over <paramref name="path"/> on success, after
    /// checking that <paramref name="path"/> is none of the inputs <paramref name="ctx"/> has read.
    /// </summary>
    public static void Write(CliContext ctx, string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        var full = Path.GetFullPath(path, ctx.WorkingDirectory);
        var shown = TerminalText.Escape(path);
        if (Directory.Exists(full))
        {
            throw new UserInputException(DiagnosticCatalog.OutputNotWritable, $"cannot write '{shown}': it is a folder", "name a file inside it");
        }

        if (ctx.InputContaining(full) is { } input)
        {
            throw new UserInputException(DiagnosticCatalog.OutputIsInput, $"cannot write '{shown}': it is the input '{TerminalText.Escape(input)}' of this run",
                "write the output to another path; Palisade never replaces the files it reads");
        }

        try
        {
            if (IsSpecial(full))
            {
                using var direct = new StreamWriter(new FileStream(full, FileMode.Open, FileAccess.Write), new UTF8Encoding(false));
                write(direct);
                return;
            }

            var dir = Path.GetDirectoryName(full)!;
            if (!Directory.Exists(dir))
            {
                throw new UserInputException(DiagnosticCatalog.OutputNotWritable, $"cannot write '{shown}': the folder '{TerminalText.Escape(dir)}' does not exist", "create the folder first");
            }

            WriteReplacing(full, dir, write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException(DiagnosticCatalog.OutputNotWritable, $"cannot write '{shown}': {TerminalText.Escape(e.Message)}", "check the path, its permissions and the free space");
        }
    }

    private static void WriteReplacing(string full, string dir, Action<TextWriter> write)
    {
        _ = SignalHandlers.Value;

        // A regular file keeps its permission bits; a new file (or a replaced symlink) gets the usual 0666 less umask.
        UnixFileMode? keep = !OperatingSystem.IsWindows() && IsRegularFile(full) ? File.GetUnixFileMode(full) : null;
        var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{RandomNumberGenerator.GetHexString(16, lowercase: true)}.tmp");
        lock (Pending)
        {
            if (terminating)
            {
                throw new IOException("the process is being stopped");
            }

            Pending.Add(temp);
        }

        try
        {
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
            };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = keep is null ? ReadWriteAll : OwnerReadWrite;
            }


            using (var stream = new FileStream(temp, options))
            {
                if (keep is { } mode && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(stream.SafeFileHandle, mode);
                }

                using var writer = new StreamWriter(stream, new UTF8Encoding(false));
                write(writer);
                PauseForTests(writer);
            }

            lock (Pending)
            {
                if (terminating)
                {
                    throw new IOException("the process is being stopped");
                }

                // rename(2): replaces the target, or a symbolic link at the target, without following it.
                File.Move(temp, full, overwrite: true);
                Pending.Remove(temp);
            }
        }
        finally
        {
            lock (Pending)
            {
                if (Pending.Remove(temp))
                {
                    TryDelete(temp);
                }
            }
        }
    }

    /// <summary>True for a regular file that is not a symbolic link.</summary>
    private static bool IsRegularFile(string full)
    {
        var info = new FileInfo(full);
        return info.Exists && info.LinkTarget is null;
    }

    /// <summary>
    /// True for the device paths a user names to mean a stream (/dev/stdout, /dev/null, /dev/fd/N, /proc/self/fd/N):
    /// written in place. Only the path as given counts: a link elsewhere that points at a device is replaced, never
    /// written through.
    /// </summary>
    private static bool IsSpecial(string full) =>
        (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal)) && File.Exists(full);

    private static void PauseForTests(StreamWriter writer)
    {
        if (Environment.GetEnvironmentVariable(PauseVariable) is { } text
            && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            writer.Flush();
            Thread.Sleep(Math.Min(ms, 60_000));
        }
    }

    private static PosixSignalRegistration[] RegisterSignals()
    {
        if (OperatingSystem.IsWindows())
        {
            return [];
        }

        // Not cancelled: after the temp files are gone the runtime's default handling stops the process.
        return [PosixSignalRegistration.Create(PosixSignal.SIGINT, RemovePending), PosixSignalRegistration.Create(PosixSignal.SIGTERM, RemovePending)];
    }

    private static void RemovePending(PosixSignalContext context)
    {
        lock (Pending)
        {
            terminating = true;
            foreach (var temp in Pending)
            {
                TryDelete(temp);
            }

            Pending.Clear();
        }
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the name is unpredictable and the content is our own output, never an input.
        }
    }
}
