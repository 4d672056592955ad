namespace Palisade.Cluster.Tests.Fake;

/// <summary>
/// A test that runs kubectl. Skipped with the reason on a machine without kubectl on PATH; under CI=true never
/// skipped, so a missing kubectl fails the test.
/// </summary>
public sealed class KubectlFactAttribute : FactAttribute
{
    /// <summary>Gates the test on kubectl being installed.</summary>
    public KubectlFactAttribute()
    {
        if (Path == null && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = "kubectl is not installed on this machine (under CI=true this test fails instead)";
        }
    }

    /// <summary>The full path of kubectl, or null.</summary>
    public static string? Path { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, "kubectl")).FirstOrDefault(File.Exists);
}
