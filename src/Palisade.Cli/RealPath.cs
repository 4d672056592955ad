namespace Palisade.Cli;

/// <summary>
/// A path with every symbolic link resolved, component by component, as realpath(3) does, but also for a path whose
/// last components do not exist yet (an output file). Bounded: more than 40 links (a loop) stops resolution there.
/// </summary>
internal static class RealPath
{
    private const int MaxLinks = 40;

    /// <summary>The resolved form of a full path.</summary>
    public static string Of(string full)
    {
        var root = Path.GetPathRoot(full) ?? "/";
        var pending = new List<string>(Split(full));
        var current = root;
        var links = 0;
        while (pending.Count > 0)
        {
            var part = pending[0];
            pending.RemoveAt(0);
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            var next = Path.Combine(current, part);
            var target = LinkTarget(next);
            if (target is null || ++links > MaxLinks)
            {
                current = next;
                continue;
            }

            if (Path.IsPathRooted(target))
            {
                current = Path.GetPathRoot(target) ?? root;
            }

            pending.InsertRange(0, Split(target));
        }

        return current;
    }

    private static string[] Split(string path) =>
        path[(Path.GetPathRoot(path)?.Length ?? 0)..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
