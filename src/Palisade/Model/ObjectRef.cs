namespace Palisade.Model;

/// <summary>A namespaced object's identity, written "namespace/name".</summary>
public readonly record struct ObjectRef(string Namespace, string Name) : IComparable<ObjectRef>
{
    /// <inheritdoc />
    public int CompareTo(ObjectRef other)
    {
        var c = string.CompareOrdinal(Namespace, other.Namespace);
        return c != 0 ? c : string.CompareOrdinal(Name, other.Name);
    }

    /// <summary>Parses "namespace/name"; a bare name is not accepted.</summary>
    public static bool TryParse(string? text, out ObjectRef reference)
    {
        reference = default;
        if (text is null)
        {
            return false;
        }

        var parts = text.Split('/');
        if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return false;
        }

        reference = new ObjectRef(parts[0], parts[1]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Namespace}/{Name}";
}
