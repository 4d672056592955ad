using System.Text;

namespace Palisade.Cli;

/// <summary>
/// Writes output files atomically: a temp file in the same folder, then a rename, so a reader never sees a partial
/// file. Symbolic links are followed (the link stays a link); device files such as /dev/stdout are written directly,
/// never replaced; a folder or an unwritable path is a user error, not a crash.
/// </summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> against a temp file and moves it over <paramref name="path"/> on success.</summary>
    public static void Write(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full))
        {
            throw new UserInputException("PAL134", $"cannot write '{path}': it is a folder", "name a file inside it");
        }

        if (File.Exists(full) && new FileInfo(full).ResolveLinkTarget(returnFinalTarget: true) is { } target)
        {
            full = target.FullName;
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
                throw new UserInputException("PAL134", $"cannot write '{path}': the folder '{dir}' does not exist", "create the folder first");
            }

            var temp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
            try
            {
                using (var writer = new StreamWriter(temp, append: false, new UTF8Encoding(false)))
                {
                    write(writer);
                }

                File.Move(temp, full, overwrite: true);
            }
            finally
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException("PAL134", $"cannot write '{path}': {e.Message}", "check the path, its permissions and the free space");
        }
    }

    /// <summary>True for an existing path that is not a regular file (a device, a FIFO, a socket).</summary>
    private static bool IsSpecial(string full)
    {
        if (!File.Exists(full))
        {
            return false;
        }

        var attributes = File.GetAttributes(full);
        return (attributes & FileAttributes.Device) != 0
            || full.StartsWith("/dev/", StringComparison.Ordinal)
            || full.StartsWith("/proc/", StringComparison.Ordinal);
    }
}
