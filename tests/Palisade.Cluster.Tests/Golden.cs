namespace Palisade.Live.Tests;

/// <summary>
/// A tiny golden-file check (this project has no shared helper yet): compares, writes FILE.actual on mismatch,
/// rewrites the golden file only when PALISADE_UPDATE_GOLDEN=1 and never under CI=true. A missing file fails.
/// </summary>
internal static class Golden
{
    public static void Check(string goldenPath, string actual)
    {
        actual = actual.Replace("\r\n", "\n", StringComparison.Ordinal);
        var update = Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1"
            && Environment.GetEnvironmentVariable("CI") != "true";
        if (update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(goldenPath)!);
            File.WriteAllText(goldenPath, actual);
            return;
        }

        var expected = File.Exists(goldenPath) ? File.ReadAllText(goldenPath).Replace("\r\n", "\n", StringComparison.Ordinal) : null;
        if (expected == actual)
        {
            if (File.Exists(goldenPath + ".actual"))
            {
                File.Delete(goldenPath + ".actual");
            }

            return;
        }

        File.WriteAllText(goldenPath + ".actual", actual);
        Assert.Fail(expected is null
            ? $"golden file {goldenPath} is missing; the output is in {goldenPath}.actual (PALISADE_UPDATE_GOLDEN=1 writes it)"
            : $"output differs from {goldenPath}; see {goldenPath}.actual (PALISADE_UPDATE_GOLDEN=1 accepts it)");
    }
}
