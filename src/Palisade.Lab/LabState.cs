using System.Text.Json;
using Palisade.Diagnostics;

namespace Palisade.Lab;

/// <summary>A process the lab started: its pid, its start time (to refuse signalling a recycled pid) and how to stop it.</summary>
public sealed record LabProcess(string Name, int Pid, long StartTime, int StopSignal);

/// <summary>A pod of a running lab as recorded for other commands: reference, namespace, address.</summary>
public sealed record LabPodRecord(string Pod, string Netns, string Address);

/// <summary>
/// The lab's state file: everything <see cref="RunningLab.DownAsync"/> needs to remove what the lab created, even after the
/// lab process died. Written before each resource is created, so a crash leaves a superset, never less.
/// </summary>
public sealed record LabState
{
    /// <summary>The default state directory.</summary>
    public const string DefaultDir = "/run/palisade-lab";

    /// <summary>The state file's name inside the state directory.</summary>
    public const string FileName = "lab.json";

    /// <summary>The process that owns the lab (the supervisor), with its start time.</summary>
    public int OwnerPid { get; init; }

    /// <summary>The owner's start time in clock ticks.</summary>
    public long OwnerStartTime { get; init; }

    /// <summary>Deny mode.</summary>
    public DenyMode DenyMode { get; init; }

    /// <summary>Input the lab was built from, for other commands to reload (the CLI's directory argument).</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Network namespaces created (or about to be).</summary>
    public IReadOnlyList<string> Namespaces { get; init; } = [];

    /// <summary>Processes started.</summary>
    public IReadOnlyList<LabProcess> Processes { get; init; } = [];

    /// <summary>Pods with their namespaces and addresses.</summary>
    public IReadOnlyList<LabPodRecord> Pods { get; init; } = [];

    /// <summary>True once everything is up.</summary>
    public bool Ready { get; init; }

    /// <summary>The state file path in a directory.</summary>
    public static string PathIn(string stateDir) => Path.Combine(stateDir, FileName);

    /// <summary>Reads the state file, or null when there is none.</summary>
    public static LabState? Read(string stateDir)
    {
        var path = PathIn(stateDir);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), LabStateJsonContext.Default.LabState);
        }
        catch (JsonException e)
        {
            throw new PalisadeException(DiagnosticCatalog.LabStateDamaged, $"the lab state file {path} is damaged: {e.Message}",
                $"remove lab namespaces with 'ip netns list | grep ^pal-' and delete {path}");
        }
    }

    /// <summary>Writes the state file atomically (temporary file, then rename).</summary>
    public void Write(string stateDir) => Write(stateDir, null);

    /// <summary>Writes the state to <paramref name="target"/> (default: the state file), through a temporary file and a rename.</summary>
    internal void Write(string stateDir, string? target)
    {
        Directory.CreateDirectory(stateDir);
        var path = target ?? PathIn(stateDir);
        var tmp = path + ".tmp";
        File.WriteAllText(tmp, JsonSerializer.Serialize(this, LabStateJsonContext.Default.LabState));
        File.Move(tmp, path, overwrite: true);
    }
}
