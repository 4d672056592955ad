namespace Palisade.Tests.Cli;

/// <summary>
/// A test that needs an external program (chromium, dot). Skipped with the reason on a developer machine that lacks
/// it; under CI=true never skipped, so a missing program fails the test.
/// </summary>
public sealed class ToolFactAttribute : FactAttribute
{
    /// <summary>Gates the test on <paramref name="program"/> being on PATH.</summary>
    public ToolFactAttribute(string program)
    {
        if (Tools.Find(program) is null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"'{program}' is not installed on this machine (bash .ci/report-packages.sh installs it; under CI=true this test fails instead)";
        }
    }
}

/// <summary>Finds programs on PATH.</summary>
public static class Tools
{
    /// <summary>The full path of a program on PATH, or null.</summary>
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
