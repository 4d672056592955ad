using System.Runtime.CompilerServices;
using Xunit;

namespace Palisade.TestSupport;

/// <summary>
/// Golden-file checks, the one helper of every test project. On mismatch writes <c>&lt;file&gt;.actual</c> beside the
/// golden file and fails. Rewrites the golden file only when PALISADE_UPDATE_GOLDEN=1 and never under CI=true. A
/// missing golden file fails. Line endings are compared as LF.
/// </summary>
public static class Golden
{
    /// <summary>The repository root (the folder holding Palisade.slnx).</summary>
    public static string RepoRoot { get; } = FindRoot();

    /// <summary>The shared folder beside the repository (conformance cases, seed).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary>Path of a file under tests/scenarios.</summary>
    public static string Scenario(params string[] parts) => Path.Combine([RepoRoot, "tests", "scenarios", .. parts]);

    /// <summary>Compares <paramref name="actual"/> with the golden file (an absolute path, or one relative to the repository root).</summary>
    public static void Check(string goldenPath, string actual)
    {
        var path = Path.IsPathRooted(goldenPath) ? goldenPath : Path.Combine(RepoRoot, goldenPath);
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var update = Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1"
            && Environment.GetEnvironmentVariable("CI") != "true";
        if (update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        if (!File.Exists(path))
        {
            File.WriteAllText(path + ".actual", actual);
            Assert.Fail($"golden file {path} is missing; the output was written to {path}.actual (set PALISADE_UPDATE_GOLDEN=1 to accept it)");
        }

        var expected = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        if (expected != actual)
        {
            File.WriteAllText(path + ".actual", actual);
            Assert.Fail($"output differs from {path}; see {path}.actual (diff them; set PALISADE_UPDATE_GOLDEN=1 to accept)");
        }

        if (File.Exists(path + ".actual"))
        {
            File.Delete(path + ".actual");
        }
    }

    private static string FindRoot([CallerFilePath] string here = "")
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(here) ?? "." })
        {
            var dir = new DirectoryInfo(start);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Palisade.slnx")))
            {
                dir = dir.Parent;
            }

            if (dir is not null)
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (Palisade.slnx)");
    }
}
