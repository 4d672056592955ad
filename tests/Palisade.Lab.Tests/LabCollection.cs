namespace Palisade.Lab.Tests;

/// <summary>Lab tests share the machine's lab namespaces: they run one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "lab";
}
