using System.Runtime.CompilerServices;

namespace Palisade.Lab.Tests;

/// <summary>
/// Golden-file helper (this test project's own; the core tests had none yet): compares text with a file in a scenario
/// folder, writes FILE.actual on mismatch, rewrites the golden file only when PALISADE_UPDATE_GOLDEN=1 and never under CI=true.
/// </summary>
internal static class Golden
{
    public static string ScenarioDir(string name) => Path.Combine(ProjectDir(), "scenarios", name);

    private static string ProjectDir([CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;

    public static void Check(string scenario, string file, string actual)
    {
        var dir = ScenarioDir(scenario);
        var path = Path.Combine(dir, file);
        var ci = Environment.GetEnvironmentVariable("CI") == "true";
        var update = Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1" && !ci;
        if (update)
        {
            Directory.CreateDirectory(dir);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing (run with PALISADE_UPDATE_GOLDEN=1 to create it)");
        var expected = File.ReadAllText(path);
        if (expected != actual)
        {
            File.WriteAllText(path + ".actual", actual);
            Assert.Fail($"{path} differs from the output; see {path}.actual");
        }
    }
}
