using Palisade.Model;

namespace Palisade.Manifests;

/// <summary>
/// Tells where a field of one Kubernetes object was written, so conversions can locate their diagnostics.
/// Field paths are dotted with list indices, relative to the object: <c>spec.ingress[0].from[1].ipBlock.cidr</c>;
/// the empty path is the object itself.
/// </summary>
public interface ISourceLocator
{
    /// <summary>Where the field's value starts, or the nearest enclosing field that exists.</summary>
    SourceLocation Locate(string fieldPath);

    /// <summary>The text of a comment line written just above the field, without the <c>#</c>, or null.</summary>
    string? CommentAbove(string fieldPath);
}

/// <summary>A locator that puts every field at one place (objects read from a live cluster have no lines).</summary>
/// <param name="Location">The location of the whole object.</param>
public sealed record FixedSourceLocator(SourceLocation Location) : ISourceLocator
{
    /// <inheritdoc />
    public SourceLocation Locate(string fieldPath) => Location;

    /// <inheritdoc />
    public string? CommentAbove(string fieldPath) => null;
}
