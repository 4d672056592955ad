using Palisade.Model;

namespace Palisade.Engine.Classes;

/// <summary>
/// An equivalence class of pods that no selector, named port or ipBlock of the snapshot can tell apart: every
/// connection verdict of one member equals that of any other member (except a pod with itself, always allowed).
/// </summary>
internal sealed class PodClass
{
    internal PodClass(int id, IReadOnlyList<Pod> pods)
    {
        Id = id;
        Pods = pods;
    }

    /// <summary>Dense index of the class, 0-based, in first-seen order over the snapshot's sorted pods.</summary>
    public int Id { get; }

    /// <summary>The pods the class stands for, in snapshot order; never empty.</summary>
    public IReadOnlyList<Pod> Pods { get; }

    /// <summary>The first pod, used wherever one pod is evaluated for the class.</summary>
    public Pod Representative => Pods[0];

    /// <summary>
    /// The namespace of the first member. Members of namespaces that no policy tells apart may share a class, so
    /// reports name every member as "namespace/name".
    /// </summary>
    public string Namespace => Representative.Namespace;

    /// <inheritdoc />
    public override string ToString() => $"class {Id} ({Pods.Count} pods, first {Representative.Ref})";
}
