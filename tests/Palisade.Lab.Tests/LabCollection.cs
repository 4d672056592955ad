namespace Palisade.Lab.Tests;

/// <summary>
/// Lab tests share the machine's lab namespaces (their names are fixed): they run one at a time, with one state
/// folder, so that each test's first step (taking down what the folder records) also removes a lab an earlier,
/// failed test left up.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "lab";

    /// <summary>The lab state folder of every test in the collection.</summary>
    public static string StateDir { get; } = Path.Combine(Path.GetTempPath(), "palisade-lab-test");
}
