using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>An object of a kind Palisade does not read (ConfigMap, Route, a Calico policy, ...), left out.</summary>
/// <param name="Kind">Its kind.</param>
/// <param name="Name">Its metadata.name, or empty.</param>
/// <param name="Location">Where it starts.</param>
public sealed record SkippedObject(string Kind, string Name, SourceLocation Location)
{
    /// <summary>True for a kind that changes connectivity (<see cref="UnevaluatedKinds"/>); the loader has warned about it.</summary>
    public bool ChangesConnectivity { get; init; }
}
