namespace Palisade.Tests;

/// <summary>
/// Compares output with a golden file. On a mismatch it writes <c>&lt;file&gt;.actual</c> beside it; it rewrites the
/// golden file only when PALISADE_UPDATE_GOLDEN=1 and never under CI=true. A missing golden file fails.
/// </summary>
internal static class Golden
{
    public static void Check(string goldenPath, string actual)
    {
        actual = actual.ReplaceLineEndings("\n");
        var actualPath = goldenPath + ".actual";
        var ci = Environment.GetEnvironmentVariable("CI") == "true";
        var update = Environment.GetEnvironmentVariable("PALISADE_UPDATE_GOLDEN") == "1" && !ci;
        if (update)
        {
            File.WriteAllText(goldenPath, actual);
        }

        if (!File.Exists(goldenPath))
        {
            File.WriteAllText(actualPath, actual);
            Assert.Fail($"golden file {goldenPath} is missing; the output is in {actualPath} (PALISADE_UPDATE_GOLDEN=1 writes it)");
        }

        var expected = File.ReadAllText(goldenPath).ReplaceLineEndings("\n");
        if (expected == actual)
        {
            if (File.Exists(actualPath))
            {
                File.Delete(actualPath);
            }

            return;
        }

        File.WriteAllText(actualPath, actual);
        Assert.Equal(expected, actual);
    }
}
