using System.Text;

namespace Palisade.Cli;

/// <summary>Writes output files atomically: a temp file in the same folder, then a rename; never a partial file.</summary>
public static class AtomicFile
{
    /// <summary>Runs <paramref name="write"/> against a temp file and moves it over <paramref name="path"/> on success.</summary>
    public static void Write(string path, Action<TextWriter> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir))
        {
            throw new UserInputException("PAL134", $"cannot write '{path}': the folder '{dir}' does not exist");
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
}
