using System.Runtime.CompilerServices;

namespace Palisade.Lab.Tests;

/// <summary>This project's scenario folders (<c>tests/Palisade.Lab.Tests/scenarios/NAME</c>), checked with the shared <see cref="Golden"/> helper.</summary>
internal static class Scenarios
{
    /// <summary>The folder of a scenario.</summary>
    public static string Dir(string name) => Path.Combine(ProjectDir(), "scenarios", name);

    /// <summary>A file of a scenario folder.</summary>
    public static string File(string name, string file) => Path.Combine(Dir(name), file);

    private static string ProjectDir([CallerFilePath] string here = "") => Path.GetDirectoryName(here)!;
}
