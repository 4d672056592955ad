namespace Palisade.Model;

/// <summary>A namespace. Its labels always include <c>kubernetes.io/metadata.name</c>.</summary>
/// <param name="Name">The namespace name.</param>
/// <param name="Labels">Labels, including the immutable name label.</param>
/// <param name="Declared">False when no Namespace object declared it and objects only referenced it.</param>
public sealed record Namespace(string Name, Labels Labels, bool Declared)
{
    /// <summary>The label the API server sets on every namespace.</summary>
    public const string NameLabel = "kubernetes.io/metadata.name";

    /// <summary>Where it was declared.</summary>
    public SourceLocation Location { get; init; } = SourceLocation.None;

    /// <summary>Creates a namespace and adds the immutable name label.</summary>
    public static Namespace Create(string name, Labels? labels, bool declared) =>
        new(name, (labels ?? Labels.Empty).With(NameLabel, name), declared);
}
