using System.Globalization;

namespace Palisade.Lab.Processes;

/// <summary>
/// What /proc says about a pid: alive, and since when. The start time guards against signalling a recycled pid;
/// a zombie counts as gone (PID 1 may reap orphans late).
/// </summary>
internal static class ProcStat
{
    /// <summary>The process start time in clock ticks since boot, or null when there is no live process with this pid.</summary>
    public static long? StartTime(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // Fields after the command name, which is in parentheses and may contain spaces.
        var close = text.LastIndexOf(')');
        var fields = text[(close + 2)..].Split(' ');
        if (fields.Length < 20 || fields[0] is "Z" or "X")
        {
            return null;
        }

        return long.Parse(fields[19], CultureInfo.InvariantCulture);
    }

    /// <summary>True when the pid is alive and is still the process that started at <paramref name="startTime"/>.</summary>
    public static bool IsSame(int pid, long startTime) => StartTime(pid) == startTime;
}
